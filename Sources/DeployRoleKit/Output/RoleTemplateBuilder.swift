/// Builds the deployment role as a deployable CloudFormation template: parameters for the product stack's
/// name, the trusted principals and an optional permissions boundary; one `AWS::IAM::Role`; one
/// `AWS::IAM::ManagedPolicy` per packed policy; the role ARN as output.
public struct RoleTemplateBuilder: Sendable {
    public static let stackNameParameter = "ProductStackName"
    /// The product stack's name in lower case, for grants on names services lower-case.
    public static let lowercasedStackNameParameter = "ProductStackNameLowerCase"
    public static let principalsParameter = "TrustedPrincipalArns"
    public static let boundaryParameter = "PermissionsBoundaryArn"
    /// The `Metadata` key listing the product stack's parameters the role template takes.
    public static let productParametersKey = "ProductParameters"

    public var name: String
    public var kind: RoleKind
    public var defaultStackName: String
    /// The release template's file name, for the description.
    public var sourceName: String
    /// The AWS data the role was derived from (named in the template's `Metadata`).
    public var catalog: CatalogInfo

    public init(name: String, kind: RoleKind, defaultStackName: String, sourceName: String, catalog: CatalogInfo) {
        self.name = name
        self.kind = kind
        self.defaultStackName = defaultStackName
        self.sourceName = sourceName
        self.catalog = catalog
    }

    /// The role template.
    public func template(policies: [PolicyDraft], requirements: RequirementSet) -> OutputTree {
        let lowerCase = requirements.lowerCaseStackNameRequiredBy
        let stackNameHelp = (requirements.stackNameLimit.map {
            "; at most \($0) characters, so that the names CloudFormation generates for its resources are never truncated"
        } ?? "") + (lowerCase.isEmpty ? "" : "; in lower case, since the release builds names from it that its services "
                    + "accept only in lower case (\(lowerCase.prefix(5).joined(separator: ", "))\(lowerCase.count > 5 ? ", ..." : ""))")
        var parameters: [(String, OutputTree)] = [
            (Self.stackNameParameter, .map([
                ("Type", .string("String")),
                ("Default", .string(defaultStackName)),
                ("MinLength", .integer(1)),
                ("MaxLength", .integer(min(128, requirements.stackNameLimit ?? 128))),
                ("AllowedPattern", .string(lowerCase.isEmpty ? "^[a-zA-Z][-a-zA-Z0-9]*$" : "^[a-z][-a-z0-9]*$")),
                ("Description", .string("Name of the product stack this role deploys, updates and deletes" + stackNameHelp)),
            ])),
        ]
        if Self.uses(.lowercasedStackName, in: policies) {
            parameters.append((Self.lowercasedStackNameParameter, .map([
                ("Type", .string("String")),
                ("Default", .string(defaultStackName.lowercased())),
                ("MinLength", .integer(1)),
                ("MaxLength", .integer(min(128, requirements.stackNameLimit ?? 128))),
                ("AllowedPattern", .string("^[a-z][-a-z0-9]*$")),
                ("Description", .string("\(Self.stackNameParameter) in lower case: the names CloudFormation generates for "
                                        + "S3 buckets, RDS and ElastiCache resources are lower-cased")),
            ])))
        }
        let bound = requirements.boundParameters.filter { Self.uses(.parameter($0.name), in: policies) }
        for parameter in bound {
            var fields: [(String, OutputTree)] = [("Type", .string(parameter.type))]
            if let value = parameter.defaultValue { fields.append(("Default", .string(value))) }
            if parameter.type == "String" { fields.append(("MaxLength", .integer(parameter.maximumLength))) }
            fields.append(("Description", .string("The product stack's parameter \(parameter.name): give both stacks the same value "
                                                  + "(the role acts on the existing resource it names)")))
            parameters.append((parameter.name, .map(fields)))
        }
        var conditions: [(String, OutputTree)] = [
            ("HasPermissionsBoundary", .map([("Fn::Not", .list([.map([("Fn::Equals", .list([
                .map([("Ref", .string(Self.boundaryParameter))]), .string(""),
            ]))])]))])),
        ]
        if kind == .deployer {
            parameters.append((Self.principalsParameter, .map([
                ("Type", .string("CommaDelimitedList")),
                ("Default", .string("")),
                ("Description", .string("ARNs of the principals allowed to assume the role; empty trusts this account")),
            ])))
            conditions.append(("TrustThisAccount", .map([("Fn::Equals", .list([
                .map([("Fn::Join", .list([.string(""), .map([("Ref", .string(Self.principalsParameter))])]))]),
                .string(""),
            ]))])))
        }
        parameters.append((Self.boundaryParameter, .map([
            ("Type", .string("String")),
            ("Default", .string("")),
            ("Description", .string("ARN of a permissions boundary for the role; empty for none")),
        ])))

        var resources: [(String, OutputTree)] = [("DeploymentRole", .map([
            ("Type", .string("AWS::IAM::Role")),
            ("Properties", .map([
                ("RoleName", .string(name)),
                ("Description", .string(String("Deploys, updates and deletes the stack of \(sourceName)".prefix(1000)))),
                ("AssumeRolePolicyDocument", trustPolicy),
                ("ManagedPolicyArns", .list(policies.indices.map { .map([("Ref", .string(policyLogicalId($0)))]) })),
                ("PermissionsBoundary", .map([("Fn::If", .list([
                    .string("HasPermissionsBoundary"),
                    .map([("Ref", .string(Self.boundaryParameter))]),
                    .map([("Ref", .string("AWS::NoValue"))]),
                ]))])),
            ])),
        ]))]
        let renderer = TemplatePolicyRenderer(boundParameters: Set(bound.map(\.name)))
        for (index, policy) in policies.enumerated() {
            resources.append((policyLogicalId(index), .map([
                ("Type", .string("AWS::IAM::ManagedPolicy")),
                ("Properties", .map([
                    ("ManagedPolicyName", .string("\(name)-\(index + 1)")),
                    ("Description", .string("Part \(index + 1) of \(policies.count) of \(name)")),
                    ("PolicyDocument", renderer.document(policy)),
                ])),
            ])))
        }
        var metadata: [(String, OutputTree)] = [
            ("Generator", .string("deployrole \(DeployRoleVersion.current)")),
            ("Catalog", .list(catalog.sources.filter { $0.version != "-" }.map { .string("\($0.name) \($0.version)") })),
            ("Source", .string(sourceName)),
            ("Kind", .string(kind.rawValue)),
            ("Actions", .integer(requirements.actions.count)),
        ]
        if !bound.isEmpty {
            metadata.append((Self.productParametersKey, .list(bound.map { .string($0.name) })))
        }
        if !requirements.gaps.isEmpty {
            metadata.append(("Gaps", .list(requirements.gaps.map { .string("\($0.logicalId): \($0.what)") })))
        }
        if !requirements.notes.isEmpty {
            metadata.append(("Notes", .list(requirements.notes.map(OutputTree.string))))
        }
        return .map([
            ("AWSTemplateFormatVersion", .string("2010-09-09")),
            ("Description", .string("Least-privileged \(kind == .deployer ? "deployment role" : "CloudFormation service role") "
                                    + "for \(sourceName), generated by deployrole")),
            ("Metadata", .map([("deployrole", .map(metadata))])),
            ("Parameters", .map(parameters)),
            ("Conditions", .map(conditions)),
            ("Resources", .map(resources)),
            ("Outputs", .map([
                ("RoleArn", .map([("Description", .string("ARN of the deployment role")),
                                  ("Value", .map([("Fn::GetAtt", .list([.string("DeploymentRole"), .string("Arn")]))]))])),
                ("RoleName", .map([("Value", .map([("Ref", .string("DeploymentRole"))]))])),
            ])),
        ])
    }

