import ArgumentParser
import DeployRoleKit

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show, for each granted action, which resources and lifecycle phases need it.",
        discussion: """
            Examples:
              deployrole explain release.yaml
              deployrole explain release.yaml iam:PassRole
              deployrole explain release.yaml --format json
            """
    )

    @OptionGroup var release: ReleaseOptions

    @OptionGroup var upgrade: UpgradeOptions

    @Argument(help: "Only this action (service:Action, case-insensitive).")
    var action: String?

    @Option(help: "text (default) or json.")
    var format: ExplanationReport.Format = .text

    func run() throws {
        var strictFailure = false
        try reportingErrors {
            let analysis = try upgrade.analysis(of: release)
            strictFailure = release.options.announceGaps(of: analysis)
            try write(ExplanationReport(requirements: analysis.requirements).render(action: action, format: format), to: nil)
        }
        if strictFailure { throw ExitCode(1) }
    }
}

extension ExplanationReport.Format: ExpressibleByArgument {
}
