import Foundation

/// One policy-side condition value, parsed once into the form its comparison needs.
enum ConditionOperand: Sendable {
    case text(String)
    case lowercasedText(String)
    case pattern(WildcardPattern)
    case number(Double)
    case date(Double)
    case bool(Bool)
    case addressRange(IPAddressRange)
    /// The six colon-separated ARN parts as globs, or one glob for the whole value when it is not an ARN.
    case arn([WildcardPattern])
    case binary(Data)
    /// A value its comparison cannot use (for example `abc` for `NumericEquals`): it matches nothing.
    case unusable

    /// Parses `text` for `comparison`, which must be a positive (non-negated) comparison other than `Null`.
    init(_ text: String, for comparison: ConditionOperator.Comparison) {
        switch comparison {
        case .stringEquals: self = .text(text)
        case .stringEqualsIgnoreCase: self = .lowercasedText(text.lowercased())
        case .stringLike: self = .pattern(WildcardPattern(glob: text))
        case .numericEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
            self = ConditionOperand.number(text).map(ConditionOperand.number) ?? .unusable
        case .dateEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            self = IAMDate.epochSeconds(text).map(ConditionOperand.date) ?? .unusable
        case .bool:
            switch text.lowercased() {
            case "true": self = .bool(true)
            case "false": self = .bool(false)
            default: self = .unusable
            }
        case .ipAddress: self = IPAddressRange(cidr: text).map(ConditionOperand.addressRange) ?? .unusable
        case .arnEquals, .arnLike:
            let parts = ConditionOperand.arnParts(text)
            self = .arn((parts.count == 6 ? parts.map(String.init) : [text]).map(WildcardPattern.init(glob:)))
        case .binaryEquals: self = Data(base64Encoded: text).map(ConditionOperand.binary) ?? .unusable
        case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
             .notIpAddress, .arnNotEquals, .arnNotLike, .null:
            self = .unusable
        }
    }

    /// Whether the request value satisfies this operand under `comparison` (the positive form); nil when the
    /// request value is not of the comparison's type (not a number, not a date, ...).
    func matches(_ requestValue: String, comparison: ConditionOperator.Comparison) -> Bool? {
        switch self {
        case .text(let text): return requestValue == text
        case .lowercasedText(let text): return requestValue.lowercased() == text
        case .pattern(let pattern): return pattern.matches(requestValue)
        case .number(let number):
            guard let value = ConditionOperand.number(requestValue) else { return nil }
            return ConditionOperand.compare(value, number, comparison)
        case .date(let date):
            guard let value = IAMDate.epochSeconds(requestValue) else { return nil }
            return ConditionOperand.compare(value, date, comparison)
        case .bool(let bool):
            switch requestValue.lowercased() {
            case "true": return bool
            case "false": return !bool
            default: return nil
            }
        case .addressRange(let range): return range.contains(requestValue)
        case .arn(let patterns):
            if patterns.count == 1 { return patterns[0].matches(requestValue) }
            let parts = ConditionOperand.arnParts(requestValue)
            guard parts.count == 6 else { return false }
            return zip(patterns, parts).allSatisfy { $0.matches(String($1)) }
        case .binary(let data):
            guard let value = Data(base64Encoded: requestValue) else { return nil }
            return value == data
        case .unusable: return nil
        }
    }

    private static func number(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
        return Double(text)
    }

    private static func arnParts(_ text: String) -> [Substring] {
        text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    }

    private static func compare(_ value: Double, _ operand: Double, _ comparison: ConditionOperator.Comparison) -> Bool {
        switch comparison {
        case .numericLessThan, .dateLessThan: return value < operand
        case .numericLessThanEquals, .dateLessThanEquals: return value <= operand
        case .numericGreaterThan, .dateGreaterThan: return value > operand
        case .numericGreaterThanEquals, .dateGreaterThanEquals: return value >= operand
        default: return value == operand
        }
    }
}
