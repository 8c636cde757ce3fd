/// The access level the IAM service authorization reference gives an action.
public enum AccessLevel: String, Sendable, Hashable, CaseIterable {
    case list = "List"
    case read = "Read"
    case write = "Write"
    case permissionsManagement = "Permissions management"
    case tagging = "Tagging"
}
