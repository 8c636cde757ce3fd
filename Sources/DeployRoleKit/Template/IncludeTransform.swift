import OrderedCollections

/// The `AWS::Include` transform, expanded offline: each snippet the template includes, read from under the
/// template roots (a local path beside the template, or the key of an S3 URL, found as nested templates
/// are; never a file outside the roots).
///
/// Per the AWS documentation: `Fn::Transform: {Name: AWS::Include, Parameters: {Location: <url>}}` anywhere
/// in the template is replaced by the snippet; in the top-level `Transform` section, the snippet's sections
/// are merged into the template's. A location known only at deployment, or a snippet that is not under the
/// roots, stays a macro (reported, or a gap with `--allow-unexpanded-macros`).
struct IncludeTransform {
    static let transformName = "AWS::Include"

    /// Resolves a `Location` (parameters, pseudo parameters, `Fn::Sub`).
    let location: (TemplateNode) throws -> Value?
    /// Finds snippets under the template roots, as nested templates.
    var locator: NestedTemplateLocator
    let decoder: TemplateDecoder
    /// The template that includes the snippets (relative locations are read beside it).
    let file: String
    /// The snippets included, by location as the template gives it.
    private(set) var included: [IncludedSnippet] = []
    /// Snippets of the top-level `Transform` section that could not be read (not under the roots, or a
    /// location known only at deployment).
    private(set) var unread: [IncludedSnippet] = []

    init(file: String, locator: NestedTemplateLocator, decoder: TemplateDecoder,
         location: @escaping (TemplateNode) throws -> Value?) {
        self.file = file
        self.locator = locator
        self.decoder = decoder
        self.location = location
    }

    /// The snippet at a location under the roots, decoded; nil when it is not there.
    private mutating func read(_ value: Value, at position: SourceLocation?) throws -> TemplateNode? {
        do {
            let path = try locator.locate(value, parentFile: file, location: position, logicalId: nil)
            return try decoder.decode(fileAt: StackEvaluator.displayPath(path))
        } catch is NestedTemplateLocator.NotFound {
            return nil
        }
    }

    /// The template's root with every snippet it can read included.
    mutating func expand(_ root: TemplateNode) throws -> TemplateNode {
        var expanded = try walk(root, depth: 0)
        guard var top = expanded.mapValue, let transform = top["Transform"] else { return expanded }
        for item in transform.listValue ?? [transform] where item["Name"]?.stringValue == Self.transformName {
            guard let parameters = item["Parameters"] else { continue }
            guard let snippet = try snippet(parameters, at: item.location, depth: 0), let sections = snippet.mapValue else {
                let named = try parameters["Location"].flatMap { try location($0) } ?? .string("")
                unread.append(IncludedSnippet(location: named, at: item.location))
                continue
            }
            for (section, content) in sections {
                if let existing = top[section]?.mapValue, let added = content.mapValue {
                    var merged = existing
                    for (key, value) in added {
                        guard merged[key] == nil else {
                            throw DeployRoleError(.invalidTemplate, "AWS::Include adds \(section) \(key), which the template already has",
                                                  location: value.location)
                        }
                        merged[key] = value
                    }
                    top[section] = TemplateNode(.map(merged), location: top[section]?.location)
                } else if top[section] == nil {
                    top[section] = content
                } else {
                    throw DeployRoleError(.invalidTemplate, "AWS::Include adds section \(section), which the template already has",
                                          location: content.location)
                }
            }
        }
        expanded = TemplateNode(.map(top), location: expanded.location)
        return expanded
    }

    private mutating func walk(_ node: TemplateNode, depth: Int) throws -> TemplateNode {
        switch node.kind {
        case .list(let items):
            return TemplateNode(.list(try items.map { try walk($0, depth: depth) }), location: node.location)
        case .map(let map):
            if map.count == 1, let call = map["Fn::Transform"], call["Name"]?.stringValue == Self.transformName,
               let parameters = call["Parameters"], let snippet = try snippet(parameters, at: node.location, depth: depth) {
                return snippet
            }
            var result: OrderedDictionary<String, TemplateNode> = [:]
            for (key, value) in map { result[key] = try walk(value, depth: depth) }
            return TemplateNode(.map(result), location: node.location)
        default:
            return node
        }
    }

    /// The snippet a `Parameters: {Location: ...}` names, with the snippets it includes itself; nil when
    /// its location is known only at deployment or it is not under the roots.
    private mutating func snippet(_ parameters: TemplateNode, at location: SourceLocation?, depth: Int) throws -> TemplateNode? {
        guard let locationNode = parameters["Location"], let value = try self.location(locationNode),
              value.concreteString != nil else { return nil }
        guard depth < 8 else {
            throw DeployRoleError(.invalidTemplate, "AWS::Include snippets include each other more than 8 levels deep",
                                  location: location)
        }
        guard let snippet = try read(value, at: location) else { return nil }
        included.append(IncludedSnippet(location: value, at: location))
        return try walk(snippet, depth: depth + 1)
    }
}

/// A snippet `AWS::Include` names: its location as the template gives it, and where.
public struct IncludedSnippet: Sendable, Hashable {
    public var location: Value
    public var at: SourceLocation?
}
