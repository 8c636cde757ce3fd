import ArgumentParser
import DeployRoleKit
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check whether an existing role can deploy, update and delete a release (or upgrade to it, with --upgrade-from), with an offline IAM evaluation.",
        discussion: """
            Exit status: 0 the role is sufficient, 1 permissions are missing (or, with --strict, a gap was let pass), 2 usage or input error.

            Examples:
              deployrole check release.yaml --role role.yaml
              deployrole check v2/release.yaml --role current-role.yaml --upgrade-from v1/release.yaml --parameters stack-parameters.json
              deployrole check release.yaml --role auth-details.json --role-name DeployRole --format sarif -o check.sarif
            """
    )

    @OptionGroup var release: ReleaseOptions

    @Option(name: .customLong("role"), help: "The role: a deployrole role template, any CloudFormation template with an AWS::IAM::Role, IAM policy JSON, deployrole's policy-json, or get-account-authorization-details output (repeatable).")
    var roles: [String]

    @Option(help: "The role's name or logical ID (needed for authorization details and templates with several roles).")
    var roleName: String?

    @OptionGroup var upgrade: UpgradeOptions

    @OptionGroup(title: "Deployment options") var deployment: DeploymentOptions

    @Flag(help: "Also list the granted actions nothing needs.")
    var excess = false

    @Option(help: "text (default), json, sarif or markdown.")
    var format: ReportFormat = .text

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "FILE"))
    var output: String?

    func run() throws {
        var sufficient = true, strictFailure = false
        try reportingErrors {
            let analysis = try upgrade.analysis(of: release)
            strictFailure = release.options.announceGaps(of: analysis)
            var target = deployment.target
            // A role template's parameters named like the product's take the values the product is given.
            target.parameters = Dictionary(uniqueKeysWithValues: try release.options.stackInput().parameters.values.map { ($0.key, $0.value) })
            let role = try RoleDefinition.load(paths: roles, roleName: roleName, target: target)
            let check = RoleCheck(analysis: analysis, role: role, target: target, options: release.derivationOptions.scoping)
            let report = CheckReport(release: release.template, role: role.source, check: check, includeExcess: excess,
                                     assumptions: AnalysisAssumptions(analysis: analysis))
            try write(try report.render(format), to: output)
            sufficient = check.isSufficient
            KeptUntilExit.keep(analysis, role, check, report)
        }
        if !sufficient || strictFailure { throw ExitCode(1) }
    }
}

extension ReportFormat: ExpressibleByArgument {}
