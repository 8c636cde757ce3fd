import ArgumentParser
import DeployRoleKit
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate the deployment role (a CloudFormation template, or plain policy JSON) for a release template.",
        discussion: """
            Examples:
              deployrole generate release.yaml -o role.yaml
              deployrole generate release.yaml --any-parameter-value --upgrade-from releases/ -o role.yaml
              deployrole generate release.yaml --format policy-json --stack-name shop-prod --account 111122223333
              cat release.yaml | deployrole generate -
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case roleYAML = "role-yaml", roleJSON = "role-json", policyJSON = "policy-json"
    }

    @OptionGroup var release: ReleaseOptions

    @Option(help: "role-yaml (default), role-json, or policy-json (the policy documents alone, with concrete ARNs).")
    var format: Format = .roleYAML

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(help: "The role and policy name (default: derived from the template file name).")
    var name: String?

    @OptionGroup(title: "Deployment options") var deployment: DeploymentOptions

    @Option(help: "The most managed policies the role may have (IAM: 10 by default, up to 20 on request).")
    var maxManagedPolicies: Int = PolicyQuota.defaultManagedPoliciesPerRole

    @OptionGroup var upgrade: UpgradeOptions

    func validate() throws {
        guard (1...PolicyQuota.maxManagedPoliciesPerRole).contains(maxManagedPolicies) else {
            throw ValidationError("--max-managed-policies must be between 1 and \(PolicyQuota.maxManagedPoliciesPerRole)")
        }
    }

    func run() throws {
        var strictFailure = false
        try reportingErrors {
            let analysis = try upgrade.analysis(of: release)
            strictFailure = release.options.announceGaps(of: analysis)
            let settings = RoleSettings(
                name: name ?? RoleSettings.defaultName(forTemplateAt: release.template, kind: release.kind),
                kind: release.kind, stackName: deployment.stackName, account: deployment.account,
                region: deployment.region, partition: deployment.partition,
                quota: PolicyQuota(maxManagedPolicies: maxManagedPolicies))
            let generation = try RoleGeneration(analysis: analysis, settings: settings,
                                                sourceName: release.template == "-" ? Template.standardInputLabel : (release.template as NSString).lastPathComponent)
            let text: String
            switch format {
            case .roleYAML:
                do { text = try generation.roleTemplate.yaml() } catch {
                    throw DeployRoleError(.io, "cannot write YAML: \(error)")
                }
            case .roleJSON: text = generation.roleTemplate.json()
            case .policyJSON: text = generation.concretePolicies.json()
            }
            try write(text, to: output)
            KeptUntilExit.keep(analysis, generation, text)
        }
        if strictFailure { throw ExitCode(1) }
    }
}
