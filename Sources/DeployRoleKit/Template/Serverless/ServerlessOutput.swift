import OrderedCollections

/// The resources the serverless transform generates for one stack, each tied to the `AWS::Serverless::*`
/// resource it comes from.
struct ServerlessOutput {
    private(set) var resources: [EvaluatedResource] = []
    /// Descriptions of what cannot be expanded offline, reported like unexpanded macros.
    private(set) var unexpandable: [MacroUse] = []
    /// The Serverless Application Repository applications the transform asks for templates.
    private(set) var repositoryApplications: [RepositoryApplication] = []

    /// Whether a resource with this logical ID was generated already (shared resources are generated once).
    func contains(_ logicalId: String) -> Bool {
        resources.contains { $0.logicalId == logicalId }
    }

    /// Adds a resource generated for `source`, with its location, nested-stack path and undecided condition.
    /// Properties whose value is nil are left out.
    mutating func add(_ logicalId: String, _ type: String, from source: EvaluatedResource,
                      _ properties: KeyValuePairs<String, Value?>) {
        var values = OrderedDictionary<String, Value>()
        for (key, value) in properties { if let value { values[key] = value } }
        add(logicalId, type, from: source, properties: values)
    }

    /// Adds a resource generated for `source` with properties already assembled.
    mutating func add(_ logicalId: String, _ type: String, from source: EvaluatedResource,
                      properties: OrderedDictionary<String, Value>) {
        var resource = EvaluatedResource(logicalId: logicalId, type: type, properties: .map(properties),
                                         location: source.location, stackPath: source.stackPath, file: source.file)
        resource.undecidedCondition = source.undecidedCondition
        resource.generatedFrom = "\(source.type) \(source.logicalId)"
        resources.append(resource)
    }

    /// Keeps a resource as it is (the transform leaves it alone).
    mutating func keep(_ resource: EvaluatedResource) {
        resources.append(resource)
    }

    /// Records something the transform would need online (for example a Serverless Application Repository
    /// template).
    mutating func reportUnexpandable(_ description: String, at location: SourceLocation?) {
        unexpandable.append(MacroUse(name: description, location: location))
    }

    /// Records an application of the Serverless Application Repository the transform asks for a template.
    mutating func recordRepositoryApplication(_ application: RepositoryApplication) {
        repositoryApplications.append(application)
    }
}

/// Shorthands for the values generated resources carry.
extension Value {
    /// `Ref` to a resource of the stack.
    static func ref(_ logicalId: String) -> Value { .symbol(.resourceReference(logicalId: logicalId)) }

    /// `Fn::GetAtt` of a resource of the stack.
    static func getAtt(_ logicalId: String, _ attribute: String) -> Value {
        .symbol(.attribute(logicalId: logicalId, name: attribute))
    }

    /// The ARN of an AWS managed policy, by path and name (`service-role/AWSLambdaBasicExecutionRole`).
    static func awsManagedPolicy(_ name: String) -> Value {
        .joining([.literal("arn:"), .symbol(.pseudo(.partition)), .literal(":iam::aws:policy/\(name)")])
    }

    /// A map of the given entries, leaving out nil values.
    static func object(_ entries: KeyValuePairs<String, Value?>) -> Value {
        var values = OrderedDictionary<String, Value>()
        for (key, value) in entries { if let value { values[key] = value } }
        return .map(values)
    }

    /// The logical ID this value refers to, when it is a `Ref` or `Fn::GetAtt` of a resource.
    var referencedLogicalId: String? {
        switch self {
        case .symbol(.resourceReference(let logicalId)), .symbol(.attribute(let logicalId, _)): return logicalId
        default: return nil
        }
    }

    /// A map's entries, empty for anything else.
    var mapEntries: OrderedDictionary<String, Value> {
        if case .map(let map) = self { return map }
        return [:]
    }

    /// The value as a list: itself when it is a list, a one-item list otherwise.
    var asList: [Value] { listValue ?? [self] }

    /// Whether the value is the boolean true (or the string "true").
    var isTrue: Bool { concreteString?.lowercased() == "true" }
}

/// Logical ID pieces as SAM builds them.
enum ServerlessNaming {
    /// The alphanumeric characters of a concrete value (SAM strips the others), or nil when not concrete.
    static func alphanumeric(_ value: Value?) -> String? {
        guard let text = value?.concreteString else { return nil }
        return String(text.filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }

    /// `Tags` as a CloudFormation tag list, with SAM's `lambda:createdBy` tag first when `createdBySAM` is set.
    static func tagList(_ tags: Value?, createdBySAM: Bool) -> Value? {
        var items: [Value] = []
        if createdBySAM { items.append(.object(["Key": .string("lambda:createdBy"), "Value": .string("SAM")])) }
        for (key, value) in tags?.mapEntries ?? [:] {
            items.append(.object(["Key": .string(key), "Value": value]))
        }
        return items.isEmpty ? nil : .list(items)
    }
}
