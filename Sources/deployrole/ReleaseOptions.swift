import ArgumentParser
import DeployRoleKit

/// The options every command that reads a release template shares.
struct ReleaseOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The release template (YAML or JSON); - reads it from standard input.", valueName: "RELEASE"))
    var template: String

    @OptionGroup(title: "Release options") var options: AnalysisOptions

    var kind: RoleKind { options.kind }
    var derivationOptions: DerivationOptions { options.derivationOptions }

    func analysis() throws -> ReleaseAnalysis { try options.analysis(of: template) }
}

/// The releases a customer upgrades from (generate, check).
struct UpgradeOptions: ParsableArguments {
    @Option(name: .customLong("upgrade-from"),
            help: ArgumentHelp("A release customers upgrade from: its template, or a folder of releases (one subfolder per release, each holding a template named as the release's); repeatable. The role then also covers updating, replacing, deleting and rolling back that release's resources during the upgrade.",
                               valueName: "FILE|DIR"))
    var upgradeFrom: [String] = []

    /// The release's analysis, as an upgrade from every release named (the release alone when none is).
    func analysis(of release: ReleaseOptions) throws -> ReleaseAnalysis {
        guard !upgradeFrom.isEmpty else { return try release.analysis() }
        var options = release.options
        options.previousReleasesGiven = true
        // The resources of a release upgraded from are as it left them: its own pruning holds for them too.
        let olds = try PreviousReleases.templates(for: upgradeFrom, release: release.template).map {
            try options.source(of: $0, isPreviousRelease: true)
        }
        return try UpgradeAnalyses(release: options.source(of: release.template), upgradingFrom: olds,
                                   catalog: options.catalog.load()).upgrade
    }
}

/// How a release is read and its requirements derived (every option but the template itself).
struct AnalysisOptions: ParsableArguments {
    @Option(name: .customLong("parameters"),
            help: ArgumentHelp("Parameter values: the AWS CLI's [{\"ParameterKey\":..,\"ParameterValue\":..}] JSON, or a Key=Value file.", valueName: "FILE"))
    var parametersFile: String?

    @Option(name: .customLong("parameter"), help: ArgumentHelp("A parameter value (repeatable; overrides --parameters).", valueName: "KEY=VALUE"))
    var parameterAssignments: [String] = []

    @Option(name: .customLong("template-root"),
            help: ArgumentHelp("A folder nested templates may be read from (repeatable); the release template's folder always is.", valueName: "DIR"))
    var templateRoots: [String] = []

    @Flag(help: "Cover every value a customer may give the parameters without a value here: ignore defaults (a parameter then takes any of its AllowedValues, or is unknown), so that conditions on them count both branches.")
    var anyParameterValue = false

    @Option(help: "deployer (assumed to call CloudFormation: stack operations plus resource permissions) or service-role (passed to CloudFormation with --role-arn: resource permissions only).")
    var kind: RoleKind = .deployer

    @Flag(help: "Report a resource type found nowhere as a gap instead of failing.")
    var allowUnknownTypes = false

    @Flag(help: "Report a transform or macro that cannot be expanded offline as a gap instead of failing.")
    var allowUnexpandedMacros = false

    @Flag(help: "Report a nested stack whose template is not under the template roots as a gap and derive the rest, instead of failing (the error lists every missing template and where it was looked for).")
    var allowMissingNested = false

    @Flag(help: "Exit with status 1 when a gap was let pass (--allow-unknown-types, --allow-unexpanded-macros, --allow-missing-nested), after writing the output.")
    var strict = false

    @Flag(help: "Keep the handler actions that serve only properties the template never sets.")
    var noPruning = false

    @Flag(help: "Service-linked roles exist before deployment: do not grant iam:CreateServiceLinkedRole.")
    var noServiceLinkedRoles = false

    @Option(help: "A permissions boundary ARN every role of the stack carries; IAM role writes then require it.")
    var permissionsBoundary: String?

    @Option(help: "Product stack names up to this length must always work; a generated-name pattern needing a shorter limit falls back to its type's account-wide ARN.")
    var minStackNameLength: Int = ScopingOptions().minimumStackNameLength

    @OptionGroup var catalog: CatalogOption

    /// - Parameter isPreviousRelease: an older release ignores given parameters it does not declare.
    /// Set by `--upgrade-from` (see `DerivationOptions.previousReleasesGiven`).
    var previousReleasesGiven = false

    func stackInput(isPreviousRelease: Bool = false) throws -> StackInput {
        var parameters = try parametersFile.map(ParameterInput.load(fileAt:)) ?? ParameterInput()
        for assignment in parameterAssignments {
            let (key, value) = try ParameterInput.parseAssignment(assignment)
            parameters.values[key] = value
        }
        return StackInput(parameters: parameters, templateRoots: templateRoots, useDefaults: !anyParameterValue,
                          ignoresUndeclaredParameters: isPreviousRelease, allowsMissingNested: allowMissingNested)
    }

    /// One release alone, analysed.
    func analysis(of template: String) throws -> ReleaseAnalysis {
        let source = try source(of: template)
        return try ReleaseAnalysis(templateAt: source.templatePath, input: source.input, options: source.options,
                                   catalog: catalog.load())
    }

    /// A release to analyse with these options (``UpgradeAnalyses`` for an upgrade).
    func source(of template: String, isPreviousRelease: Bool = false) throws -> ReleaseSource {
        ReleaseSource(templatePath: template, input: try stackInput(isPreviousRelease: isPreviousRelease),
                      options: derivationOptions)
    }

    /// Warns on standard error of every gap the analysis let pass; returns whether `--strict` makes that a
    /// failure (status 1).
    func announceGaps(of analysis: ReleaseAnalysis) -> Bool {
        for gap in analysis.requirements.gaps { printError("deployrole: warning: gap let pass: \(gap)") }
        return strict && !analysis.requirements.gaps.isEmpty
    }

    var derivationOptions: DerivationOptions {
        DerivationOptions(kind: kind, allowUnknownTypes: allowUnknownTypes, allowUnexpandedMacros: allowUnexpandedMacros,
                          scoping: ScopingOptions(serviceLinkedRolesArePrerequisites: noServiceLinkedRoles,
                                                  permissionsBoundary: permissionsBoundary,
                                                  minimumStackNameLength: minStackNameLength),
                          prunePropertyActions: !noPruning, previousReleasesGiven: previousReleasesGiven)
    }
}

extension RoleKind: ExpressibleByArgument {}
