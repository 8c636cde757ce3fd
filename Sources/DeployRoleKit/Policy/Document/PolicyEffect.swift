/// Whether a policy statement grants or refuses the access it describes.
public enum PolicyEffect: String, Hashable, Sendable, CaseIterable {
    case allow = "Allow"
    case deny = "Deny"
}
