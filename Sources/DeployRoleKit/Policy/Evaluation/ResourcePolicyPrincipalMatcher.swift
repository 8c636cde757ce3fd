/// Decides how a resource-based policy statement's `Principal`/`NotPrincipal` applies to the caller.
struct ResourcePolicyPrincipalMatcher: Sendable {
    /// How strongly a statement names the caller; the strength decides which other policies still limit an
    /// `Allow` (see ``PolicyEvaluator``).
    enum Grant: Int, Comparable, Sendable {
        /// The statement does not name the caller.
        case none
        /// The caller's account (account ID or root ARN): access is delegated to the account's identity policies.
        case account
        /// The caller's role, for the role or one of its sessions: limited like an identity-based grant.
        case role
        /// The caller itself (its user or session ARN), or any principal (`*`).
        case direct

        static func < (lhs: Grant, rhs: Grant) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    private let principal: PolicyPrincipal?
    private let notPrincipal: PolicyPrincipal?

    init(principal: PolicyPrincipal?, notPrincipal: PolicyPrincipal?) {
        self.principal = principal
        self.notPrincipal = notPrincipal
    }

    func grant(for caller: PrincipalARN?) -> Grant {
        if let principal { return ResourcePolicyPrincipalMatcher.grant(of: principal, for: caller) }
        if let notPrincipal {
            return ResourcePolicyPrincipalMatcher.grant(of: notPrincipal, for: caller) == .none ? .direct : .none
        }
        return .none
    }

    private static func grant(of principal: PolicyPrincipal, for caller: PrincipalARN?) -> Grant {
        guard case .specific = principal else { return .direct }
        let identifiers = principal.identifiers(ofType: "AWS")
        if identifiers.contains("*") { return .direct }
        guard let caller else { return .none }
        return identifiers.map { grant(of: $0, for: caller) }.max() ?? .none
    }

    private static func grant(of identifier: String, for caller: PrincipalARN) -> Grant {
        if identifier == caller.arn {
            if case .role = caller.kind { return .role }
            return .direct
        }
        if identifier == caller.accountId || identifier == "arn:\(caller.partition):iam::\(caller.accountId):root" {
            return .account
        }
        if case .assumedRole(let roleName, _) = caller.kind, let named = PrincipalARN(identifier),
           case .role(let namedRole) = named.kind, named.accountId == caller.accountId, namedRole == roleName {
            return .role
        }
        return .none
    }
}
