/// `Fn::GetAZs`: CloudFormation lists the region's availability zones.
struct AvailabilityZoneRule: RequirementRule {
    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        guard let first = stack.observations.availabilityZoneLookups.first else { return }
        derivation.require(feature: \.availabilityZones, for: stack.stackResource,
                           Provenance(logicalId: stack.stackProvenanceId, resourceType: "AWS::CloudFormation::Stack",
                                      reason: "Fn::GetAZs", location: first))
    }
}
