import Foundation
import OrderedCollections

/// The `AWS::LanguageExtensions` transform, expanded offline: every `Fn::ForEach::<Loop>` in the template
/// (in `Resources`, `Outputs`, `Conditions`, resource properties, nested loops) replaced by one copy of its
/// output template per element of its collection, as CloudFormation's transform does.
///
/// Per the AWS documentation of `Fn::ForEach`:
/// - a loop is `Fn::ForEach::<Name>: [<Identifier>, <Collection>, {<OutputKey>: <OutputValue>}]`;
/// - in output keys, `${Identifier}` becomes the element and `&{Identifier}` the element without its
///   non-alphanumeric characters;
/// - in output values, `Ref: <Identifier>` becomes the element, and `${Identifier}` (and `&{...}`) in
///   `Fn::Sub` strings; `Ref` and `Fn::GetAtt` may take `Fn::Sub` arguments that name a logical ID.
///
/// The collection is a literal list, or any intrinsic the resolver can evaluate (a `List<...>` or
/// `CommaDelimitedList` parameter, `Fn::FindInMap`, `Fn::Split`). When its value is known only at
/// deployment (a parameter with no value), the loop is expanded once, symbolically: the identifier stands
/// for any element (`*` in logical IDs, so the names built from them become patterns still bound to the
/// stack; an unknown element in values), and ``symbolicLoops`` names the loop.
struct LanguageExtensions {
    static let transformName = "AWS::LanguageExtensions"
    private static let loopPrefix = "Fn::ForEach::"

    /// Evaluates a loop's collection (the template's parameters, mappings and conditions).
    let collection: (TemplateNode) throws -> Value?
    /// Loops expanded symbolically, with the collection they iterate over.
    private(set) var symbolicLoops: [String] = []

    /// What an identifier stands for inside a loop.
    private enum Element {
        case known(String)
        /// Any element of the collection (given as a node, for `Fn::Select`).
        case any(TemplateNode)
    }

    init(collection: @escaping (TemplateNode) throws -> Value?) {
        self.collection = collection
    }

    /// The template's root with every loop expanded.
    mutating func expand(_ root: TemplateNode) throws -> TemplateNode {
        try walk(root, [:])
    }

    private mutating func walk(_ node: TemplateNode, _ elements: [String: Element]) throws -> TemplateNode {
        switch node.kind {
        case .list(let items):
            return TemplateNode(.list(try items.map { try walk($0, elements) }), location: node.location)
        case .map(let map):
            if map.count == 1, let (key, argument) = map.elements.first {
                if key == "Ref", let replaced = try reference(argument, elements) { return replaced.located(node.location) }
                if key == "Fn::Sub" { return try substitution(argument, elements, at: node, asName: false) }
                if key == "Fn::GetAtt", var parts = argument.listValue, let first = parts.first {
                    // The logical ID may be built with Fn::Sub.
                    if let sub = first["Fn::Sub"] {
                        parts[0] = try substitution(sub, elements, at: first, asName: true)
                    } else {
                        parts[0] = try walk(first, elements)
                    }
                    for index in parts.indices.dropFirst() { parts[index] = try walk(parts[index], elements) }
                    return TemplateNode(.map(["Fn::GetAtt": TemplateNode(.list(parts), location: argument.location)]),
                                        location: node.location)
                }
            }
            var result: OrderedDictionary<String, TemplateNode> = [:]
            for (key, value) in map {
                if key.hasPrefix(Self.loopPrefix) {
                    for (outputKey, outputValue) in try loop(String(key.dropFirst(Self.loopPrefix.count)), value, elements) {
                        guard result[outputKey] == nil else {
                            throw DeployRoleError(.invalidTemplate, "\(key) creates \(outputKey), which is already defined",
                                                  location: value.location, logicalId: key)
                        }
                        result[outputKey] = outputValue
                    }
                    continue
                }
                let newKey = Self.replacing(key, elements, inKey: true)
                guard result[newKey] == nil else {
                    throw DeployRoleError(.invalidTemplate, "the loop creates \(newKey) more than once", location: value.location)
                }
                result[newKey] = try walk(value, elements)
            }
            return TemplateNode(.map(result), location: node.location)
        default:
            return node
        }
    }

    /// A loop's output entries, one copy of its output template per element.
    private mutating func loop(_ name: String, _ node: TemplateNode, _ elements: [String: Element]) throws -> [(String, TemplateNode)] {
        guard let parts = node.listValue, parts.count == 3, let identifier = parts[0].stringValue,
              let output = parts[2].mapValue else {
            throw DeployRoleError(.invalidTemplate,
                                  "Fn::ForEach::\(name) takes [identifier, collection, {output key: output value}]",
                                  location: node.location, logicalId: "Fn::ForEach::\(name)")
        }
        let collectionNode = try walk(parts[1], elements)
        let template = TemplateNode(.map(output), location: parts[2].location)
        guard let values = try knownElements(of: collectionNode) else {
            symbolicLoops.append("Fn::ForEach::\(name) iterates over a collection known only at deployment: "
                                 + "its output is expanded once, for any element, with names as patterns")
            return try walk(template, elements.merging([identifier: .any(collectionNode)]) { _, new in new }).mapValue?
                .map { ($0.key, $0.value) } ?? []
        }
        var entries: [(String, TemplateNode)] = []
        for value in values {
            let expanded = try walk(template, elements.merging([identifier: .known(value)]) { _, new in new })
            entries.append(contentsOf: expanded.mapValue?.map { ($0.key, $0.value) } ?? [])
        }
        return entries
    }

