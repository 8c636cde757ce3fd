/// One permission a report is about: missing from a role, added or dropped by an upgrade, or granted and
/// never needed, with every requirement behind it.
public struct PermissionFinding: Hashable, Sendable, Comparable {
    public enum Kind: String, Hashable, Sendable {
        case missing, added, dropped, excess
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

    /// The first template position among the requirements (for SARIF and editors).
    public var location: SourceLocation? { requirements.compactMap(\.provenance.location).min() }

    public static func < (lhs: PermissionFinding, rhs: PermissionFinding) -> Bool {
        (lhs.action.lowercased(), lhs.resources.joined(separator: ","), lhs.kind.rawValue)
            < (rhs.action.lowercased(), rhs.resources.joined(separator: ","), rhs.kind.rawValue)
    }
}