    private func policyLogicalId(_ index: Int) -> String { "DeploymentPolicy\(index + 1)" }

    /// Whether any statement's resources or condition values use `symbol`.
    static func uses(_ symbol: Symbol, in policies: [PolicyDraft]) -> Bool {
        policies.contains { policy in
            policy.statements.contains { statement in
                (statement.resources + statement.conditions.flatMap(\.values)).contains { $0.parts.contains(.symbol(symbol)) }
            }
        }
    }

    private var trustPolicy: OutputTree {
        let principal: OutputTree
        switch kind {
        case .deployer:
            principal = .map([("AWS", .map([("Fn::If", .list([
                .string("TrustThisAccount"),
                .map([("Fn::Sub", .string("arn:${AWS::Partition}:iam::${AWS::AccountId}:root"))]),
                .map([("Ref", .string(Self.principalsParameter))]),
            ]))]))])
        case .serviceRole:
            principal = .map([("Service", .string("cloudformation.amazonaws.com"))])
        }
        return .map([
            ("Version", .string("2012-10-17")),
            ("Statement", .list([.map([
                ("Effect", .string("Allow")),
                ("Principal", principal),
                ("Action", .string("sts:AssumeRole")),
            ])])),
        ])
    }
}

/// Renders policies inside the role template: deploy-time parts become `Fn::Sub` variables.
struct TemplatePolicyRenderer {
    /// The product parameters the template declares (``BoundParameter``); other deploy-time parts are `*`.
    var boundParameters: Set<String> = []

    func document(_ policy: PolicyDraft) -> OutputTree {
        .map([("Version", .string("2012-10-17")), ("Statement", .list(policy.statements.map(statement)))])
    }

    private func statement(_ statement: PolicyStatementDraft) -> OutputTree {
        var pairs: [(String, OutputTree)] = [
            ("Effect", .string("Allow")),
            ("Action", .list(statement.actions.map(OutputTree.string))),
            ("Resource", .list(statement.resources.map(resource))),
        ]
        if !statement.conditions.isEmpty {
            pairs.append(("Condition", PolicyRenderer.conditionBlock(statement.conditions, value: resource)))
        }
        return .map(pairs)
    }

    private func resource(_ pattern: ResourcePattern) -> OutputTree {
        let hasSymbols = pattern.parts.contains { if case .symbol = $0 { return true } else { return false } }
        guard hasSymbols else { return .string(pattern.rendered { _ in "" }) }
        return .map([("Fn::Sub", .string(pattern.rendered(variable)))])
    }

    func variable(_ symbol: Symbol) -> String {
        switch symbol {
        case .pseudo(.stackName): return "${\(RoleTemplateBuilder.stackNameParameter)}"
        case .lowercasedStackName: return "${\(RoleTemplateBuilder.lowercasedStackNameParameter)}"
        case .pseudo(let pseudo): return "${\(pseudo.rawValue)}"
        case .parameter(let name) where boundParameters.contains(name): return "${\(name)}"
        default: return "*"
        }
    }
}
