import Testing
@testable import DeployRoleKit

/// Requirements added to a set's sorted ones land where sorting them all again puts them.
@Suite struct RequirementSetMergeTests {
    /// Requirements from a small alphabet, so that many share their action, resource and reason and the
    /// order's later fields (phase, resources) decide; the same seed gives the same requirements.
    private func requirements(count: Int, seed: UInt64, previousRelease: String?) -> [Requirement] {
        var generator = RandomTokens(seed: seed)
        let actions = ["sqs:CreateQueue", "SQS:CreateQueue", "sqs:TagQueue", "lambda:GetFunction", "iam:PassRole"]
        let ids = ["Queue", "Queue2", "Function", "Network/VPC"]
        let reasons = ["create handler", "update handler", "delete handler"]
        let phases: [HandlerPhase] = [.create, .read, .update, .delete]
        return (0..<count).map { _ in
            let id = ids[Int.random(in: 0..<ids.count, using: &generator)]
            return Requirement(
                action: actions[Int.random(in: 0..<actions.count, using: &generator)], phase: phases[Int.random(in: 0..<phases.count, using: &generator)],
                provenance: Provenance(logicalId: id, resourceType: "AWS::SQS::Queue", reason: reasons[Int.random(in: 0..<reasons.count, using: &generator)],
                                       previousRelease: previousRelease),
                scope: GrantScope(resources: [ResourcePattern([.literal("arn:aws:sqs:us-east-1:1:q\(Int.random(in: 0..<3, using: &generator))")])]))
        }
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 6, 7])
    func addedRequirementsTakeTheirSortedPlaces(seed: UInt64) {
        let release = RequirementSet(requirements: requirements(count: 60, seed: seed, previousRelease: nil))
        // Distinct among themselves, and from the release's (which have no previous release).
        let added = Array(Set(requirements(count: 25, seed: seed + 100, previousRelease: "v1.yaml")))
            + Array(Set(requirements(count: 25, seed: seed + 200, previousRelease: "v0.yaml")))
        let merged = RequirementSet(sorted: release.requirements, adding: added, gaps: [], notes: [], pruned: [],
                                    stackNameLimit: nil, boundParameters: [], lowerCaseStackNameRequiredBy: [])
        let sortedAgain = RequirementSet(requirements: release.requirements + added)
        #expect(merged.requirements == sortedAgain.requirements)
        #expect(merged.requirements.count == release.requirements.count + added.count)
    }
}
