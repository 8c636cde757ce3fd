import Foundation
import OrderedCollections
import Yams

/// Decodes a CloudFormation template (YAML with short-form tags, or JSON) into `TemplateNode`s that keep
/// line and column.
///
/// Aliases are expanded under a node budget, so that an alias bomb fails with a clear error instead of
/// exhausting memory.
public struct TemplateDecoder: Sendable {
    /// The most nodes a decoded document may expand to (aliases count each time they are used).
    public var nodeBudget: Int

    public init(nodeBudget: Int = 2_000_000) {
        self.nodeBudget = nodeBudget
    }

    /// Reads and decodes a file. A duplicate key is an error.
    public func decode(fileAt path: String) throws -> TemplateNode {
        try decode(text: Self.read(path), file: path)
    }

    /// Decodes template text; `file` names the source in locations and errors. A duplicate key is an error.
    public func decode(text: String, file: String) throws -> TemplateNode {
        let root = try Self.compose(Self.yamlSource(text), file: file)
        var remaining = nodeBudget
        return try convert(root, file: file, budget: &remaining)
    }

    /// A decoded template and the duplicate keys read as CloudFormation reads them.
    public struct Document: Sendable {
        public var root: TemplateNode
        /// The earlier occurrences of repeated keys, left out (the last occurrence counts).
        public var ignoredDuplicateKeys: [IgnoredDuplicateKey]
    }

    /// Reads and decodes a template file as CloudFormation reads it: of a key a mapping repeats, the last
    /// occurrence counts, and each earlier one is reported.
    public func decodeTemplate(fileAt path: String) throws -> Document {
        try decodeTemplate(text: Self.read(path), file: path)
    }

    /// Decodes template text as ``decodeTemplate(fileAt:)`` does.
    public func decodeTemplate(text: String, file: String) throws -> Document {
        var renaming = DuplicateKeyRenaming(text: Self.yamlSource(text), file: file)
        while true {
            do {
                let root = try Self.compose(renaming.text, file: file, throwingDuplicates: true)
                var remaining = nodeBudget
                let node = try convert(root, file: file, budget: &remaining)
                return Document(root: renaming.renamedKeys.isEmpty ? node : Self.removing(renaming.renamedKeys, from: node),
                                ignoredDuplicateKeys: renaming.ignored)
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                guard let key = duplicates.first, renaming.rename(key: key, line: context.mark.line, column: context.mark.column) else {
                    throw Self.describe(.duplicatedKeysInMapping(duplicates: duplicates, context: context), file: file)
                }
            }
        }
    }

