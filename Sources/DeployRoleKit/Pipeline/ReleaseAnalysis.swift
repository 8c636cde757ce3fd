/// A release template read, evaluated and turned into requirements: the common first half of every command.
public struct ReleaseAnalysis: Sendable {
    public let stack: EvaluatedStack
    public let requirements: RequirementSet
    /// The catalog the requirements were derived with.
    public let catalog: Catalog

    /// Loads the template at `path` with its nested stacks, evaluates it with `input`, and derives its
    /// requirements.
    public init(templateAt path: String, input: StackInput = StackInput(),
                options: DerivationOptions = DerivationOptions(), catalog: Catalog = .embedded) throws {
        self.catalog = catalog
        let evaluated = try StackEvaluator(input: input).evaluate(fileAt: path)
        stack = try ServerlessTransform().expand(evaluated)
        requirements = try RequirementDeriver(catalog: catalog, options: options).derive(from: stack)
    }
}
