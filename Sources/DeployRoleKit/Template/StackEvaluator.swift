import Foundation
import OrderedCollections

/// What a user tells deployrole about the stack to be deployed.
public struct StackInput: Sendable {
    /// Parameter values for the root template.
    public var parameters: ParameterInput
    /// Pseudo parameter values given explicitly (conditions on them can then be decided).
    public var knownPseudoParameters: [PseudoParameter: String]
    /// Folders nested templates may be read from; the root template's folder is always one.
    public var templateRoots: [String]
    /// Whether a parameter without a given value takes its default (true), or may take any value a
    /// customer could choose (false: any of its AllowedValues, else unknown), so that conditions on it
    /// count both branches and the role covers every choice.
    public var useDefaults: Bool
    /// Whether a given parameter the template does not declare is ignored (for an older release, which may
    /// lack parameters the release has) rather than an error.
    public var ignoresUndeclaredParameters: Bool
    /// Whether a nested stack whose template is not under the template roots is a gap (the rest of the
    /// role is derived) rather than an error listing every such stack.
    public var allowsMissingNested: Bool

    public init(parameters: ParameterInput = ParameterInput(), knownPseudoParameters: [PseudoParameter: String] = [:],
                templateRoots: [String] = [], useDefaults: Bool = true, ignoresUndeclaredParameters: Bool = false,
                allowsMissingNested: Bool = false) {
        self.parameters = parameters
        self.knownPseudoParameters = knownPseudoParameters
        self.templateRoots = templateRoots
        self.useDefaults = useDefaults
        self.ignoresUndeclaredParameters = ignoresUndeclaredParameters
        self.allowsMissingNested = allowsMissingNested
    }
}

/// Loads a template and its nested stacks and evaluates them: parameter values, conditions, the resources
/// in scope with their properties resolved.
public struct StackEvaluator: Sendable {
    public var input: StackInput
    public var decoder: TemplateDecoder

    public init(input: StackInput = StackInput(), decoder: TemplateDecoder = TemplateDecoder()) {
        self.input = input
        self.decoder = decoder
    }

