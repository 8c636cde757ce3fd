/// Reads one role's policies from `aws iam get-account-authorization-details` output: its inline
/// policies, the default versions of its attached managed policies, and its permissions boundary.
struct AuthorizationDetailsReader {
    let path: String
    let details: [String: Any]

    func role(named name: String) throws -> RoleDefinition {
        let roles = details["RoleDetailList"] as? [[String: Any]] ?? []
        guard let role = roles.first(where: { $0["RoleName"] as? String == name }) else {
            let known = roles.compactMap { $0["RoleName"] as? String }.sorted().prefix(10).joined(separator: ", ")
            throw DeployRoleError(.usage, "no role \(name) in the authorization details (roles: \(known))", file: path)
        }
        var policies: [NamedPolicy] = []
        for inline in role["RolePolicyList"] as? [[String: Any]] ?? [] {
            guard let document = inline["PolicyDocument"] else { continue }
            policies.append(NamedPolicy(name: inline["PolicyName"] as? String ?? "inline",
                                        document: try RoleDefinition.parse(document, file: path)))
        }
        for attached in role["AttachedManagedPolicies"] as? [[String: Any]] ?? [] {
            guard let arn = attached["PolicyArn"] as? String else { continue }
            policies.append(NamedPolicy(name: arn, document: try managedPolicy(arn)))
        }
        var boundary: [NamedPolicy]?
        if let arn = (role["PermissionsBoundary"] as? [String: Any])?["PermissionsBoundaryArn"] as? String {
            boundary = [NamedPolicy(name: arn, document: try managedPolicy(arn))]
        }
        return RoleDefinition(policies: policies, permissionsBoundary: boundary, source: "\(path) (\(name))")
    }

    private func managedPolicy(_ arn: String) throws -> PolicyDocument {
        let managed = details["Policies"] as? [[String: Any]] ?? []
        guard let policy = managed.first(where: { $0["Arn"] as? String == arn }) else {
            throw DeployRoleError(.invalidPolicy, "managed policy \(arn) is attached but not in the authorization details "
                                  + "(AWS managed policies are listed only with --filter AWSManagedPolicy)", file: path)
        }
        let versions = policy["PolicyVersionList"] as? [[String: Any]] ?? []
        guard let version = versions.first(where: { $0["IsDefaultVersion"] as? Bool == true }) ?? versions.first,
              let document = version["Document"] else {
            throw DeployRoleError(.invalidPolicy, "managed policy \(arn) has no default version document", file: path)
        }
        return try RoleDefinition.parse(document, file: path)
    }
}
