import Foundation

/// Reads a role from a CloudFormation template: the `AWS::IAM::Role` (the one named with `--role-name`,
/// or the only one), its inline `Policies`, the template's `AWS::IAM::ManagedPolicy` and `AWS::IAM::Policy`
/// resources attached to it, and its permissions boundary when that is a managed policy of the template.
///
/// The template is evaluated for the deployment: its `ProductStackName` (or any stack-name parameter)
/// takes the stack name, pseudo parameters and the product parameters it takes (``RoleTemplateBuilder/productParametersKey``)
/// the deployment's values.
struct RoleTemplateReader {
    let path: String
    let root: TemplateNode
    let roleName: String?
    let target: DeploymentTarget

    func role() throws -> RoleDefinition {
        let template = try Template(root: root, file: path)
        var given: [String: Value] = [:]
        if template.parameters[RoleTemplateBuilder.stackNameParameter] != nil {
            given[RoleTemplateBuilder.stackNameParameter] = .string(target.stackName)
        }
        if template.parameters[RoleTemplateBuilder.lowercasedStackNameParameter] != nil {
            given[RoleTemplateBuilder.lowercasedStackNameParameter] = .string(target.stackName.lowercased())
        }
        // The product stack's parameters the role takes (named in deployrole's metadata, or given to the
        // product): the deployment's values.
        let listed = root["Metadata"]?["deployrole"]?[RoleTemplateBuilder.productParametersKey]?.listValue?.compactMap(\.stringValue) ?? []
        for name in Set(listed).union(target.parameters.keys) where template.parameters[name] != nil {
            given[name] = .string(target.parameterValue(name))
        }
        let evaluator = StackEvaluator(input: StackInput(knownPseudoParameters: [
            .partition: target.partition, .region: target.region, .accountId: target.account,
        ]))
        let stack = try evaluator.evaluate(template, given: given)
        let roles = stack.resources.filter { $0.type == "AWS::IAM::Role" }
        let role: EvaluatedResource
        if let roleName {
            guard let found = roles.first(where: { $0.logicalId == roleName || $0.properties?["RoleName"]?.concreteString == roleName }) else {
                throw DeployRoleError(.usage, "no AWS::IAM::Role \(roleName) in the template", file: path)
            }
            role = found
        } else {
            guard roles.count == 1 else {
                throw DeployRoleError(.usage, "the template has \(roles.count) AWS::IAM::Role resources: name one with --role-name",
                                      file: path)
            }
            role = roles[0]
        }
        var policies: [NamedPolicy] = []
        for (index, inline) in (role.properties?["Policies"]?.listValue ?? []).enumerated() {
            guard let document = inline["PolicyDocument"] else { continue }
            policies.append(NamedPolicy(name: inline["PolicyName"]?.concreteString ?? "\(role.logicalId)#\(index + 1)",
                                        document: try policyDocument(document, at: role)))
        }
        let attachedIds = Set((role.properties?["ManagedPolicyArns"]?.listValue ?? []).compactMap { value -> String? in
            if case .symbol(.resourceReference(let id)) = value { return id }
            return nil
        })
        for resource in stack.resources {
            let attachesRole = (resource.properties?["Roles"]?.listValue ?? []).contains {
                if case .symbol(.resourceReference(role.logicalId)) = $0 { return true }
                return $0.concreteString != nil && $0.concreteString == role.properties?["RoleName"]?.concreteString
            }
            switch resource.type {
            case "AWS::IAM::ManagedPolicy" where attachedIds.contains(resource.logicalId) || attachesRole,
                 "AWS::IAM::Policy" where attachesRole:
                guard let policy = resource.properties?["PolicyDocument"] else { continue }
                policies.append(NamedPolicy(name: resource.logicalId, document: try policyDocument(policy, at: resource)))
            default:
                continue
            }
        }
        var boundary: [NamedPolicy]?
        if case .symbol(.resourceReference(let id))? = role.properties?["PermissionsBoundary"],
           let policy = stack.resources.first(where: { $0.logicalId == id })?.properties?["PolicyDocument"] {
            boundary = [NamedPolicy(name: id, document: try policyDocument(policy, at: role))]
        }
        return RoleDefinition(policies: policies, permissionsBoundary: boundary, source: "\(path) (\(role.logicalId))")
    }

    /// A policy document value as IAM sees it; a part known only at deploy time (an unset parameter)
    /// becomes `${name}`, which matches nothing, so that the check never assumes a grant it cannot see.
    private func policyDocument(_ value: Value, at resource: EvaluatedResource) throws -> PolicyDocument {
        do {
            return try PolicyDocument(jsonObject: Self.json(value))
        } catch let error as PolicyDocumentError {
            var located = error.deployRoleError(file: path)
            located.logicalId = resource.logicalId
            located.location = resource.location
            throw located
        }
    }

    static func json(_ value: Value) -> Any {
        switch value {
        case .string(let text), .number(let text): return text
        case .bool(let flag): return flag
        case .null: return NSNull()
        case .list(let items): return items.map(json)
        case .map(let map):
            var result: [String: Any] = [:]
            for (key, item) in map { result[key] = json(item) }
            return result
        case .symbol, .text: return value.displayText
        case .either(let options): return options.first.map(json) ?? NSNull()
        }
    }
}