    /// The elements of a collection, or nil when they are known only at deployment.
    private func knownElements(of node: TemplateNode) throws -> [String]? {
        if let items = node.listValue, items.allSatisfy({ $0.scalarText != nil }) {
            return items.compactMap(\.scalarText)
        }
        guard let value = try collection(node) else { return nil }
        switch value {
        case .list(let items):
            // A CommaDelimitedList's members are space trimmed.
            let texts = items.compactMap { $0.concreteString?.trimmingCharacters(in: .whitespaces) }
            return texts.count == items.count ? texts : nil
        case .string(let text):
            // A CommaDelimitedList parameter's value.
            return text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        default:
            return nil
        }
    }

    /// `Ref: <Identifier>` → the element; `Ref: {Fn::Sub: ...}` → `Ref` to the logical ID it names.
    private mutating func reference(_ argument: TemplateNode, _ elements: [String: Element]) throws -> TemplateNode? {
        if let name = argument.stringValue {
            switch elements[name] {
            case .known(let value)?: return TemplateNode(.string(value))
            case .any(let collection)?: return Self.anyElement(of: collection)
            case nil: return nil
            }
        }
        guard argument.mapValue != nil else { return nil }
        let resolved: TemplateNode
        if let sub = argument["Fn::Sub"] {
            resolved = try substitution(sub, elements, at: argument, asName: true)
        } else {
            resolved = try walk(argument, elements)
        }
        return TemplateNode(.map(["Ref": resolved]))
    }

    /// `Fn::Sub` with the identifiers replaced; a string left without variables is the plain string. As a
    /// name (the logical ID of `Ref` and `Fn::GetAtt`), an element known only at deployment is `*`, as in
    /// the logical IDs the loop created.
    private mutating func substitution(_ argument: TemplateNode, _ elements: [String: Element], at node: TemplateNode,
                                       asName: Bool) throws -> TemplateNode {
        var text: String
        var variables: OrderedDictionary<String, TemplateNode> = [:]
        if let string = argument.stringValue {
            text = string
        } else if let parts = argument.listValue, parts.count == 2, let string = parts[0].stringValue,
                  let map = parts[1].mapValue {
            text = string
            for (name, value) in map { variables[name] = try walk(value, elements) }
        } else {
            return TemplateNode(.map(["Fn::Sub": try walk(argument, elements)]), location: node.location)
        }
        text = Self.replacing(text, elements, inKey: asName)
        for (identifier, element) in elements {
            guard case .any(let collection) = element, variables[identifier] == nil,
                  text.contains("${\(identifier)}") || text.contains("&{\(identifier)}") else { continue }
            text = text.replacingOccurrences(of: "&{\(identifier)}", with: "${\(identifier)}")
            variables[identifier] = Self.anyElement(of: collection)
        }
        if variables.isEmpty, !text.contains("${") { return TemplateNode(.string(text), location: node.location) }
        let subArgument: TemplateNode = variables.isEmpty ? TemplateNode(.string(text))
            : TemplateNode(.list([TemplateNode(.string(text)), TemplateNode(.map(variables))]))
        return TemplateNode(.map(["Fn::Sub": subArgument]), location: node.location)
    }

    /// `${Identifier}` and `&{Identifier}` replaced by known elements; in a key (a logical ID), an element
    /// known only at deployment is `*`.
    private static func replacing(_ text: String, _ elements: [String: Element], inKey: Bool) -> String {
        guard text.contains("{") else { return text }
        var result = text
        for (identifier, element) in elements {
            switch element {
            case .known(let value):
                result = result.replacingOccurrences(of: "${\(identifier)}", with: value)
                result = result.replacingOccurrences(of: "&{\(identifier)}",
                                                     with: String(value.unicodeScalars.filter { $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) }))
            case .any where inKey:
                result = result.replacingOccurrences(of: "${\(identifier)}", with: "*")
                result = result.replacingOccurrences(of: "&{\(identifier)}", with: "*")
            case .any:
                continue
            }
        }
        return result
    }

    /// Any one element of a collection known only at deployment.
    private static func anyElement(of collection: TemplateNode) -> TemplateNode {
        TemplateNode(.map(["Fn::Select": TemplateNode(.list([TemplateNode(.string("0")), collection]))]))
    }
}

private extension TemplateNode {
    func located(_ location: SourceLocation?) -> TemplateNode {
        var node = self
        if node.location == nil { node.location = location }
        return node
    }
}
