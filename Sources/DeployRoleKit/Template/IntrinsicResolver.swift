import Foundation
import OrderedCollections

/// Resolves intrinsic functions in template nodes to `Value`s, as far as the known inputs allow.
///
/// Values only known at deploy time stay symbolic; they are not errors. A reference to something the
/// template does not declare is an error with the node's location.
public struct IntrinsicResolver: Sendable {
    public let template: Template
    /// The value of each declared parameter (concrete, or symbolic when it has no value and no default).
    public let parameterValues: [String: Value]
    /// Pseudo parameter values the user gave explicitly; the others stay symbolic.
    public let knownPseudoParameters: [PseudoParameter: String]
    /// The decision for each condition (`nil` when it depends on values unknown before deployment).
    public var conditionResults: [String: Bool?] = [:]

    public init(template: Template, parameterValues: [String: Value],
                knownPseudoParameters: [PseudoParameter: String] = [:]) {
        self.template = template
        self.parameterValues = parameterValues
        self.knownPseudoParameters = knownPseudoParameters
    }

    /// What resolution met on its way that needs permissions or a report.
    public struct Observations: Sendable, Hashable {
        /// Locations of `Fn::GetAZs` calls.
        public var availabilityZoneLookups: [SourceLocation?] = []
        /// `Fn::Transform` macros met inside the template (and what transforms could not expand).
        public var macros: [MacroUse] = []
        /// `Fn::GetStackOutput` calls: CloudFormation reads another stack's outputs.
        public var stackOutputReads: [StackOutputRead] = []
        /// Applications of the Serverless Application Repository the serverless transform asks for templates.
        public var repositoryApplications: [RepositoryApplication] = []
    }

    /// Resolves a node; returns nil for `AWS::NoValue` (the property is removed).
    public func resolve(_ node: TemplateNode, observations: inout Observations) throws -> Value? {
        switch node.kind {
        case .string(let text): return .string(text)
        case .number(let text): return .number(text)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .list(let items):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items {
                if let value = try resolve(item, observations: &observations) { values.append(value) }
            }
            return .list(values)
        case .map(let map):
            if let call = node.intrinsicCall, call.name != "Condition" {
                return try resolveCall(call.name, call.argument, at: node, observations: &observations)
            }
            var values = OrderedDictionary<String, Value>()
            values.reserveCapacity(map.count)
            for (key, child) in map {
                if let value = try resolve(child, observations: &observations) { values[key] = value }
            }
            return .map(values)
        }
    }

    // MARK: - Functions

    private func resolveCall(_ name: String, _ argument: TemplateNode, at node: TemplateNode,
                             observations: inout Observations) throws -> Value? {
        switch name {
        case "Ref":
            guard let target = argument.stringValue else {
                let resolved = try resolve(argument, observations: &observations)
                guard let target = resolved?.concreteString else {
                    throw error("Ref takes the name of a parameter or resource", at: argument)
                }
                return try reference(target, at: node)
            }
            return try reference(target, at: node)
        case "Fn::GetAtt":
            return try getAtt(argument, at: node, observations: &observations)
        case "Fn::Sub":
            return try sub(argument, at: node, observations: &observations)
        case "Fn::Join":
            return try join(argument, at: node, observations: &observations)
        case "Fn::Select":
            return try select(argument, at: node, observations: &observations)
        case "Fn::Split":
            return try split(argument, at: node, observations: &observations)
        case "Fn::If":
            return try ifFunction(argument, at: node, observations: &observations)
        case "Fn::FindInMap":
            return try findInMap(argument, at: node, observations: &observations)
        case "Fn::GetAZs":
            observations.availabilityZoneLookups.append(node.location)
            return .symbol(.deployTime("Fn::GetAZs"))
        case "Fn::GetStackOutput":
            guard let stackName = argument["StackName"], argument["OutputName"] != nil else {
                throw error("Fn::GetStackOutput takes {StackName, OutputName, Region, RoleArn}", at: node)
            }
            observations.stackOutputReads.append(StackOutputRead(
                stackName: try resolve(stackName, observations: &observations) ?? .string(""),
                region: try argument["Region"].flatMap { try resolve($0, observations: &observations) },
                roleArn: try argument["RoleArn"].flatMap { try resolve($0, observations: &observations) },
                location: node.location))
            return .symbol(.deployTime("Fn::GetStackOutput"))
        case "Fn::ImportValue":
            let exportName = try resolve(argument, observations: &observations) ?? .string("")
            return .symbol(.importedValue(exportName.displayText))
        case "Fn::Base64":
            // The content matters for the analysis (dynamic references, names), not its encoding.
            return try resolve(argument, observations: &observations)
        case "Fn::Cidr":
            _ = try resolve(argument, observations: &observations)
            return .symbol(.deployTime("Fn::Cidr"))
        case "Fn::Length":
            let list = try resolve(argument, observations: &observations)
            if let items = list?.listValue, list?.isConcrete == true { return .number(String(items.count)) }
            return .symbol(.deployTime("Fn::Length"))
        case "Fn::ToJsonString":
            let value = try resolve(argument, observations: &observations) ?? .null
            if value.isConcrete, let json = Self.jsonText(value) { return .string(json) }
            return .either([value, .symbol(.deployTime("Fn::ToJsonString"))])
        case "Fn::Transform":
            let names = (argument.listValue ?? [argument]).map { $0["Name"]?.stringValue ?? "(unnamed)" }
            for name in names { observations.macros.append(MacroUse(name: name, location: node.location)) }
            return .symbol(.deployTime("Fn::Transform \(names.joined(separator: ", "))"))
        case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
            var evaluator = ConditionEvaluator(resolver: self)
            switch try evaluator.evaluate(node, observations: &observations) {
            case .some(let decided): return .bool(decided)
            case .none: return .either([.bool(true), .bool(false)])
            }
        default:
            throw DeployRoleError(.unsupportedFeature, "unsupported intrinsic function \(name)", location: node.location)
        }
    }

