/// A request AWS would authorize for one requirement in one deployment.
public struct ConcreteRequest: Sendable, Hashable {
    public let requirement: Requirement
    public let request: EvaluationRequest
    /// Whether the request creates the resource it names (which therefore does not exist before it):
    /// `ec2:CreateSecurityGroup` on the new group, not `ec2:CreateSecurityGroup` on the VPC it goes in.
    public let createsResource: Bool
    /// The stack resource (qualified logical ID) whose ARN the request names; nil for `*`, literal ARNs,
    /// and resources outside the stack.
    public let stackResource: String?

    public init(requirement: Requirement, request: EvaluationRequest, createsResource: Bool = false,
                stackResource: String? = nil) {
        self.requirement = requirement
        self.request = request
        self.createsResource = createsResource
        self.stackResource = stackResource
    }

    /// The same request made for another requirement.
    func replacingRequirement(with requirement: Requirement) -> ConcreteRequest {
        ConcreteRequest(requirement: requirement, request: request, createsResource: createsResource,
                        stackResource: stackResource)
    }
}
