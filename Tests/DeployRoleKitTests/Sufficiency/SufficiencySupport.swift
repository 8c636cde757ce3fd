import Foundation
import Testing
@testable import DeployRoleKit

/// Checks a generated role against the concrete requests of deployments with random stack names: every
/// request must be allowed by a real IAM evaluation of the generated policies.
enum SufficiencySupport {
    struct Failure: CustomStringConvertible {
        let stackName: String
        let request: ConcreteRequest
        let decision: EvaluationResult.Decision

        var description: String {
            "\(request.request.action) on \(request.request.resource) \(request.request.context) "
                + "for \(request.requirement.provenance.logicalId) (\(request.requirement.phase.rawValue), "
                + "\(request.requirement.provenance.reason)) with stack \(stackName): \(decision.rawValue)"
        }
    }

    /// Stack names CloudFormation accepts: a letter, then letters, digits and hyphens; lengths 1, the
    /// limit, and random lengths between.
    static func stackNames(limit: Int, count: Int, seed: UInt64) -> [String] {
        var random = RandomTokens(seed: seed)
        let first = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let rest = first + Array("0123456789-")
        var lengths = [1, limit]
        while lengths.count < count { lengths.append(Int.random(in: 1...limit, using: &random)) }
        return lengths.map { length in
            var name = String(first.randomElement(using: &random)!)
            while name.count < length {
                let next = rest.randomElement(using: &random)!
                if next == "-", name.last == "-" || name.count == length - 1 { continue }
                name.append(next)
            }
            return name
        }
    }

    /// The requests denied by the generated policies, over `count` random stack names.
    static func failures(of generation: RoleGeneration, options: ScopingOptions, stackNames count: Int = 5,
                         seed: UInt64 = 7) throws -> (requests: Int, failures: [Failure]) {
        let result = try evaluate(generation, options: options, stackNames: count, seed: seed)
        return (result.requests, result.failures)
    }

    /// The requests of `count` deployments with random stack names evaluated against the role rendered for
    /// each one's own name (the denied ones are failures), and the second deployment's write requests on
    /// its existing resources evaluated against the first one's role (the reach: allowed of all).
    static func evaluate(_ generation: RoleGeneration, options: ScopingOptions, stackNames count: Int = 5,
                         seed: UInt64 = 7) throws -> (requests: Int, failures: [Failure], reach: (allowed: Int, of: Int)) {
        let limit = generation.analysis.requirements.stackNameLimit ?? 128
        var failures: [Failure] = []
        var total = 0
        var firstEvaluator: PolicyEvaluator?
        var reach = (allowed: 0, of: 0)
        // A release that names buckets from the stack name deploys only under a lower-case name.
        let lowerCase = !generation.analysis.requirements.lowerCaseStackNameRequiredBy.isEmpty
        let names = stackNames(limit: limit, count: count, seed: seed).map { lowerCase ? $0.lowercased() : $0 }
        for (index, stackName) in names.enumerated() {
            let settings = generation.settings
            let target = DeploymentTarget(stackName: stackName, account: settings.account, region: settings.region,
                                          partition: settings.partition, seed: seed &+ UInt64(index))
            // The role as this deployment's role stack holds it: its stack name and product parameter values.
            let evaluator = PolicyEvaluator(identityPolicies: try generation.concreteRole(for: target).policies,
                                            facts: Catalog.embedded)
            let requests = RequestSynthesizer(stacks: generation.analysis.stacks, target: target, options: options)
                .requests(for: generation.analysis.requirements)
            total += requests.count
            for request in requests {
                let result = evaluator.evaluate(request.request)
                if !result.isAllowed { failures.append(Failure(stackName: stackName, request: request, decision: result.decision)) }
            }
            if let first = firstEvaluator, index == 1 {
                let writes = requests.filter { SecondDeploymentReach.actsOnExistingResource($0, catalog: .embedded) }
                reach = (writes.filter { first.evaluate($0.request).isAllowed }.count, writes.count)
            }
            if index == 0 { firstEvaluator = evaluator }
        }
        return (total, failures, reach)
    }
}