    /// Loads and evaluates the root template at `path` and every nested stack it creates. `-` reads the
    /// template from standard input; its nested templates are then found from the current folder.
    public func evaluate(fileAt path: String) throws -> EvaluatedStack {
        let template = try Template.load(fileAt: path, decoder: decoder)
        let folder = path == "-" ? FileManager.default.currentDirectoryPath : URL(fileURLWithPath: path).deletingLastPathComponent().path
        let roots = ([folder] + input.templateRoots)
            .map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path }
        for name in input.parameters.values.keys where template.parameters[name] == nil && !input.ignoresUndeclaredParameters {
            throw DeployRoleError(.invalidParameter, "parameter \(name) is given but the template does not declare it",
                                  file: path)
        }
        let given = input.parameters.values.filter { template.parameters[$0.key] != nil }.mapValues { Value.string($0) }
        var locator = NestedTemplateLocator(roots: roots)
        let stack = try evaluate(template, given: Dictionary(uniqueKeysWithValues: given.map { ($0.key, $0.value) }),
                                 path: [], ancestry: [canonical(path)], locator: &locator)
        let missing = stack.allStacks.flatMap(\.missingNestedStacks)
        if !missing.isEmpty, !input.allowsMissingNested {
            throw DeployRoleError(.nestedStack,
                                  "\(missing.count) nested templates not found under the template roots (\(roots.joined(separator: ", "))): "
                                      + missing.map(\.summary).joined(separator: "; ")
                                      + "; lay each out under a --template-root by the path its URL ends with, "
                                      + "or give --allow-missing-nested to derive the rest of the role",
                                  location: missing[0].resource.location, logicalId: missing[0].resource.qualifiedId)
        }
        return stack
    }

    /// Evaluates an already loaded template (used for nested stacks and for tests).
    public func evaluate(_ template: Template, given: [String: Value] = [:]) throws -> EvaluatedStack {
        var locator = NestedTemplateLocator(roots: [URL(fileURLWithPath: template.file).deletingLastPathComponent().path])
        return try evaluate(template, given: given, path: [], ancestry: [canonical(template.file)], locator: &locator)
    }

    private func evaluate(_ template: Template, given: [String: Value], path: [String], ancestry: [String],
                          locator: inout NestedTemplateLocator) throws -> EvaluatedStack {
        var template = template
        var parameterValues: [String: Value] = [:]
        var ssmParameters: [SSMParameterInput] = []
        for (name, parameter) in template.parameters {
            let value = try Self.value(of: parameter, given: given[name], useDefault: input.useDefaults)
            if parameter.isSSMParameterType {
                ssmParameters.append(SSMParameterInput(parameter: name, parameterName: value, location: parameter.location))
                parameterValues[name] = .symbol(.parameter(name))
            } else {
                parameterValues[name] = value
            }
        }
        var includes = (included: [IncludedSnippet](), unread: [IncludedSnippet]())
        if template.transforms.contains(IncludeTransform.transformName) || Self.callsInclude(template.root) {
            let locations = IntrinsicResolver(template: template, parameterValues: parameterValues,
                                              knownPseudoParameters: input.knownPseudoParameters)
            var include = IncludeTransform(file: template.file, locator: locator, decoder: decoder) { node in
                var observations = IntrinsicResolver.Observations()
                return try locations.resolve(node, observations: &observations)
            }
            template = try Template(root: try include.expand(template.root), file: template.file, readAs: template)
            locator = include.locator
            includes = (include.included, include.unread)
        }
        var symbolicLoops: [String] = []
        if template.transforms.contains(LanguageExtensions.transformName) {
            let collections = IntrinsicResolver(template: template, parameterValues: parameterValues,
                                                knownPseudoParameters: input.knownPseudoParameters)
            var extensions = LanguageExtensions { node in
                var observations = IntrinsicResolver.Observations()
                return try collections.resolve(node, observations: &observations)
            }
            template = try Template(root: try extensions.expand(template.root), file: template.file, readAs: template)
            symbolicLoops = extensions.symbolicLoops
        }
        var resolver = IntrinsicResolver(template: template, parameterValues: parameterValues,
                                         knownPseudoParameters: input.knownPseudoParameters)
        var observations = IntrinsicResolver.Observations()
        resolver.conditionResults = try ConditionEvaluator.evaluateAll(resolver, observations: &observations)

        var stack = EvaluatedStack(file: template.file, template: template, path: path,
                                   parameterValues: parameterValues, conditionResults: resolver.conditionResults,
                                   ssmParameters: ssmParameters)
        stack.symbolicLoops = symbolicLoops
        stack.includedSnippets = includes.included
        stack.unreadIncludes = includes.unread
        for (logicalId, resource) in template.resources {
            var conditional = false
            if let condition = resource.condition {
                guard let decision = resolver.conditionResults[condition] else {
                    throw DeployRoleError(.invalidTemplate, "the resource's Condition \(condition) is not declared",
                                          location: resource.location, logicalId: logicalId)
                }
                if decision == false { stack.excludedResources.append(logicalId); continue }
                conditional = decision == nil
            }
            let properties: Value?
            do {
                properties = try resource.properties.flatMap { try resolver.resolve($0, observations: &observations) }
            } catch var error as DeployRoleError {
                if error.logicalId == nil { error.logicalId = logicalId }
                if error.file == nil { error.file = template.file }
                throw error
            }
            var evaluated = EvaluatedResource(resource: resource, properties: properties,
                                              undecidedCondition: conditional ? resource.condition : nil,
                                              stackPath: path, file: template.file)
            if resource.deletionPolicy == nil, let policy = resource.node["DeletionPolicy"] {
                evaluated.deletionPolicy = try Self.policy(policy, resolver: resolver, observations: &observations)
            }
            if resource.updateReplacePolicy == nil, let policy = resource.node["UpdateReplacePolicy"] {
                evaluated.updateReplacePolicy = try Self.policy(policy, resolver: resolver, observations: &observations)
            }
            stack.resources.append(evaluated)
            if resource.type == "AWS::CloudFormation::Stack" || Self.isLocalApplication(evaluated, in: template) {
                do {
                    stack.nestedStacks.append(try evaluateNested(evaluated, parent: template, path: path,
                                                                 ancestry: ancestry, locator: &locator))
                } catch let notFound as NestedTemplateLocator.NotFound {
                    stack.missingNestedStacks.append(MissingNestedStack(resource: evaluated, url: notFound.url, keys: notFound.keys))
                }
            }
        }
        stack.observations = observations
        return stack
    }

    private func evaluateNested(_ resource: EvaluatedResource, parent: Template, path: [String], ancestry: [String],
                                locator: inout NestedTemplateLocator) throws -> EvaluatedStack {
        guard let url = resource.properties?[resource.type == "AWS::CloudFormation::Stack" ? "TemplateURL" : "Location"] else {
            throw DeployRoleError(.nestedStack, "the nested stack has no TemplateURL", location: resource.location,
                                  logicalId: resource.logicalId)
        }
        let childPath = try locator.locate(url, parentFile: parent.file, resource: resource)
        let canonicalPath = canonical(childPath)
        if ancestry.contains(canonicalPath) {
            throw DeployRoleError(.nestedStack,
                                  "nested stacks form a cycle: \((ancestry + [canonicalPath]).joined(separator: " -> "))",
                                  location: resource.location, logicalId: resource.logicalId)
        }
        let template = try Template.load(fileAt: Self.displayPath(childPath), decoder: decoder)
        var given: [String: Value] = [:]
        if case .map(let parameters)? = resource.properties?["Parameters"] {
            for (name, value) in parameters {
                guard template.parameters[name] != nil else {
                    throw DeployRoleError(.nestedStack, "passes parameter \(name), which \(childPath) does not declare",
                                          location: resource.location, logicalId: resource.logicalId)
                }
                given[name] = Self.valuePassed(value, to: template.parameters[name], by: parent)
            }
        }
        return try evaluate(template, given: given, path: path + [resource.logicalId],
                            ancestry: ancestry + [canonicalPath], locator: &locator)
    }

    /// The value a parent passes to a child's parameter. A value the child's AllowedValues refuse, from a
    /// parent a macro transforms, is one the macro rewrites (a placeholder it resolves, as
    /// `QuickStartParameterResolver` resolves `~~/path~~`): known only at deployment, while the macro
    /// itself is reported (TransformRule).
    static func valuePassed(_ value: Value, to parameter: TemplateParameter?, by parent: Template) -> Value {
        guard let macro = parent.macros.first, let allowed = parameter?.allowedValues,
              let text = value.concreteString, !allowed.contains(text) else { return value }
        return .symbol(.deployTime("\(parameter?.name ?? "") as transform \(macro) rewrites it"))
    }

    /// Whether a resource is a serverless application whose template is a file (a local path, or an S3 URL
    /// found under the template roots), not an application of the Serverless Application Repository: the
    /// serverless transform makes it a nested stack, so it is evaluated as one.
    static func isLocalApplication(_ resource: EvaluatedResource, in template: Template) -> Bool {
        guard resource.type == "AWS::Serverless::Application",
              template.transforms.contains(ServerlessTransform.transformName),
              let location = resource.properties?["Location"] else { return false }
        return location.mapValue == nil
    }

    /// Whether the template calls `Fn::Transform` with `AWS::Include` anywhere.
    static func callsInclude(_ node: TemplateNode) -> Bool {
        switch node.kind {
        case .map(let map):
            if map["Fn::Transform"]?["Name"]?.stringValue == IncludeTransform.transformName { return true }
            return map.values.contains(where: callsInclude)
        case .list(let items):
            return items.contains(where: callsInclude)
        default:
            return false
        }
    }

    /// A `DeletionPolicy` or `UpdateReplacePolicy` given by an intrinsic (language extensions): the
    /// policy it resolves to; `Snapshot` when any alternative is; ``EvaluatedResource/deployTimePolicy``
    /// when it is known only at deployment.
    static func policy(_ node: TemplateNode, resolver: IntrinsicResolver,
                       observations: inout IntrinsicResolver.Observations) throws -> String? {
        guard let value = try resolver.resolve(node, observations: &observations) else { return nil }
        let policies = value.alternatives().map(\.concreteString)
        if policies.contains("Snapshot") { return "Snapshot" }
        if policies.contains(nil) { return EvaluatedResource.deployTimePolicy }
        return policies.compactMap { $0 }.first
    }

    /// The value a parameter takes: the given value (checked against AllowedValues), else its default (when
    /// defaults are used), else any of its AllowedValues, else symbolic.
    static func value(of parameter: TemplateParameter, given: Value?, useDefault: Bool) throws -> Value {
        let raw: Value
        if let given {
            raw = given
            if let allowed = parameter.allowedValues, let text = given.concreteString, !allowed.contains(text) {
                throw DeployRoleError(.invalidParameter,
                                      "value \"\(text)\" is not one of the AllowedValues [\(allowed.joined(separator: ", "))]",
                                      location: parameter.location, logicalId: parameter.name)
            }
        } else if useDefault, let defaultValue = parameter.defaultValue {
            raw = .string(defaultValue)
        } else if !useDefault, let allowed = parameter.allowedValues, !allowed.isEmpty, !parameter.isList {
            return allowed.count == 1 ? .string(allowed[0]) : .either(allowed.map(Value.string))
        } else {
            return .symbol(.parameter(parameter.name))
        }
        if parameter.isList, !parameter.isSSMParameterType, let text = raw.concreteString {
            return .list(text.components(separatedBy: ",").map(Value.string))
        }
        return raw
    }

    /// A path relative to the working directory when it lies below it (for locations in reports), else as is.
    static func displayPath(_ path: String) -> String {
        let directory = FileManager.default.currentDirectoryPath
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    private func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// A template parameter of an `AWS::SSM::Parameter::Value<...>` type: CloudFormation reads the named SSM
/// parameter at deploy time.
public struct SSMParameterInput: Sendable, Hashable {
    /// The template parameter's name.
    public var parameter: String
    /// The SSM parameter name (its value or default), symbolic when not known.
    public var parameterName: Value
    public var location: SourceLocation?
}
