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
    /// What deriving them found walking each stack's resources (``ResourceWalks``), for request synthesis
    /// to read instead of walking again; empty for a set not derived here.
    var walks: [ResourceWalks.Place: ResourceWalks] = [:]

    public init(requirements: [Requirement], gaps: [Gap] = [], notes: [String] = [], pruned: [PrunedRequirement] = [],
                stackNameLimit: Int? = nil, boundParameters: [BoundParameter] = [], lowerCaseStackNameRequiredBy: [String] = []) {
        self.init(sortedDistinct: requirements.sortedDistinct(byKey: { $0.order.fields }, thenBy: { $0.order.tie.text }),
                  gaps: gaps, notes: notes, pruned: pruned, stackNameLimit: stackNameLimit, boundParameters: boundParameters,
                  lowerCaseStackNameRequiredBy: lowerCaseStackNameRequiredBy)
    }

    /// A set's requirements (sorted, without duplicates) with `more` put in their places: the order
    /// ``init(requirements:gaps:notes:pruned:stackNameLimit:boundParameters:lowerCaseStackNameRequiredBy:)``
    /// gives `sorted + more`, found by sorting `more` alone and a binary search for each in `sorted`, not by
    /// sorting everything again.
    /// - Parameter more: requirements equal to none of `sorted` and to none of the others.
    init(sorted: [Requirement], adding more: [Requirement], gaps: [Gap], notes: [String], pruned: [PrunedRequirement],
         stackNameLimit: Int?, boundParameters: [BoundParameter], lowerCaseStackNameRequiredBy: [String]) {
        var merged: [Requirement] = []
        merged.reserveCapacity(sorted.count + more.count)
        var start = 0  // where the next added requirement's search begins (they come in order)
        for (requirement, key) in more.map({ ($0, $0.order) }).sorted(byKey: \.1) {
            // After the requirements of equal key, as a stable sort of `sorted + more` leaves it.
            var (low, high) = (start, sorted.count)
            while low < high {
                let middle = (low + high) / 2
                if key < sorted[middle].order { high = middle } else { low = middle + 1 }
            }
            merged += sorted[start..<low]
            merged.append(requirement)
            start = low
        }
        merged += sorted[start...]
        self.init(sortedDistinct: merged, gaps: gaps, notes: notes, pruned: pruned, stackNameLimit: stackNameLimit,
                  boundParameters: boundParameters, lowerCaseStackNameRequiredBy: lowerCaseStackNameRequiredBy)
    }

    private init(sortedDistinct requirements: [Requirement], gaps: [Gap], notes: [String], pruned: [PrunedRequirement],
                 stackNameLimit: Int?, boundParameters: [BoundParameter], lowerCaseStackNameRequiredBy: [String]) {
        self.requirements = requirements
        self.gaps = Array(Set(gaps)).sorted()
        self.notes = notes
        self.pruned = pruned.sortedDistinct(byKey: { $0.order.fields }, thenBy: { $0.order.tie.text })
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
