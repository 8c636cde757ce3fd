/// Everything a release needs, plus what could not be derived and what the reader should know.
public struct RequirementSet: Sendable {
    /// Sorted, without duplicates.
    public var requirements: [Requirement]
    /// Permissions that could not be derived (an unknown type, an unexpanded macro) that the user allowed
    /// to pass; each is reported in every output.
    public var gaps: [Gap]
    /// Facts the reader should know (undecided conditions, resources left out by a false condition).
    public var notes: [String]
    /// Requirements left out on purpose, with the reason (shown by `explain`).
    public var pruned: [PrunedRequirement]
    /// The longest product stack name for which every generated-name pattern holds (nil: no limit); the role
    /// template's stack name parameter enforces it.
    public var stackNameLimit: Int?
    /// The product stack's parameters grants name existing resources by, sorted by name; the role template
    /// takes each.
    public var boundParameters: [BoundParameter]
    /// Resources whose names, built from the stack name, their service accepts only in lower case
    /// (``LowerCaseStackName``): the role template's stack-name parameter then accepts only lower case.
    public var lowerCaseStackNameRequiredBy: [String]

    public init(requirements: [Requirement], gaps: [Gap] = [], notes: [String] = [], pruned: [PrunedRequirement] = [],
                stackNameLimit: Int? = nil, boundParameters: [BoundParameter] = [], lowerCaseStackNameRequiredBy: [String] = []) {
        self.requirements = requirements.sortedDistinct { $0.order }
        self.gaps = Array(Set(gaps)).sorted()
        self.notes = notes
        self.pruned = pruned.sortedDistinct { $0.order }
        self.stackNameLimit = stackNameLimit
        self.boundParameters = boundParameters
        self.lowerCaseStackNameRequiredBy = lowerCaseStackNameRequiredBy
    }

    /// The distinct actions, sorted case-insensitively.
    public var actions: [String] {
        Array(Set(requirements.map(\.action))).sorted(byKey: { $0.lowercased() })
    }

    /// The requirements grouped by action.
    public var byAction: [String: [Requirement]] {
        Dictionary(grouping: requirements, by: \.action)
    }
}

/// A permission deployrole could not derive, reported instead of silently dropped.
public struct Gap: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var logicalId: String
    public var what: String
    public var location: SourceLocation?

    public init(logicalId: String, what: String, location: SourceLocation?) {
        self.logicalId = logicalId
        self.what = what
        self.location = location
    }

    public var description: String {
        (location.map { "\($0): " } ?? "") + "\(logicalId): \(what)"
    }

    /// By logical ID, then what is missing, then where (gaps that differ only in their place keep one order).
    public static func < (lhs: Gap, rhs: Gap) -> Bool {
        if (lhs.logicalId, lhs.what) != (rhs.logicalId, rhs.what) { return (lhs.logicalId, lhs.what) < (rhs.logicalId, rhs.what) }
        switch (lhs.location, rhs.location) {
        case let (left?, right?): return left < right
        case (nil, _?): return true
        default: return false
        }
    }
}
