/// A template after evaluation: the resources in scope, with their nested stacks.
public struct EvaluatedStack: Sendable {
    public var file: String
    public var template: Template
    /// Logical IDs of the nested-stack resources leading to this stack from the root; empty for the root.
    public var path: [String]
    public var parameterValues: [String: Value]
    public var conditionResults: [String: Bool?]
    public var ssmParameters: [SSMParameterInput]
    /// Resources whose condition holds or is undecided, in template order.
    public var resources: [EvaluatedResource] = []
    /// Resources left out because their condition is false.
    public var excludedResources: [String] = []
    /// Stacks created by `AWS::CloudFormation::Stack` resources of this template, in template order.
    public var nestedStacks: [EvaluatedStack] = []
    /// Nested stacks of this template whose templates are not under the template roots (allowed only with
    /// `StackInput.allowsMissingNested`: their permissions are gaps).
    public var missingNestedStacks: [MissingNestedStack] = []
    public var observations = IntrinsicResolver.Observations()
    /// `Fn::ForEach` loops (`AWS::LanguageExtensions`) whose collection is known only at deployment,
    /// expanded once for any element.
    public var symbolicLoops: [String] = []
    /// The snippets `AWS::Include` read into the template.
    public var includedSnippets: [IncludedSnippet] = []
    /// Snippets of the top-level `AWS::Include` transform that are not under the template roots.
    public var unreadIncludes: [IncludedSnippet] = []

    /// Conditions that cannot be decided before deployment (both branches count).
    public var undecidedConditions: [String] {
        template.conditions.keys.filter { conditionResults[$0] == .some(nil) }
    }

    /// This stack and every stack nested below it, depth first.
    public var allStacks: [EvaluatedStack] {
        [self] + nestedStacks.flatMap(\.allStacks)
    }
}

/// A resource in scope, its properties resolved.
public struct EvaluatedResource: Sendable, Hashable {
    public var logicalId: String { didSet { qualifiedId = Self.qualified(logicalId, in: stackPath) } }
    public var type: String
    public var properties: Value?
    public var location: SourceLocation?
    /// The resource's condition when it cannot be decided before deployment.
    public var undecidedCondition: String?
    /// A policy known only at deployment (a parameter): any of them, `Snapshot` included where the type
    /// supports it.
    public static let deployTimePolicy = "(deploy-time)"
    public var deletionPolicy: String?
    public var updateReplacePolicy: String?
    public var dependsOn: [String]
    public var stackPath: [String] { didSet { qualifiedId = Self.qualified(logicalId, in: stackPath) } }
    public var file: String
    /// For a resource a transform generated, the resource it came from (`AWS::Serverless::Function Handler`).
    public var generatedFrom: String?

    public init(resource: TemplateResource, properties: Value?, undecidedCondition: String?, stackPath: [String],
                file: String) {
        logicalId = resource.logicalId
        type = resource.type
        self.properties = properties
        location = resource.location
        self.undecidedCondition = undecidedCondition
        deletionPolicy = resource.deletionPolicy
        updateReplacePolicy = resource.updateReplacePolicy
        dependsOn = resource.dependsOn
        self.stackPath = stackPath
        self.file = file
        qualifiedId = Self.qualified(resource.logicalId, in: stackPath)
    }

    public init(logicalId: String, type: String, properties: Value?, location: SourceLocation?, stackPath: [String],
                file: String) {
        self.logicalId = logicalId
        self.type = type
        self.properties = properties
        self.location = location
        undecidedCondition = nil
        deletionPolicy = nil
        updateReplacePolicy = nil
        dependsOn = []
        self.stackPath = stackPath
        self.file = file
        qualifiedId = Self.qualified(logicalId, in: stackPath)
    }

    /// The logical ID qualified by its nested-stack path (`Child/Bucket`), kept as the two change (read
    /// for every request of the resource).
    public private(set) var qualifiedId: String

    private static func qualified(_ logicalId: String, in stackPath: [String]) -> String {
        stackPath.isEmpty ? logicalId : (stackPath + [logicalId]).joined(separator: "/")
    }
}

/// A nested stack whose template is not available locally.
public struct MissingNestedStack: Sendable, Hashable {
    /// The nested-stack resource.
    public var resource: EvaluatedResource
    /// Its TemplateURL as written.
    public var url: String
    /// Where the template was looked for; empty when the URL is known only at deploy time.
    public var keys: [String]

    /// One line: the resource, the URL and the keys searched.
    public var summary: String {
        let searched = keys.isEmpty ? "known only at deploy time, no file name to look for"
            : "looked for \(keys.joined(separator: ", "))"
        return "\(resource.qualifiedId) (TemplateURL \(url); \(searched))"
    }
}
