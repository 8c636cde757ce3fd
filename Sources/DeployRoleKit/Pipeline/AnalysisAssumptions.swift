/// What a verdict rests on, per release read: the parameter values used (given, defaults, or any value),
/// the resources left out by false conditions, the conditions left undecided, and the gaps the user let
/// pass. A check or diff report states these so that an admin knows which deployment it speaks for.
public struct AnalysisAssumptions: Sendable {
    /// One release's assumptions.
    public struct Release: Sendable {
        /// The release template's path.
        public var file: String
        /// Whether it is a release upgraded from (not the release itself).
        public var isPrevious: Bool
        /// `Name=value` for each parameter given a value.
        public var givenParameters: [String]
        /// Parameters that take their template default.
        public var defaultedParameters: [String]
        /// Parameters that may take any value (no value given, `--any-parameter-value` or no default).
        public var openParameters: [String]
        /// Resources left out because their condition is false (nested ones qualified by their stack path).
        public var excludedResources: [String]
        /// Conditions both branches of which count.
        public var undecidedConditions: [String]
    }

    public var releases: [Release]
    /// Permissions that could not be derived and were let pass (`--allow-unknown-types`, ...).
    public var gaps: [String]

    public init(analysis: ReleaseAnalysis) {
        releases = analysis.stacks.enumerated().map { position, stack in
            let given = analysis.input.parameters.values
            var defaulted: [String] = [], open: [String] = [], named: [String] = []
            for (name, parameter) in stack.template.parameters {
                if let value = given[name] { named.append("\(name)=\(value)") }
                else if analysis.input.useDefaults, parameter.defaultValue != nil { defaulted.append(name) }
                else { open.append(name) }
            }
            return Release(
                file: stack.file, isPrevious: position > 0, givenParameters: named, defaultedParameters: defaulted,
                openParameters: open,
                excludedResources: stack.allStacks.flatMap { child in
                    child.excludedResources.map { (child.path + [$0]).joined(separator: "/") }
                },
                undecidedConditions: stack.allStacks.flatMap { child in
                    child.undecidedConditions.map { (child.path + [$0]).joined(separator: "/") }
                })
        }
        gaps = analysis.requirements.gaps.map(\.description)
    }

    /// The assumptions in lines of text (for text and Markdown reports).
    public var lines: [String] {
        var lines: [String] = []
        for release in releases {
            lines.append((release.isPrevious ? "upgrade from " : "release ") + release.file)
            lines.append("  parameters given (\(release.givenParameters.count)): \(Self.list(release.givenParameters))")
            lines.append("  parameters at their default (\(release.defaultedParameters.count)): \(Self.list(release.defaultedParameters))")
            lines.append("  parameters taking any value (\(release.openParameters.count)): \(Self.list(release.openParameters))")
            lines.append("  resources left out by a false condition (\(release.excludedResources.count)): "
                         + Self.list(release.excludedResources))
            lines.append("  conditions with both branches counted (\(release.undecidedConditions.count)): "
                         + Self.list(release.undecidedConditions))
        }
        lines.append("gaps let pass (\(gaps.count)): \(Self.list(gaps))")
        return lines
    }

    /// The assumptions as a JSON object: a list of releases and the gaps.
    public var tree: OutputTree {
        .map([
            ("releases", .list(releases.map { release in
                .map([
                    ("file", .string(release.file)),
                    ("upgradedFrom", .bool(release.isPrevious)),
                    ("parametersGiven", .list(release.givenParameters.map(OutputTree.string))),
                    ("parametersAtDefault", .list(release.defaultedParameters.map(OutputTree.string))),
                    ("parametersTakingAnyValue", .list(release.openParameters.map(OutputTree.string))),
                    ("resourcesLeftOutByFalseConditions", .list(release.excludedResources.map(OutputTree.string))),
                    ("conditionsWithBothBranches", .list(release.undecidedConditions.map(OutputTree.string))),
                ])
            })),
            ("gaps", .list(gaps.map(OutputTree.string))),
        ])
    }

    private static func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }
}
