import ArgumentParser
import DeployRoleKit

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List the permissions an upgrade adds, those only the upgrade still needs, those it drops, and whether the role must be updated before upgrading.",
        discussion: """
            Exit status: 0 (with --exit-code: the current role covers the upgrade), 1 with --exit-code when the role must be updated first, 2 usage or input error.

            Examples:
              deployrole diff v1/release.yaml v2/release.yaml
              deployrole diff v1/release.yaml v2/release.yaml --any-parameter-value --exit-code --format markdown
            """
    )

    @Argument(help: ArgumentHelp("The release upgraded from.", valueName: "OLD"))
    var old: String

    @Argument(help: ArgumentHelp("The release upgraded to.", valueName: "NEW"))
    var new: String

    @OptionGroup(title: "Release options") var analysis: AnalysisOptions

    @OptionGroup(title: "Deployment options") var deployment: DeploymentOptions

    @Option(help: "text (default), json, sarif or markdown.")
    var format: ReportFormat = .text

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(help: "The most managed policies each generated role may have (IAM: 10 by default, up to 20 on request).")
    var maxManagedPolicies: Int = PolicyQuota.defaultManagedPoliciesPerRole

    func validate() throws {
        guard (1...PolicyQuota.maxManagedPoliciesPerRole).contains(maxManagedPolicies) else {
            throw ValidationError("--max-managed-policies must be between 1 and \(PolicyQuota.maxManagedPoliciesPerRole)")
        }
    }

    @Flag(help: "Exit with status 1 when the role must be updated before upgrading (as git diff --exit-code).")
    var exitCode = false

    func run() throws {
        var roleMustBeUpdated = false, strictFailure = false
        try reportingErrors {
            let releases = try UpgradeAnalyses(release: analysis.source(of: new),
                                               upgradingFrom: [analysis.source(of: old, isPreviousRelease: true)],
                                               catalog: analysis.catalog.load())
            let (before, after) = (releases.olds[0], releases.release)
            let settings = RoleSettings(name: RoleSettings.defaultName(forTemplateAt: new, kind: analysis.kind), kind: analysis.kind,
                                        stackName: deployment.stackName, account: deployment.account,
                                        region: deployment.region, partition: deployment.partition,
                                        quota: PolicyQuota(maxManagedPolicies: maxManagedPolicies))
            let diff = try ReleaseDiff(old: before, new: after, settings: settings, sourceNames: (old, new),
                                       target: deployment.target, options: analysis.derivationOptions.scoping)
            strictFailure = analysis.announceGaps(of: diff.upgrade)
            let assumptions = AnalysisAssumptions(analysis: diff.upgrade)
            try write(try DiffReport(old: old, new: new, diff: diff, assumptions: assumptions).render(format), to: output)
            roleMustBeUpdated = diff.roleMustBeUpdated
            KeptUntilExit.keep(releases, diff)
        }
        if (exitCode && roleMustBeUpdated) || strictFailure { throw ExitCode(1) }
    }
}
