/// A request AWS would authorize for one requirement in one deployment.
public struct ConcreteRequest: Sendable, Hashable {
    public let requirement: Requirement
    public let request: EvaluationRequest
}
