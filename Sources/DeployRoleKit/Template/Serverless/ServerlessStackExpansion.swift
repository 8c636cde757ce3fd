import OrderedCollections

/// The expansion of one stack's serverless resources: the resources in template order, each serverless
/// one replaced by what it generates, then the implicit APIs and embedded connectors.
struct ServerlessStackExpansion {
    let stack: EvaluatedStack
    let globals: ServerlessGlobals
    /// The stack's serverless resources by logical ID, with global properties merged in.
    let serverlessResources: [String: EvaluatedResource]
    var output = ServerlessOutput()
    /// The first function (or state machine) with an `Api` event that names no `RestApiId`: the implicit
    /// `ServerlessRestApi` is generated for it.
    var implicitRestApiSource: EvaluatedResource?
    /// The first function with an `HttpApi` event that names no `ApiId`.
    var implicitHttpApiSource: EvaluatedResource?

    init(stack: EvaluatedStack) throws {
        self.stack = stack
        globals = try ServerlessGlobals(stack: stack)
        var merged: [String: EvaluatedResource] = [:]
        for resource in stack.resources where resource.type.hasPrefix(Self.serverlessPrefix) {
            var resource = resource
            resource.properties = globals.merged(resource.properties, type: resource.type)
            merged[resource.logicalId] = resource
        }
        serverlessResources = merged
    }

    static let serverlessPrefix = "AWS::Serverless::"

    /// Expands every resource of the stack into `output`.
    mutating func run() throws {
        for resource in stack.resources {
            guard let serverless = serverlessResources[resource.logicalId] else {
                output.keep(resource)
                continue
            }
            switch resource.type {
            case "AWS::Serverless::Function": try expandFunction(serverless)
            case "AWS::Serverless::Api": expandRestApi(serverless, logicalId: serverless.logicalId)
            case "AWS::Serverless::HttpApi": expandHttpApi(serverless, logicalId: serverless.logicalId)
            case "AWS::Serverless::SimpleTable": expandSimpleTable(serverless)
            case "AWS::Serverless::LayerVersion": expandLayerVersion(serverless)
            case "AWS::Serverless::StateMachine": try expandStateMachine(serverless)
            case "AWS::Serverless::Connector": try expandConnector(serverless)
            case "AWS::Serverless::GraphQLApi": expandGraphQLApi(serverless)
            case "AWS::Serverless::Application": expandApplication(serverless)
            default: output.keep(resource)
            }
        }
        // An implicit API serves every function of the stack: it is kept unconditional even when the first
        // function needing it has an undecided condition (SAM makes it conditional on any of them).
        if var api = implicitRestApiSource {
            api.properties = globals.properties(ofSection: "Api")
            api.undecidedCondition = nil
            expandRestApi(api, logicalId: "ServerlessRestApi")
        }
        if var api = implicitHttpApiSource {
            api.properties = globals.properties(ofSection: "HttpApi")
            api.undecidedCondition = nil
            expandHttpApi(api, logicalId: "ServerlessHttpApi")
        }
        try expandEmbeddedConnectors()
    }

    /// The type the template gives a logical ID (before expansion), when it is a resource of this stack.
    func templateType(of logicalId: String) -> String? {
        stack.template.resources[logicalId]?.type
    }
}