    /// `Ref` to a parameter, pseudo parameter or resource.
    func reference(_ target: String, at node: TemplateNode) throws -> Value? {
        if target == "AWS::NoValue" { return nil }
        if let pseudo = PseudoParameter(rawValue: target) {
            if let known = knownPseudoParameters[pseudo] { return .string(known) }
            return .symbol(.pseudo(pseudo))
        }
        if let value = parameterValues[target] { return value }
        if template.resources[target] != nil || isServerlessGenerated(target) {
            return .symbol(.resourceReference(logicalId: target))
        }
        if let module = module(containing: target) { return .symbol(.deployTime("Ref to \(target) of module \(module)")) }
        throw error("Ref to \(target), which is neither a parameter nor a resource of the template", at: node)
    }

    private func getAtt(_ argument: TemplateNode, at node: TemplateNode, observations: inout Observations) throws -> Value {
        let parts: [String]
        if let dotted = argument.stringValue {
            guard let dot = dotted.firstIndex(of: ".") else { throw error("Fn::GetAtt needs LogicalId.Attribute", at: node) }
            parts = [String(dotted[..<dot]), String(dotted[dotted.index(after: dot)...])]
        } else if let list = argument.listValue, list.count == 2, let logicalId = list[0].stringValue {
            let attribute = try resolve(list[1], observations: &observations)
            parts = [logicalId, attribute?.concreteString ?? "*"]
        } else {
            throw error("Fn::GetAtt takes [LogicalId, Attribute]", at: node)
        }
        guard template.resources[parts[0]] != nil || isServerlessGenerated(parts[0]) else {
            if let module = module(containing: parts[0]) {
                return .symbol(.deployTime("Fn::GetAtt of \(parts[0]) of module \(module)"))
            }
            throw error("Fn::GetAtt of \(parts[0]), which is not a resource of the template", at: node)
        }
        return .symbol(.attribute(logicalId: parts[0], name: parts[1]))
    }

    private func sub(_ argument: TemplateNode, at node: TemplateNode, observations: inout Observations) throws -> Value {
        let format: String
        var variables: [String: Value] = [:]
        if let text = argument.stringValue {
            format = text
        } else if let list = argument.listValue, list.count == 2, let text = list[0].stringValue {
            format = text
            guard let map = list[1].mapValue else { throw error("Fn::Sub variables must be a mapping", at: node) }
            for (name, child) in map {
                variables[name] = try resolve(child, observations: &observations) ?? .string("")
            }
        } else if let format = argument.listValue?.first ?? Optional(argument), format.mapValue?["Fn::Transform"] != nil {
            // A macro writes the format at deploy time (the macro itself is recorded, and reported).
            _ = try resolve(format, observations: &observations)
            return .symbol(.deployTime("Fn::Sub of a macro's output"))
        } else {
            throw error("Fn::Sub takes a string or [string, {variables}]", at: node)
        }
        var parts: [TextPart] = []
        for piece in SubstitutionFormat.parse(format) {
            switch piece {
            case .literal(let text):
                parts.append(.literal(text))
            case .variable(let name):
                let value: Value
                if let given = variables[name] {
                    value = given
                } else if let dot = name.firstIndex(of: "."), PseudoParameter(rawValue: name) == nil,
                          template.resources[String(name[..<dot])] != nil {
                    value = .symbol(.attribute(logicalId: String(name[..<dot]),
                                               name: String(name[name.index(after: dot)...])))
                } else {
                    value = try reference(name, at: node) ?? .string("")
                }
                parts.append(contentsOf: textParts(of: value, describing: "${\(name)}"))
            }
        }
        return Value.joining(parts)
    }

