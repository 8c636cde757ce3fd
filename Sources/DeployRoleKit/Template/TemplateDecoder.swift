import Foundation
import OrderedCollections

/// Decodes a CloudFormation template (YAML with short-form tags, or JSON) into `TemplateNode`s that keep
/// line and column (``TemplateComposer``).
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
        try TemplateComposer(file: file, nodeBudget: nodeBudget, duplicateKeys: .refused).compose(Self.yamlSource(text)).root
    }

    /// A decoded template and the duplicate keys read as CloudFormation reads them.
    public struct Document: Sendable {
        public var root: TemplateNode
        /// The earlier occurrences of repeated keys, left out (the last occurrence counts).
        public var ignoredDuplicateKeys: [IgnoredDuplicateKey]
    }

    /// Reads and decodes a template file as CloudFormation reads it: of a key a mapping repeats, the last
    /// occurrence counts, at its place, and each earlier one is reported.
    public func decodeTemplate(fileAt path: String) throws -> Document {
        try decodeTemplate(text: Self.read(path), file: path)
    }

    /// Decodes template text as ``decodeTemplate(fileAt:)`` does.
    public func decodeTemplate(text: String, file: String) throws -> Document {
        let (root, ignored) = try TemplateComposer(file: file, nodeBudget: nodeBudget, duplicateKeys: .lastWins)
            .compose(Self.yamlSource(text))
        return Document(root: root, ignoredDuplicateKeys: ignored)
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

    /// The kind of a scalar: quoted scalars, and those tagged other than as strings, are strings; plain
    /// ones are null, booleans, numbers (YAML 1.2 core schema, as CloudFormation reads them) or strings.
    static func scalarKind(text: String, isPlain: Bool, hasStringTag: Bool) -> TemplateNode.Kind {
        guard isPlain, hasStringTag else { return .string(text) }
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
}
