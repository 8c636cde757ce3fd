/// A release template read, evaluated and turned into requirements: the common first half of every command.
public struct ReleaseAnalysis: Sendable {
    public let stack: EvaluatedStack
    /// For an upgrade, the release upgraded from: its resources are updated, replaced, deleted and rolled
    /// back to during the upgrade.
    public let previousStack: EvaluatedStack?
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
        previousStack = nil
        requirements = try RequirementDeriver(catalog: catalog, options: options).derive(from: stack)
    }

    /// What upgrading from `old` to `new` needs, and rolling it back: everything `new` needs (creating
    /// added resources, updating changed ones, replacing, and later operations on the new release), plus
    /// what `old` needs to read, update and delete its resources (deleting removed and replaced resources,
    /// rolling changed ones back to the old release).
    public init(upgradingFrom old: ReleaseAnalysis, to new: ReleaseAnalysis) {
        catalog = new.catalog
        stack = new.stack
        previousStack = old.stack
        let kept = old.requirements.requirements.filter { [.read, .update, .delete].contains($0.phase) }
        let limits = [old.requirements.stackNameLimit, new.requirements.stackNameLimit].compactMap { $0 }
        requirements = RequirementSet(
            requirements: new.requirements.requirements + kept,
            gaps: new.requirements.gaps + old.requirements.gaps,
            notes: new.requirements.notes + old.requirements.notes.map { "previous release: \($0)" },
            pruned: new.requirements.pruned + old.requirements.pruned,
            stackNameLimit: limits.min())
    }

    /// The stacks whose resources the requirements name (the release, then the one upgraded from).
    public var stacks: [EvaluatedStack] { [stack] + (previousStack.map { [$0] } ?? []) }
}
