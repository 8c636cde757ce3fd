/// For a deployer role: the CloudFormation stack operations on the product stack itself.
struct StackOperationRule: RequirementRule {
    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        guard isRoot, derivation.options.kind == .deployer else { return }
        for operation in derivation.data.stackOperations {
            derivation.require(operation.action, phases: [operation.phase], for: stack.stackResource,
                               Provenance(logicalId: "(stack)", resourceType: "AWS::CloudFormation::Stack",
                                          reason: "stack operation: \(operation.operation)"))
        }
    }
}
