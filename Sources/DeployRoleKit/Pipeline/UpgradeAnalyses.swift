/// A release and the releases customers upgrade to it from, analysed on the machine's cores: every template
/// is read and evaluated at once, then every release's requirements are derived at once (the release upgraded
/// to needs only the older releases' stacks, ``ScopingOptions/upgrading(from:catalog:)``, not their
/// requirements).
public struct UpgradeAnalyses: Sendable {
    /// The releases upgraded from, in the order given.
    public let olds: [ReleaseAnalysis]
    /// The release upgraded to, alone (``ReleaseAnalysis/init(upgradingFrom:to:)`` joins it with ``olds``).
    public let release: ReleaseAnalysis

    /// - Throws: the first error in the order olds, then release (as analysing them one after the other
    ///   would).
    public init(release: ReleaseSource, upgradingFrom olds: [ReleaseSource], catalog: Catalog = .embedded) throws {
        let sources = olds + [release]
        let stacks = try Parallel.map(sources) { source in
            try ReleaseAnalysis.expanded(try StackEvaluator(input: source.input).evaluate(fileAt: source.templatePath))
        }
        var releaseOptions = release.options
        releaseOptions.scoping.upgrading(from: Array(stacks.dropLast()), catalog: catalog)
        let optionsUsed = olds.map(\.options) + [releaseOptions]
        let analyses = try Parallel.map(Array(sources.indices)) { index in
            try ReleaseAnalysis(expanded: stacks[index], input: sources[index].input, options: optionsUsed[index],
                                catalog: catalog)
        }
        self.olds = Array(analyses.dropLast())
        self.release = analyses[analyses.count - 1]
    }

    /// The release as upgraded from every older one (the release alone when there are none).
    public var upgrade: ReleaseAnalysis {
        olds.isEmpty ? release : ReleaseAnalysis(upgradingFrom: olds, to: release)
    }
}
