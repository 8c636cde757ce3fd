/// A condition operator such as `StringEquals`, `ForAnyValue:StringLike` or `NumericLessThanIfExists`.
///
/// It is made of an optional set qualifier (`ForAnyValue:` / `ForAllValues:`), a comparison (``Comparison``)
/// and an optional `IfExists` suffix. Names are case-sensitive, as IAM documents them.
public struct ConditionOperator: Hashable, Sendable, CustomStringConvertible {
    /// How a multi-valued context key is compared with the policy values.
    public enum SetQualifier: String, Hashable, Sendable, CaseIterable {
        /// At least one request value must satisfy the comparison; a missing key never does.
        case forAnyValue = "ForAnyValue"
        /// Every request value must satisfy the comparison; a missing key always does.
        case forAllValues = "ForAllValues"
    }

    /// The comparison itself, one case per IAM operator name.
    public enum Comparison: String, Hashable, Sendable, CaseIterable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case stringNotLike = "StringNotLike"
        case numericEquals = "NumericEquals"
        case numericNotEquals = "NumericNotEquals"
        case numericLessThan = "NumericLessThan"
        case numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan"
        case numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals"
        case dateNotEquals = "DateNotEquals"
        case dateLessThan = "DateLessThan"
        case dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan"
        case dateGreaterThanEquals = "DateGreaterThanEquals"
        case bool = "Bool"
        case binaryEquals = "BinaryEquals"
        case ipAddress = "IpAddress"
        case notIpAddress = "NotIpAddress"
        case arnEquals = "ArnEquals"
        case arnLike = "ArnLike"
        case arnNotEquals = "ArnNotEquals"
        case arnNotLike = "ArnNotLike"
        case null = "Null"

        /// For a negated comparison (`StringNotEquals`, `NotIpAddress`, ...), the positive one it negates.
        public var negatedComparison: Comparison? {
            switch self {
            case .stringNotEquals: return .stringEquals
            case .stringNotEqualsIgnoreCase: return .stringEqualsIgnoreCase
            case .stringNotLike: return .stringLike
            case .numericNotEquals: return .numericEquals
            case .dateNotEquals: return .dateEquals
            case .notIpAddress: return .ipAddress
            case .arnNotEquals: return .arnEquals
            case .arnNotLike: return .arnLike
            default: return nil
            }
        }

        /// Whether policy values of this comparison may contain policy variables (`${aws:username}`).
        public var acceptsPolicyVariables: Bool {
            switch self {
            case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase,
                 .stringLike, .stringNotLike, .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
                return true
            default:
                return false
            }
        }
    }

    public var setQualifier: SetQualifier?
    public var comparison: Comparison
    /// `...IfExists`: a missing key satisfies the condition.
    public var ifExists: Bool

    public init(setQualifier: SetQualifier? = nil, comparison: Comparison, ifExists: Bool = false) {
        self.setQualifier = setQualifier
        self.comparison = comparison
        self.ifExists = ifExists
    }

    /// Parses an operator name; nil when IAM does not know it (including `NullIfExists`).
    public init?(name: String) {
        var rest = Substring(name)
        var qualifier: SetQualifier?
        if let colon = rest.firstIndex(of: ":") {
            guard let parsed = SetQualifier(rawValue: String(rest[..<colon])) else { return nil }
            qualifier = parsed
            rest = rest[rest.index(after: colon)...]
        }
        var ifExists = false
        if rest.hasSuffix("IfExists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        guard let comparison = Comparison(rawValue: String(rest)) else { return nil }
        if comparison == .null && ifExists { return nil }
        self.init(setQualifier: qualifier, comparison: comparison, ifExists: ifExists)
    }

    /// The canonical operator name, for example `ForAllValues:StringLikeIfExists`.
    public var description: String {
        let prefix = setQualifier.map { "\($0.rawValue):" } ?? ""
        return prefix + comparison.rawValue + (ifExists ? "IfExists" : "")
    }
}
