/// Parameters of an `AWS::SSM::Parameter::Value<...>` type: CloudFormation reads the SSM parameter on
/// create and update.
struct ParameterTypeRule: RequirementRule {
    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        let stackId = stack.stackProvenanceId
        for input in stack.ssmParameters {
            let names = input.parameterName.alternatives().map { $0.textParts ?? [.literal("*")] }
            for name in names {
                derivation.require(feature: \.ssmParameterType, on: SSMParameterScope.scope(forName: name),
                                   target: SSMParameterScope.target(forName: name),
                                   Provenance(logicalId: stackId, resourceType: "AWS::CloudFormation::Stack",
                                              reason: "parameter \(input.parameter) reads SSM parameter \(input.parameterName.displayText)",
                                              location: input.location))
            }
        }
    }
}
