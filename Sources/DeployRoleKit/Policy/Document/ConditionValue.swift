/// One value on the policy side of a condition, as written in the document.
///
/// IAM accepts strings, numbers and booleans; every operator compares the value's text form
/// (``text``), interpreted as its family requires (number, date, IP range, ...).
public enum ConditionValue: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)

    /// The value as text: numbers without a fractional part are written as integers.
    public var text: String {
        switch self {
        case .string(let string): return string
        case .bool(let bool): return bool ? "true" : "false"
        case .number(let number):
            if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        }
    }

    public var description: String { text }
}
