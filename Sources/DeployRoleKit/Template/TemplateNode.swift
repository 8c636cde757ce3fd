import OrderedCollections

/// A node of a decoded template document, with the position it was read from.
///
/// YAML short-form tags (`!Ref X`, `!Sub ...`, `!GetAtt A.B`) are normalised to their long form
/// (`{"Ref": "X"}`), so the rest of the code sees one shape for JSON and YAML.
public struct TemplateNode: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        case string(String)
        /// A number kept as written, so that output never reformats it.
        case number(String)
        case bool(Bool)
        case null
        case list([TemplateNode])
        case map(OrderedDictionary<String, TemplateNode>)
    }

    public var kind: Kind
    public var location: SourceLocation?

    public init(_ kind: Kind, location: SourceLocation? = nil) {
        self.kind = kind
        self.location = location
    }

    /// The string content of a string, number or boolean scalar.
    public var scalarText: String? {
        switch kind {
        case .string(let text), .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    public var stringValue: String? {
        if case .string(let text) = kind { return text }
        return nil
    }

    public var mapValue: OrderedDictionary<String, TemplateNode>? {
        if case .map(let map) = kind { return map }
        return nil
    }

    public var listValue: [TemplateNode]? {
        if case .list(let list) = kind { return list }
        return nil
    }

    /// The intrinsic function this node calls, when it is a one-key map whose key is `Ref`, `Condition` or `Fn::*`.
    public var intrinsicCall: (name: String, argument: TemplateNode)? {
        guard case .map(let map) = kind, map.count == 1, let (key, argument) = map.elements.first,
              key == "Ref" || key == "Condition" || key.hasPrefix("Fn::") else { return nil }
        return (key, argument)
    }

    public subscript(key: String) -> TemplateNode? {
        mapValue?[key]
    }
}
