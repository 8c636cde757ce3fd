/// What a request's resource means for matching `Resource`/`NotResource`.
enum ResourceTarget: Sendable {
    /// A concrete ARN: patterns are matched against it.
    case specific(String)
    /// `"*"` for an action that supports resource-level permissions: any resource. An `Allow` applies if it
    /// can apply to some resource, a `Deny` only if it applies to every resource.
    case anyResource
    /// An action that supports no resource-level permissions: only a plain `"*"` pattern matches.
    case wildcardOnly

    /// - Parameter wildcardOnly: whether the action supports no resource-level permissions.
    init(_ request: EvaluationRequest, wildcardOnly: Bool) {
        if wildcardOnly {
            self = .wildcardOnly
        } else if request.resource == "*" {
            self = .anyResource
        } else {
            self = .specific(request.resource)
        }
    }
}
