/// One permission a report is about: missing from a role, added or dropped by an upgrade, or granted and
/// never needed, with every requirement behind it.
public struct PermissionFinding: Hashable, Sendable, Comparable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A permission the role lacks.
        case missing
        /// A permission the new release (or the upgrade to it) needs that the old release's role lacks.
        case added
        /// A permission of the old release the upgrade still needs (deleting what the new release drops,
        /// rolling back) that the new release alone does not: remove it only once every customer upgraded.
        case neededByUpgrade = "needed-by-upgrade"
        /// A permission of the old release nothing needs once the upgrade is done.
        case dropped
        /// A granted permission nothing needs.
        case excess

        /// The group's heading in reports.
        public var title: String {
            switch self {
            case .missing: return "Missing"
            case .added: return "Added"
            case .neededByUpgrade: return "Needed by the upgrade only"
            case .dropped: return "Dropped"
            case .excess: return "Excess"
            }
        }
    }

    public var kind: Kind
    public var action: String
    /// The ARN (for a missing permission) or ARN patterns (for added and dropped grants) it is about.
    public var resources: [String]
    /// The requirements needing it (empty for excess grants).
    public var requirements: [Requirement]
    /// For excess grants: the statement's action pattern that grants it.
    public var grantedBy: String?

    public init(kind: Kind, action: String, resources: [String], requirements: [Requirement], grantedBy: String? = nil) {
        self.kind = kind
        self.action = action
        self.resources = resources
        self.requirements = requirements
        self.grantedBy = grantedBy
    }

    /// The resources needing it (logical IDs, sorted, comma-separated): the key findings are grouped by.
    public var neededBy: String {
        Set(requirements.map(\.provenance.logicalId)).sorted().joined(separator: ",")
    }

    /// The first template position among the requirements (for SARIF and editors).
    public var location: SourceLocation? { requirements.compactMap(\.provenance.location).min() }

    public static func < (lhs: PermissionFinding, rhs: PermissionFinding) -> Bool {
        (lhs.action.lowercased(), lhs.resources.joined(separator: ","), lhs.kind.rawValue)
            < (rhs.action.lowercased(), rhs.resources.joined(separator: ","), rhs.kind.rawValue)
    }
}
