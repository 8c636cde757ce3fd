/// Nested stacks: CloudFormation fetches each child's template from S3 with the caller's permissions.
struct NestedStackTemplateRule: RequirementRule {
    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        for resource in stack.resources where resource.type == "AWS::CloudFormation::Stack" {
            let url = resource.properties?["TemplateURL"]?.displayText ?? ""
            derivation.require(feature: "nested-stack-template", resource.provenance("read nested template \(url)"))
        }
    }
}
