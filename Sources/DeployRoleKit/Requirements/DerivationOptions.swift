/// How requirements are derived.
public struct DerivationOptions: Sendable, Hashable {
    public var kind: RoleKind
    /// Report a resource type found nowhere as a gap instead of failing.
    public var allowUnknownTypes: Bool
    /// Report a transform or macro deployrole cannot expand as a gap instead of failing.
    public var allowUnexpandedMacros: Bool
    public var scoping: ScopingOptions
    /// Leave out handler actions that serve only properties the template never sets
    /// (`property-actions.tsv`).
    public var prunePropertyActions: Bool
    /// Whether the releases customers upgrade from are given (`--upgrade-from`): only then are actions
    /// pruned whose property is removed by the same actions, since an older release that set it brings
    /// them back through its own update needs.
    public var previousReleasesGiven: Bool

    public init(kind: RoleKind = .deployer, allowUnknownTypes: Bool = false, allowUnexpandedMacros: Bool = false,
                scoping: ScopingOptions = ScopingOptions(), prunePropertyActions: Bool = true,
                previousReleasesGiven: Bool = false) {
        self.kind = kind
        self.allowUnknownTypes = allowUnknownTypes
        self.allowUnexpandedMacros = allowUnexpandedMacros
        self.scoping = scoping
        self.prunePropertyActions = prunePropertyActions
        self.previousReleasesGiven = previousReleasesGiven
    }
}
