/// A policy document that IAM would reject, reported with the place in the document where the problem is.
///
/// `path` names the offending element the way a reader finds it in the JSON, for example
/// `Statement[2].Condition` or `Statement[0].Action[1]` (an empty path means the document itself).
public struct PolicyDocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where in the document the problem is, for example `Statement[2].Condition`.
    public var path: String
    /// What is wrong, in words a policy author can act on.
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    /// The same problem as a ``DeployRoleError`` of category `invalid-policy`, attributed to `file` when given.
    public func deployRoleError(file: String? = nil) -> DeployRoleError {
        DeployRoleError(.invalidPolicy, description, file: file)
    }
}
