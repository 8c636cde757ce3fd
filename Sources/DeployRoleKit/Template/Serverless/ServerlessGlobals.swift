import OrderedCollections

/// The template's `Globals` section: properties shared by every serverless resource of a type, merged into
/// each resource before it is expanded.
///
/// As in SAM, a resource's own value wins for scalars, maps merge key by key, and lists are concatenated
/// (global items first).
struct ServerlessGlobals {
    /// Resolved global properties per section name (`Function`, `Api`, `HttpApi`, `SimpleTable`,
    /// `StateMachine`, `LayerVersion`).
    private(set) var sections: [String: OrderedDictionary<String, Value>] = [:]

    /// The serverless resource type each `Globals` section applies to.
    static let sectionTypes: [String: String] = [
        "Function": "AWS::Serverless::Function",
        "Api": "AWS::Serverless::Api",
        "HttpApi": "AWS::Serverless::HttpApi",
        "SimpleTable": "AWS::Serverless::SimpleTable",
        "StateMachine": "AWS::Serverless::StateMachine",
        "LayerVersion": "AWS::Serverless::LayerVersion",
    ]

    /// Reads and resolves the `Globals` section of the stack's template with its parameter values and
    /// condition results.
    init(stack: EvaluatedStack) throws {
        guard let globals = stack.template.root["Globals"] else { return }
        guard let map = globals.mapValue else {
            throw DeployRoleError(.invalidTemplate, "the Globals section must be a mapping", location: globals.location)
        }
        var resolver = IntrinsicResolver(template: stack.template, parameterValues: stack.parameterValues)
        resolver.conditionResults = stack.conditionResults
        var observations = IntrinsicResolver.Observations()
        for (name, node) in map {
            // Sections for types this transform does not expand are not needed.
            guard Self.sectionTypes[name] != nil else { continue }
            sections[name] = try resolver.resolve(node, observations: &observations)?.mapEntries ?? [:]
        }
    }

    /// The properties of a resource of `type` with the global properties of its section merged in.
    func merged(_ properties: Value?, type: String) -> Value? {
        guard let section = Self.sectionTypes.first(where: { $0.value == type })?.key,
              let global = sections[section], !global.isEmpty else { return properties }
        return Self.merge(global: .map(global), local: properties ?? .map([:]))
    }

    /// Every implicit API of the stack shares the `Api` (or `HttpApi`) globals too.
    func properties(ofSection section: String) -> Value {
        .map(sections[section] ?? [:])
    }

    static func merge(global: Value, local: Value) -> Value {
        switch (global, local) {
        case (.map(let globalMap), .map(let localMap)):
            var result = globalMap
            for (key, value) in localMap {
                result[key] = result[key].map { merge(global: $0, local: value) } ?? value
            }
            return .map(result)
        case (.list(let globalItems), .list(let localItems)):
            return .list(globalItems + localItems)
        default:
            return local
        }
    }
}
