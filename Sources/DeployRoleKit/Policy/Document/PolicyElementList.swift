/// The values of an `Action`/`NotAction` or `Resource`/`NotResource` element.
///
/// `listed` is the positive element (`Action`, `Resource`): the statement applies to what the patterns match.
/// `notListed` is the negated element (`NotAction`, `NotResource`): the statement applies to everything else.
public enum PolicyElementList: Hashable, Sendable {
    case listed([String])
    case notListed([String])

    /// The patterns, whichever form the element has.
    public var patterns: [String] {
        switch self {
        case .listed(let patterns), .notListed(let patterns): return patterns
        }
    }

    /// Whether this is the negated form (`NotAction`, `NotResource`).
    public var isNegated: Bool {
        if case .notListed = self { return true }
        return false
    }
}