    private func join(_ argument: TemplateNode, at node: TemplateNode, observations: inout Observations) throws -> Value {
        guard let list = argument.listValue, list.count == 2 else { throw error("Fn::Join takes [delimiter, [values]]", at: node) }
        let delimiter = try resolve(list[0], observations: &observations)?.concreteString ?? ""
        guard let items = try resolve(list[1], observations: &observations) else { return .string("") }
        guard let values = items.listValue else {
            return .symbol(.deployTime("Fn::Join of \(items.displayText)"))
        }
        var parts: [TextPart] = []
        for (index, value) in values.enumerated() {
            if index > 0 { parts.append(.literal(delimiter)) }
            parts.append(contentsOf: textParts(of: value, describing: "Fn::Join item"))
        }
        return Value.joining(parts)
    }

    private func select(_ argument: TemplateNode, at node: TemplateNode, observations: inout Observations) throws -> Value {
        guard let list = argument.listValue, list.count == 2 else { throw error("Fn::Select takes [index, [values]]", at: node) }
        let indexValue = try resolve(list[0], observations: &observations)
        let values = try resolve(list[1], observations: &observations)
        guard let indexText = indexValue?.concreteString, let items = values?.listValue else {
            return .symbol(.deployTime("Fn::Select"))
        }
        guard let index = Int(indexText), index >= 0 else { throw error("Fn::Select index \(indexText) is not a number", at: node) }
        guard index < items.count else {
            if values?.isConcrete == true {
                throw error("Fn::Select index \(index) is out of range (\(items.count) values)", at: node)
            }
            return .symbol(.deployTime("Fn::Select"))
        }
        return items[index]
    }

    private func split(_ argument: TemplateNode, at node: TemplateNode, observations: inout Observations) throws -> Value {
        guard let list = argument.listValue, list.count == 2 else { throw error("Fn::Split takes [delimiter, string]", at: node) }
        guard let delimiter = try resolve(list[0], observations: &observations)?.concreteString, !delimiter.isEmpty else {
            throw error("Fn::Split needs a non-empty delimiter", at: node)
        }
        let source = try resolve(list[1], observations: &observations)
        if let text = source?.concreteString {
            return .list(text.components(separatedBy: delimiter).map(Value.string))
        }
        return .symbol(.deployTime("Fn::Split of \(source?.displayText ?? "")"))
    }

    private func ifFunction(_ argument: TemplateNode, at node: TemplateNode, observations: inout Observations) throws -> Value? {
        guard let list = argument.listValue, list.count == 3, let condition = list[0].stringValue else {
            throw error("Fn::If takes [condition, value if true, value if false]", at: node)
        }
        guard let decision = conditionResults[condition] else {
            throw error("Fn::If names condition \(condition), which the template does not declare", at: node)
        }
        switch decision {
        case true: return try resolve(list[1], observations: &observations)
        case false: return try resolve(list[2], observations: &observations)
        case nil:
            let branches = try [list[1], list[2]].compactMap { try resolve($0, observations: &observations) }
            if branches.isEmpty { return nil }
            return branches.count == 1 || branches[0] == branches[1] ? branches[0] : .either(branches)
        }
    }

    private func findInMap(_ argument: TemplateNode, at node: TemplateNode, observations: inout Observations) throws -> Value? {
        guard let list = argument.listValue, list.count == 3 || list.count == 4 else {
            throw error("Fn::FindInMap takes [map, top-level key, second-level key] and an optional {DefaultValue}", at: node)
        }
        let defaultValue = try list.count == 4 ? list[3]["DefaultValue"].flatMap { try resolve($0, observations: &observations) } : nil
        let keys = try list.prefix(3).map { try resolve($0, observations: &observations) ?? .string("") }
        guard let mapName = keys[0].concreteString else { return .symbol(.deployTime("Fn::FindInMap")) }
        guard let mapping = template.mappings[mapName]?.mapValue else {
            if let defaultValue { return defaultValue }
            throw error("Fn::FindInMap names mapping \(mapName), which the template does not declare", at: node)
        }
        var candidates: [TemplateNode] = []
        let topNodes: [TemplateNode] = keys[1].concreteString.map { mapping[$0].map { [$0] } ?? [] } ?? Array(mapping.values)
        for top in topNodes {
            guard let second = top.mapValue else { continue }
            if let key = keys[2].concreteString {
                if let found = second[key] { candidates.append(found) }
            } else {
                candidates.append(contentsOf: second.values)
            }
        }
        var values: [Value] = []
        for candidate in candidates {
            if let value = try resolve(candidate, observations: &observations), !values.contains(value) { values.append(value) }
        }
        let keysKnown = keys[1].concreteString != nil && keys[2].concreteString != nil
        if let defaultValue, !keysKnown || values.isEmpty, !values.contains(defaultValue) { values.append(defaultValue) }
        if values.isEmpty {
            throw error("Fn::FindInMap finds no value for [\(keys.map(\.displayText).joined(separator: ", "))]", at: node)
        }
        return values.count == 1 ? values[0] : .either(values)
    }

