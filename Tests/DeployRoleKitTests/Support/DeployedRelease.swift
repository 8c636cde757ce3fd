import Foundation
@testable import DeployRoleKit

/// A release's role generated for one stack name, with an evaluator of its policies as IAM holds them, and
/// the requests any deployment of the release sends (for binding tests: this stack's allowed, another's
/// denied).
struct DeployedRelease {
    let generation: RoleGeneration
    let evaluator: PolicyEvaluator

    /// The role generated for `template` deployed as `stackName`, rendered for that name.
    init(_ template: String, stackName: String, input: StackInput = StackInput(),
         options: DerivationOptions = DerivationOptions()) throws {
        let folder = try TemporaryDirectory("deployed")
        let analysis = try ReleaseAnalysis(templateAt: try folder.write("release.yaml", template), input: input, options: options)
        generation = try RoleGeneration(analysis: analysis, settings: RoleSettings(name: "role", stackName: stackName),
                                        sourceName: "release.yaml")
        evaluator = PolicyEvaluator(identityPolicies: try generation.concreteRole().policies, facts: Catalog.embedded)
    }

    /// The requests a deployment of the release as `stackName` sends (its own names, IDs and tags).
    func requests(stackName: String, seed: UInt64) -> [ConcreteRequest] {
        RequestSynthesizer(stacks: generation.analysis.stacks, target: DeploymentTarget(stackName: stackName, seed: seed))
            .requests(for: generation.analysis.requirements)
    }
}
