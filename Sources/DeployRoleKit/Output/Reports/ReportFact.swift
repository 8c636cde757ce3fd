/// One fact a report states beside its findings (a count, a verdict, the assumptions it rests on), typed
/// so that JSON carries numbers as numbers, verdicts as booleans and lists as lists.
public struct ReportFact: Sendable {
    public enum Value: Sendable {
        case count(Int)
        case flag(Bool)
        case text(String)
        case names([String])
    }

    /// The fact's name in text and Markdown (`requests evaluated`).
    public var label: String
    /// The fact's key in JSON (`requestsEvaluated`).
    public var key: String
    public var value: Value

    public init(_ label: String, key: String, _ value: Value) {
        self.label = label
        self.key = key
        self.value = value
    }

    /// The value as text: names comma-separated (`none` when empty), flags as yes or no.
    var text: String {
        switch value {
        case .count(let number): return String(number)
        case .flag(let flag): return flag ? "yes" : "no"
        case .text(let text): return text
        case .names(let names): return names.isEmpty ? "none" : names.joined(separator: ", ")
        }
    }

    var tree: OutputTree {
        switch value {
        case .count(let number): return .integer(number)
        case .flag(let flag): return .bool(flag)
        case .text(let text): return .string(text)
        case .names(let names): return .list(names.map(OutputTree.string))
        }
    }
}
