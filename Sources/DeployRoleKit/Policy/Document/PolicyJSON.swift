import OrderedCollections

/// A JSON value whose objects keep their key order, so rendering is deterministic.
public indirect enum PolicyJSON: Hashable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([PolicyJSON])
    case object(OrderedDictionary<String, PolicyJSON>)

    /// A single value as itself, several as an array (the short form IAM accepts wherever lists are allowed).
    static func stringOrArray(_ values: [String]) -> PolicyJSON {
        values.count == 1 ? .string(values[0]) : .array(values.map(PolicyJSON.string))
    }

    /// Renders JSON text: `pretty` indents by two spaces with one member per line; otherwise no whitespace
    /// at all. Strings escape only what JSON requires (`"`, `\` and control characters).
    public func render(pretty: Bool) -> String {
        var output = ""
        write(to: &output, pretty: pretty, indent: 0)
        return output
    }

    private func write(to output: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .string(let string):
            PolicyJSON.writeQuoted(string, to: &output)
        case .number(let number):
            output += ConditionValue.number(number).text
        case .bool(let bool):
            output += bool ? "true" : "false"
        case .array(let elements):
            writeContainer(elements.map { (nil, $0) }, open: "[", close: "]", to: &output, pretty: pretty, indent: indent)
        case .object(let members):
            writeContainer(members.map { ($0.key, $0.value) }, open: "{", close: "}", to: &output, pretty: pretty, indent: indent)
        }
    }

    private func writeContainer(_ members: [(String?, PolicyJSON)], open: String, close: String,
                                to output: inout String, pretty: Bool, indent: Int) {
        output += open
        guard !members.isEmpty else {
            output += close
            return
        }
        let innerIndent = String(repeating: "  ", count: indent + 1)
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { output += "," }
            if pretty { output += "\n" + innerIndent }
            if let key {
                PolicyJSON.writeQuoted(key, to: &output)
                output += pretty ? ": " : ":"
            }
            value.write(to: &output, pretty: pretty, indent: indent + 1)
        }
        if pretty { output += "\n" + String(repeating: "  ", count: indent) }
        output += close
    }

    private static func writeQuoted(_ string: String, to output: inout String) {
        output += OutputTree.jsonQuoted(string)
    }
}