    // MARK: - Helpers

    /// Whether a name the template does not declare is one the serverless transform generates: the implicit
    /// APIs and deployment application, or a name built on a serverless resource's logical ID
    /// (`MyFunctionRole`, `MyFunction.Alias`, `MyApi.Stage`).
    /// The registry module (a `...::MODULE` type) whose resource `name` names, as `ModuleIdResourceId` or
    /// `ModuleId.ResourceId` (CloudFormation user guide, "Referencing resources in a module"). The module's
    /// contents come from the registry: the value is known only at deployment, and the module itself is an
    /// unknown type the derivation reports.
    private func module(containing name: String) -> String? {
        template.resources.values.first { resource in
            resource.type.hasSuffix("::MODULE") && name.count > resource.logicalId.count && name.hasPrefix(resource.logicalId)
        }?.logicalId
    }

    private func isServerlessGenerated(_ name: String) -> Bool {
        guard template.transforms.contains(ServerlessTransform.transformName) else { return false }
        if ["ServerlessRestApi", "ServerlessHttpApi", "ServerlessDeploymentApplication"].contains(name) { return true }
        return template.resources.values.contains { resource in
            resource.type.hasPrefix("AWS::Serverless::") && name.hasPrefix(resource.logicalId)
        }
    }

    private func textParts(of value: Value, describing what: String) -> [TextPart] {
        if let parts = value.textParts { return parts }
        return [.symbol(.deployTime(what))]
    }

    private func error(_ message: String, at node: TemplateNode) -> DeployRoleError {
        DeployRoleError(.unresolvableValue, message, location: node.location)
    }

    /// Compact JSON of a concrete value, keys sorted, numbers as written.
    static func jsonText(_ value: Value) -> String? {
        switch value {
        case .string(let text): return OutputTree.jsonQuoted(text)
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .list(let items):
            let rendered = items.compactMap(jsonText)
            return rendered.count == items.count ? "[" + rendered.joined(separator: ",") + "]" : nil
        case .map(let map):
            var members: [String] = []
            // In the template's order, as CloudFormation writes it (cfn-lint's good fixture
            // functions_findinmap_enhanced.yaml maps the result of `{To: Json, String: Function}`).
            for (key, member) in map {
                guard let item = jsonText(member) else { return nil }
                members.append(OutputTree.jsonQuoted(key) + ":" + item)
            }
            return "{" + members.joined(separator: ",") + "}"
        default: return nil
        }
    }
}

/// An `Fn::GetStackOutput` call: the stack whose output CloudFormation reads, in which region, and the role
/// it assumes to read it (another account's stack).
public struct StackOutputRead: Hashable, Sendable {
    public var stackName: Value
    public var region: Value?
    public var roleArn: Value?
    public var location: SourceLocation?
}

/// A macro (`Fn::Transform`, or a transform's part that cannot be expanded offline) and where it is used.
public struct MacroUse: Hashable, Sendable, Comparable {
    public var name: String
    public var location: SourceLocation?

    public init(name: String, location: SourceLocation?) {
        self.name = name
        self.location = location
    }

    public static func < (lhs: MacroUse, rhs: MacroUse) -> Bool {
        (lhs.name, lhs.location?.description ?? "") < (rhs.name, rhs.location?.description ?? "")
    }
}

/// The pieces of an `Fn::Sub` format string.
enum SubstitutionFormat {
    enum Piece: Equatable { case literal(String), variable(String) }

    /// Splits `a-${Name}-${!Literal}` into literal text and variable names (`${!X}` stays literal `${X}`).
    static func parse(_ format: String) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        var index = format.startIndex
        while index < format.endIndex {
            if format[index] == "$", format.index(after: index) < format.endIndex, format[format.index(after: index)] == "{",
               let close = format[index...].firstIndex(of: "}") {
                let inner = format[format.index(index, offsetBy: 2)..<close]
                if inner.hasPrefix("!") {
                    literal += "${" + inner.dropFirst() + "}"
                } else {
                    if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
                    pieces.append(.variable(inner.trimmingCharacters(in: .whitespaces)))
                }
                index = format.index(after: close)
            } else {
                literal.append(format[index])
                index = format.index(after: index)
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }
}
