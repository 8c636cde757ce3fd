import ArgumentParser
import DeployRoleKit

/// `deployrole simulate`: evaluates one request against policy files offline.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Evaluate one request against IAM policies offline, with IAM's decision logic.",
        discussion: """
            Exit status: 0 allowed, 1 denied (implicitly or explicitly), 2 bad input.

            Examples:
              deployrole simulate --policy policy.json --action s3:GetObject --resource arn:aws:s3:::bucket/key
              deployrole simulate --policy role.yaml --action iam:PassRole --resource arn:aws:iam::111122223333:role/app --context iam:PassedToService=ec2.amazonaws.com
            """)

    @Option(name: .customLong("policy"), help: "An identity-based JSON policy document (repeatable).")
    var policyFiles: [String] = []

    @Option(name: .customLong("boundary"), help: "A permissions boundary JSON policy document.")
    var boundaryFile: String?

    @Option(name: .customLong("scp"), help: "A service control policy (repeatable; all form one organization level).")
    var scpFiles: [String] = []

    @Option(help: "The action, as service:Action.")
    var action: String?

    @Option(help: "The resource ARN; \"*\" (the default) asks about any resource.")
    var resource: String?

    @Option(help: "The calling principal's ARN.")
    var principal: String?

    @Option(name: .customLong("context"), help: "A request context value as KEY=VALUE (repeatable; a repeated key is multi-valued).")
    var contextArguments: [String] = []

    @OptionGroup var catalog: CatalogOption

    @Flag(help: "Print the decision as JSON.")
    var json = false

    func run() throws {
        var result: EvaluationResult?
        try reportingErrors {
            let simulation = try Simulation(policyFiles: policyFiles, boundaryFile: boundaryFile, scpFiles: scpFiles,
                                            action: action, resource: resource, principal: principal,
                                            contextArguments: contextArguments)
            result = simulation.run(facts: try catalog.load())
            if let result { try write(Simulation.report(result, json: json) + "\n", to: nil) }
        }
        guard let result else { return }
        let status = Simulation.exitStatus(for: result)
        if status != 0 { throw ExitCode(status) }
    }
}
