import ArgumentParser
import DeployRoleKit

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show how much of the generated role is scoped to the stack's own resources, and how it fits IAM's quotas.",
        discussion: """
            Examples:
              deployrole stats release.yaml
              deployrole stats release.yaml --any-parameter-value --json
            """
    )

    @OptionGroup var release: ReleaseOptions

    @OptionGroup var upgrade: UpgradeOptions

    @Option(help: "The most managed policies the role may have (IAM: 10 by default, up to 20 on request).")
    var maxManagedPolicies: Int = PolicyQuota.defaultManagedPoliciesPerRole

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        var strictFailure = false
        try reportingErrors {
            let analysis = try upgrade.analysis(of: release)
            strictFailure = release.options.announceGaps(of: analysis)
            let generation = try RoleGeneration(
                analysis: analysis,
                settings: RoleSettings(name: RoleSettings.defaultName(forTemplateAt: release.template, kind: release.kind),
                                       kind: release.kind, quota: PolicyQuota(maxManagedPolicies: maxManagedPolicies)),
                sourceName: release.template)
            let report = try StatsReport(generation: generation, scoping: release.derivationOptions.scoping)
            try write(json ? report.renderJSON() : report.renderText(), to: nil)
        }
        if strictFailure { throw ExitCode(1) }
    }
}
