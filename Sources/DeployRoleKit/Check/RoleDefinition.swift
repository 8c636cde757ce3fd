import Foundation
import OrderedCollections

/// A role to check: its identity policies and optional permissions boundary, read from a deployrole role
/// template, any CloudFormation template with an `AWS::IAM::Role`, plain policy JSON, deployrole's
/// `policy-json`, or `aws iam get-account-authorization-details` output.
public struct RoleDefinition: Sendable {
    public var policies: [NamedPolicy]
    public var permissionsBoundary: [NamedPolicy]?
    /// Where it came from, for reports.
    public var source: String

    public init(policies: [NamedPolicy], permissionsBoundary: [NamedPolicy]? = nil, source: String) {
        self.policies = policies
        self.permissionsBoundary = permissionsBoundary
        self.source = source
    }

    /// An IAM evaluator of the role: its identity policies within its permissions boundary.
    public func evaluator(facts catalog: Catalog = .embedded) -> PolicyEvaluator {
        PolicyEvaluator(identityPolicies: policies, permissionsBoundary: permissionsBoundary, facts: catalog)
    }

    /// Reads a role from `paths`; templates are evaluated for `target` (its stack name, account, region,
    /// partition), so that `Fn::Sub` ARNs become those of that deployment.
    public static func load(paths: [String], roleName: String? = nil, target: DeploymentTarget) throws -> RoleDefinition {
        var policies: [NamedPolicy] = []
        var boundary: [NamedPolicy]?
        var sources: [String] = []
        for path in paths {
            let role = try loadOne(path, roleName: roleName, target: target)
            policies += role.policies
            sources.append(role.source)
            if let found = role.permissionsBoundary { boundary = (boundary ?? []) + found }
        }
        return RoleDefinition(policies: policies, permissionsBoundary: boundary, source: sources.joined(separator: ", "))
    }

    private static func loadOne(_ path: String, roleName: String?, target: DeploymentTarget) throws -> RoleDefinition {
        let node = try TemplateDecoder().decode(fileAt: path)
        if node["Resources"] != nil {
            return try RoleTemplateReader(path: path, root: node, roleName: roleName, target: target).role()
        }
        let object = try Self.jsonObject(node)
        if let details = object as? [String: Any], details["RoleDetailList"] != nil {
            guard let roleName else {
                throw DeployRoleError(.usage, "authorization details hold many roles: name one with --role-name", file: path)
            }
            return try AuthorizationDetailsReader(path: path, details: details).role(named: roleName)
        }
        if let list = object as? [Any] {
            // deployrole's policy-json: [{"PolicyName": .., "PolicyDocument": {..}}]
            return RoleDefinition(policies: try list.enumerated().map { index, entry in
                guard let entry = entry as? [String: Any], let document = entry["PolicyDocument"] else {
                    throw DeployRoleError(.invalidPolicy, "entry \(index) has no PolicyDocument", file: path)
                }
                let name = entry["PolicyName"] as? String ?? "\(path)#\(index + 1)"
                return NamedPolicy(name: name, document: try parse(document, file: path))
            }, source: path)
        }
        return RoleDefinition(policies: [NamedPolicy(name: (path as NSString).lastPathComponent,
                                                     document: try parse(object, file: path))], source: path)
    }

    static func parse(_ object: Any, file: String) throws -> PolicyDocument {
        var object = object
        if let text = object as? String {
            // get-account-authorization-details may URL-encode documents.
            let decoded = text.removingPercentEncoding ?? text
            guard let data = decoded.data(using: .utf8), let parsed = try? JSONSerialization.jsonObject(with: data) else {
                throw DeployRoleError(.invalidPolicy, "a policy document is neither JSON nor URL-encoded JSON", file: file)
            }
            object = parsed
        }
        do {
            return try PolicyDocument(jsonObject: object)
        } catch let error as PolicyDocumentError {
            throw error.deployRoleError(file: file)
        }
    }

    /// The plain JSON value of a decoded node (no intrinsic functions expected).
    static func jsonObject(_ node: TemplateNode) throws -> Any {
        switch node.kind {
        case .string(let text): return text
        case .number(let text): return Double(text) ?? text
        case .bool(let flag): return flag
        case .null: return NSNull()
        case .list(let items): return try items.map(jsonObject)
        case .map(let map):
            var result: [String: Any] = [:]
            for (key, value) in map { result[key] = try jsonObject(value) }
            return result
        }
    }
}
