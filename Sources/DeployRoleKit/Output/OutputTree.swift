import Foundation
import Yams

/// An ordered document deployrole writes (role template, policy JSON, reports), rendered to JSON or YAML
/// with keys in the order given, so that the same input gives byte-identical output.
public indirect enum OutputTree: Hashable, Sendable {
    case string(String)
    case integer(Int)
    /// A number with a fraction, written with at most four decimals (`0.1352`).
    case number(Double)
    case bool(Bool)
    case list([OutputTree])
    case map([(String, OutputTree)])

    public static func == (lhs: OutputTree, rhs: OutputTree) -> Bool { lhs.json(pretty: false) == rhs.json(pretty: false) }
    public func hash(into hasher: inout Hasher) { hasher.combine(json(pretty: false)) }

    /// JSON text; `pretty` indents by two spaces.
    public func json(pretty: Bool = true) -> String {
        var output = ""
        writeJSON(into: &output, indent: pretty ? 0 : nil)
        return pretty ? output + "\n" : output
    }

    /// The tree as the Foundation values `JSONSerialization` reads its JSON text into (maps as
    /// dictionaries, lists as arrays), without the text: for readers of decoded JSON such as
    /// ``PolicyDocument/init(jsonObject:)``.
    public var jsonObject: Any {
        switch self {
        case .string(let text): return text
        case .integer(let number): return number
        case .number(let number): return Double(Self.decimal(number)) ?? number  // as written
        case .bool(let flag): return flag
        case .list(let items): return items.map(\.jsonObject)
        case .map(let members):
            var object: [String: Any] = [:]
            for (key, value) in members { object[key] = value.jsonObject }
            return object
        }
    }

    private func writeJSON(into output: inout String, indent: Int?) {
        let newline = indent == nil ? "" : "\n"
        let pad = { (level: Int) in String(repeating: " ", count: level * 2) }
        switch self {
        case .string(let text): output += Self.jsonQuoted(text)
        case .integer(let number): output += String(number)
        case .number(let number): output += Self.decimal(number)
        case .bool(let flag): output += flag ? "true" : "false"
        case .list(let items):
            if items.isEmpty { output += "[]"; return }
            output += "[" + newline
            for (index, item) in items.enumerated() {
                if let indent { output += pad(indent + 1) }
                item.writeJSON(into: &output, indent: indent.map { $0 + 1 })
                output += (index < items.count - 1 ? "," : "") + newline
            }
            if let indent { output += pad(indent) }
            output += "]"
        case .map(let pairs):
            if pairs.isEmpty { output += "{}"; return }
            output += "{" + newline
            for (index, (key, value)) in pairs.enumerated() {
                if let indent { output += pad(indent + 1) }
                output += Self.jsonQuoted(key) + (indent == nil ? ":" : ": ")
                value.writeJSON(into: &output, indent: indent.map { $0 + 1 })
                output += (index < pairs.count - 1 ? "," : "") + newline
            }
            if let indent { output += pad(indent) }
            output += "}"
        }
    }

    static func jsonQuoted(_ text: String) -> String {
        // Most texts (ARNs, actions, keys) need no escape: quoted as they are.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                result += String(format: "\\u%04x", control.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// YAML text (block style, strings quoted where YAML would read them as another type).
    public func yaml() throws -> String {
        try Yams.serialize(node: yamlNode(YAMLTags()), width: -1, allowUnicode: true, sortKeys: false)
    }

    /// The tags of one document's nodes, made once: each `Tag` Yams makes builds its default resolver and
    /// constructor (a fifth of writing a role template when made per node). Yams does not change a tag
    /// it serializes, so the nodes share them.
    private struct YAMLTags {
        let string = Tag(.str)
        let integer = Tag(.int)
        let float = Tag(.float)
        let bool = Tag(.bool)
        let sequence = Tag(.seq)
        let mapping = Tag(.map)
    }

    private func yamlNode(_ tags: YAMLTags) -> Node {
        switch self {
        case .string(let text):
            let needsQuotes = !Self.readsAsString(text) || text.isEmpty || text.hasPrefix(" ") || text.hasSuffix(" ")
            return Node.scalar(.init(text, tags.string, needsQuotes ? .singleQuoted : .any))
        case .integer(let number): return Node.scalar(.init(String(number), tags.integer))
        case .number(let number): return Node.scalar(.init(Self.decimal(number), tags.float))
        case .bool(let flag): return Node.scalar(.init(flag ? "true" : "false", tags.bool))
        case .list(let items): return Node.sequence(.init(items.map { $0.yamlNode(tags) }, tags.sequence))
        // Keys are quoted like strings where YAML would read them as another type (`Null`, `true`).
        case .map(let pairs):
            return Node.mapping(.init(pairs.map { (OutputTree.string($0.0).yamlNode(tags), $0.1.yamlNode(tags)) }, tags.mapping))
        }
    }

    /// Whether YAML reads the text, unquoted, as a string. A text starting with a letter can be read as
    /// another type only as one of the YAML 1.1 words for booleans and null (`yes`, `No`, `off`, `NULL`,
    /// ..., at most 5 letters, starting with one of `yYnNtTfFoO`); numbers, timestamps, `~`, `<<` and `=`
    /// start otherwise. Those are left to Yams's resolver (its regular expressions cost a tenth of writing
    /// a role template when asked for every ARN and action).
    static func readsAsString(_ text: String) -> Bool {
        if let first = text.utf8.first, (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) {
            if text.utf8.count > 5 || !"yYnNtTfFoO".utf8.contains(first) { return true }
        }
        return Resolver.default.resolveTag(of: Node(text)) == .str
    }

    /// The number of non-whitespace characters of the compact JSON rendering (what IAM counts).
    public var nonWhitespaceJSONCount: Int {
        json(pretty: false).unicodeScalars.reduce(0) { count, scalar in
            count + (scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" ? 0 : 1)
        }
    }

    /// A finite number as JSON and YAML both read it: at most four decimals, no exponent.
    static func decimal(_ number: Double) -> String {
        guard number.isFinite else { return "0" }
        var text = String(format: "%.4f", number)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