    private static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DeployRoleError(.io, "cannot read file", file: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DeployRoleError(.malformedDocument, "file is not UTF-8 text", file: path)
        }
        return text
    }

    /// JSON allows tabs as whitespace where YAML's block context does not. Outside strings a tab in
    /// JSON is only whitespace, and inside strings JSON forbids a raw tab, so spaces are equivalent.
    private static func yamlSource(_ text: String) -> String {
        let looksLikeJSON = text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "{"
        return looksLikeJSON ? text.replacingOccurrences(of: "\t", with: " ") : text
    }

    /// The document's root node; `throwingDuplicates` passes a duplicate-key error on as Yams's.
    private static func compose(_ source: String, file: String, throwingDuplicates: Bool = false) throws -> Node {
        let root: Node?
        do {
            // Plain scalars are classified by `scalarKind` below, far cheaper than Yams's regex resolver.
            root = try Yams.compose(yaml: source, Resolver.basic, .default)
        } catch let error as YamlError {
            if throwingDuplicates, case .duplicatedKeysInMapping = error { throw error }
            throw describe(error, file: file)
        } catch {
            throw DeployRoleError(.malformedDocument, "\(error)", file: file)
        }
        guard let root else {
            throw DeployRoleError(.malformedDocument, "the document is empty", file: file)
        }
        return root
    }

    /// The node without the mapping entries whose keys are `keys`, at any depth.
    private static func removing(_ keys: Set<String>, from node: TemplateNode) -> TemplateNode {
        var result = node
        switch node.kind {
        case .map(let map):
            var kept = OrderedDictionary<String, TemplateNode>()
            for (key, value) in map where !keys.contains(key) { kept[key] = removing(keys, from: value) }
            result.kind = .map(kept)
        case .list(let items):
            result.kind = .list(items.map { removing(keys, from: $0) })
        default:
            break
        }
        return result
    }

    private func convert(_ node: Node, file: String, budget: inout Int) throws -> TemplateNode {
        budget -= 1
        let location = node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
        if budget < 0 {
            throw DeployRoleError(.malformedDocument,
                                  "the document expands to more than \(nodeBudget) nodes (YAML alias bomb?)",
                                  location: location)
        }
        let plain = try convertUntagged(node, file: file, budget: &budget, location: location)
        let tag = node.tag.description
        guard tag.hasPrefix("!"), !tag.hasPrefix("!!") else { return plain }
        return try Self.longForm(ofShortTag: String(tag.dropFirst()), argument: plain, location: location)
    }

    private func convertUntagged(_ node: Node, file: String, budget: inout Int,
                                 location: SourceLocation?) throws -> TemplateNode {
        switch node {
        case .scalar(let scalar):
            return TemplateNode(Self.scalarKind(scalar, resolvedTag: node.tag), location: location)
        case .sequence(let sequence):
            var items: [TemplateNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try convert(item, file: file, budget: &budget)) }
            return TemplateNode(.list(items), location: location)
        case .mapping(let mapping):
            var map = OrderedDictionary<String, TemplateNode>()
            map.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    let keyLocation = key.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
                    throw DeployRoleError(.malformedDocument, "a mapping key must be a scalar", location: keyLocation)
                }
                var converted = try convert(value, file: file, budget: &budget)
                // A mapping or list value is where its key is (the `LogicalId:` line, as editors and
                // cfn-lint show it), not where its first entry starts.
                let isShortForm = value.tag.description.hasPrefix("!") && !value.tag.description.hasPrefix("!!")
                switch converted.kind {
                case .map where !isShortForm, .list where !isShortForm:
                    if let mark = key.mark { converted.location = SourceLocation(file: file, line: mark.line, column: mark.column) }
                default:
                    break
                }
                map[name] = converted
            }
            return TemplateNode(.map(map), location: location)
        case .alias:
            throw DeployRoleError(.malformedDocument, "unresolved YAML alias", location: location)
        }
    }

    /// The kind of a scalar: quoted scalars are strings; plain ones are null, booleans, numbers (YAML 1.2
    /// core schema, as CloudFormation reads them) or strings.
    static func scalarKind(_ scalar: Node.Scalar, resolvedTag: Tag) -> TemplateNode.Kind {
        let text = scalar.string
        guard scalar.style == .plain, resolvedTag.description == Tag.Name.str.rawValue else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: return isNumber(text) ? .number(text) : .string(text)
        }
    }

    /// `[-+]?(digits)(.digits)?([eE][-+]?digits)?`, `.5`, hexadecimal and octal integers.
    static func isNumber(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        if bytes.starts(with: "0x".utf8) || bytes.starts(with: "0o".utf8) {
            let digits = bytes.dropFirst(2)
            return !digits.isEmpty && digits.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) }
        }
        let isDigit = { (byte: UInt8) in byte >= 48 && byte <= 57 }
        let integer = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(integer.count)
        var fraction = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix(while: isDigit).count
            bytes = bytes.dropFirst(fraction)
        }
        guard integer.count + fraction > 0 else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: isDigit).count
            guard exponent > 0 else { return false }
            bytes = bytes.dropFirst(exponent)
        }
        return bytes.isEmpty
    }

    /// The long form of a short-form tag: `!GetAtt A.B` becomes `{"Fn::GetAtt": ["A", "B"]}`.
    static func longForm(ofShortTag tag: String, argument: TemplateNode,
                         location: SourceLocation?) throws -> TemplateNode {
        let name: String
        switch tag {
        case "Ref", "Condition": name = tag
        default: name = "Fn::" + tag
        }
        var value = argument
        if tag == "GetAtt", let dotted = argument.stringValue {
            guard let dot = dotted.firstIndex(of: ".") else {
                throw DeployRoleError(.invalidTemplate,
                                      "!GetAtt \(dotted) must be of the form LogicalId.Attribute", location: location)
            }
            value = TemplateNode(.list([
                TemplateNode(.string(String(dotted[..<dot])), location: location),
                TemplateNode(.string(String(dotted[dotted.index(after: dot)...])), location: location),
            ]), location: location)
        }
        return TemplateNode(.map([name: value]), location: location)
    }

    private static func describe(_ error: YamlError, file: String) -> DeployRoleError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return DeployRoleError(.malformedDocument, problem,
                                   location: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .composer(_, let problem, let mark, _):
            return DeployRoleError(.malformedDocument, problem,
                                   location: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return DeployRoleError(.malformedDocument,
                                   "duplicate mapping key(s): \(duplicates.sorted().joined(separator: ", "))",
                                   location: SourceLocation(file: file, line: context.mark.line,
                                                            column: context.mark.column))
        default:
            return DeployRoleError(.malformedDocument, "\(error)", file: file)
        }
    }
}
