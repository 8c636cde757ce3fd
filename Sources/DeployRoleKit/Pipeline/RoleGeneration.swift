import Foundation

/// Where and for whom the role is generated: names and the concrete values for plain policy JSON.
public struct RoleSettings: Sendable, Hashable {
    public var name: String
    public var kind: RoleKind
    /// The product stack's name: the role template's default, and the name in concrete policies.
    public var stackName: String
    public var account: String
    public var region: String
    public var partition: String
    public var quota: PolicyQuota

    public static let defaultStackName = "product"
    public static let defaultAccount = "123456789012"
    public static let defaultRegion = "us-east-1"
    public static let defaultPartition = "aws"

    public init(name: String, kind: RoleKind = .deployer, stackName: String = defaultStackName,
                account: String = defaultAccount, region: String = defaultRegion, partition: String = defaultPartition,
                quota: PolicyQuota = PolicyQuota()) {
        self.name = name
        self.kind = kind
        self.stackName = stackName
        self.account = account
        self.region = region
        self.partition = partition
        self.quota = quota
    }

    /// A role name derived from a template file name: `codeocean.template.yaml` → `codeocean-deployer`.
    public static func defaultName(forTemplateAt path: String, kind: RoleKind) -> String {
        var base = path == "-" ? "release" : URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".yaml", ".yml", ".json", ".template", ".template"] where base.lowercased().hasSuffix(suffix) {
            base = String(base.dropLast(suffix.count))
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-")
        let cleaned = String(base.map { allowed.contains($0) ? $0 : "-" })
        let suffix = kind == .deployer ? "-deployer" : "-cfn-service-role"
        return String((cleaned.isEmpty ? "release" : cleaned).prefix(64 - suffix.count)) + suffix
    }

    /// The concrete value of each deploy-time part, for plain policy JSON.
    public func concreteValue(_ symbol: Symbol) -> String {
        switch symbol {
        case .pseudo(.stackName): return stackName
        case .lowercasedStackName: return stackName.lowercased()
        case .pseudo(.accountId): return account
        case .pseudo(.region): return region
        case .pseudo(.partition): return partition
        case .pseudo(.urlSuffix): return partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"
        default: return "*"
        }
    }
}

/// The generated role: its packed policies and the renderings `generate` writes.
public struct RoleGeneration: Sendable {
    public let analysis: ReleaseAnalysis
    public let settings: RoleSettings
    public let policies: [PolicyDraft]
    /// What fitting the policies into the quota gave up (``PolicySynthesizer/synthesize(_:)``), shown with
    /// the analysis's notes.
    public let synthesisNotes: [String]
    let sourceName: String

    public init(analysis: ReleaseAnalysis, settings: RoleSettings, sourceName: String) throws {
        self.analysis = analysis
        self.settings = settings
        self.sourceName = sourceName
        let lowerCase = analysis.requirements.lowerCaseStackNameRequiredBy
        if !lowerCase.isEmpty, settings.stackName != settings.stackName.lowercased() {
            throw DeployRoleError(.usage, "stack name \(settings.stackName) has upper-case letters, but the release builds names "
                                  + "from it that its services accept only in lower case (\(lowerCase.joined(separator: ", "))): "
                                  + "give a lower-case --stack-name")
        }
        (policies, synthesisNotes) = try PolicySynthesizer(quota: settings.quota, catalog: analysis.catalog)
            .synthesize(analysis.requirements)
    }

    /// The analysis's notes and the synthesis's.
    public var notes: [String] { analysis.requirements.notes + synthesisNotes }

    /// The role template (for `--format role-yaml` and `role-json`).
    public var roleTemplate: OutputTree {
        var requirements = analysis.requirements
        requirements.notes = notes
        return RoleTemplateBuilder(name: settings.name, kind: settings.kind, defaultStackName: settings.stackName,
                                   sourceName: sourceName, catalog: analysis.catalog.info).template(policies: policies, requirements: requirements)
    }

    /// The policy documents with concrete ARNs (for `--format policy-json`), as one JSON list.
    /// The role as IAM would hold it for the settings' account, region and partition and the product stack
    /// `stackName` (default: the settings'): the policies rendered concretely, ready to evaluate.
    public func concreteRole(stackName: String? = nil) throws -> RoleDefinition {
        try concreteRole(for: DeploymentTarget(stackName: stackName ?? settings.stackName, account: settings.account,
                                               region: settings.region, partition: settings.partition))
    }

    /// The role as IAM would hold it for one deployment: its stack name, account, region and partition, and
    /// its values of the product parameters the role template takes (``DeploymentTarget/parameterValue(_:)``).
    public func concreteRole(for target: DeploymentTarget) throws -> RoleDefinition {
        var settings = self.settings
        settings.stackName = target.stackName
        settings.account = target.account
        settings.region = target.region
        settings.partition = target.partition
        let bound = Set(analysis.requirements.boundParameters.map(\.name))
        let renderer = PolicyRenderer(substitute: { [settings] symbol in
            if case .parameter(let name) = symbol, bound.contains(name) { return target.parameterValue(name) }
            return settings.concreteValue(symbol)
        })
        let policies = try policies.enumerated().map { offset, draft in
            do {
                return NamedPolicy(name: "\(settings.name)-\(offset + 1)",
                                   document: try PolicyDocument(jsonObject: renderer.document(draft).jsonObject))
            } catch let error as PolicyDocumentError {
                throw error.deployRoleError(file: settings.name)
            }
        }
        return RoleDefinition(policies: policies, source: "generated for stack \(settings.stackName)")
    }

    public var concretePolicies: OutputTree {
        let settings = self.settings
        let renderer = PolicyRenderer(substitute: { settings.concreteValue($0) })
        return .list(policies.enumerated().map { index, policy in
            .map([("PolicyName", .string("\(settings.name)-\(index + 1)")), ("PolicyDocument", renderer.document(policy))])
        })
    }
}
