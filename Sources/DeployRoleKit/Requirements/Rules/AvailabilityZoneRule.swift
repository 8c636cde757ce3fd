/// `Fn::GetAZs`: CloudFormation lists the region's availability zones.
struct AvailabilityZoneRule: RequirementRule {
    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        guard let first = stack.observations.availabilityZoneLookups.first else { return }
        let stackId = stack.path.isEmpty ? "(stack)" : stack.path.joined(separator: "/")
        derivation.require(feature: "availability-zones",
                           Provenance(logicalId: stackId, resourceType: "AWS::CloudFormation::Stack",
                                      reason: "Fn::GetAZs", location: first))
    }
}
