/// Expands the serverless transform (`AWS::Serverless-2016-10-31`): each `AWS::Serverless::*` resource is
/// replaced by the resources the transform creates for it, so that their permissions are derived like any
/// other resource's.
///
/// Generated resources carry the logical IDs SAM gives them (without the hash SAM appends to deployments,
/// versions and domain names), the location of the serverless resource they come from, and
/// `generatedFrom` naming it. An `AWS::Serverless::*` type the transform does not know is left as it is.
public struct ServerlessTransform: Sendable {
    /// The name a template's `Transform` section gives the serverless transform.
    public static let transformName = "AWS::Serverless-2016-10-31"

    public init() {}

    /// The stack with serverless resources expanded, in this stack and every nested stack.
    public func expand(_ stack: EvaluatedStack) throws -> EvaluatedStack {
        var expanded = stack
        if stack.template.transforms.contains(Self.transformName) {
            var expansion = try ServerlessStackExpansion(stack: stack)
            try expansion.run()
            expanded.resources = expansion.output.resources
            expanded.observations.macros.append(contentsOf: expansion.output.unexpandable)
            expanded.observations.repositoryApplications.append(contentsOf: expansion.output.repositoryApplications)
        }
        expanded.nestedStacks = try stack.nestedStacks.map(expand)
        return expanded
    }
}
