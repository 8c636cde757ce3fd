import ArgumentParser
import DeployRoleKit

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show, for each granted action, which resources and lifecycle phases need it."
    )

    @OptionGroup var release: ReleaseOptions

    @Argument(help: "Only this action (service:Action, case-insensitive).")
    var action: String?

    func run() throws {
        try reportingErrors {
            let analysis = try release.analysis()
            try write(ExplanationReport(requirements: analysis.requirements).render(action: action), to: nil)
        }
    }
}
