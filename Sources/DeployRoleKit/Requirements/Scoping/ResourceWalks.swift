/// What scoping found walking the properties of a stack's resources: the resources each references (up to
/// three references away) and the existing resources its properties name by ID, by logical ID. Request
/// synthesis reads the same of the resources it acts on, so it takes these instead of walking again.
struct ResourceWalks: Sendable {
    var references: [String: [EvaluatedResource]] = [:]
    var existing: [String: ExistingResourceIds.Found] = [:]

    /// Adds what `other` found of resources these walks have not met.
    mutating func merge(_ other: ResourceWalks) {
        references.merge(other.references) { mine, _ in mine }
        existing.merge(other.existing) { mine, _ in mine }
    }

    /// A stack's walks, by the release it is of (nil: the release the requirements are for, else the path
    /// of the release upgraded from, as `Provenance.previousRelease` names it) and its nested-stack path.
    struct Place: Hashable, Sendable {
        var release: String?
        var stackPath: [String]
    }
}
