import OrderedCollections

/// `AWS::Serverless::Connector` and connectors embedded in a resource's `Connectors` attribute: the
/// permissions from a source resource to each destination, as a managed policy on the source's role, or as a
/// resource-based policy (Lambda permission, queue policy, topic policy) where the destination's service
/// checks one.
extension ServerlessStackExpansion {
    /// Source types whose service invokes a Lambda function through the function's resource policy.
    static let lambdaPermissionSources: Set<String> = [
        "AWS::SNS::Topic", "AWS::S3::Bucket", "AWS::Events::Rule", "AWS::ApiGateway::RestApi",
        "AWS::ApiGatewayV2::Api", "AWS::Serverless::Api", "AWS::Serverless::HttpApi",
    ]

    /// Destination types reached through a resource policy, with the source types that use it.
    static let resourcePolicyDestinations: [String: (suffix: String, type: String, sources: Set<String>)] = [
        "AWS::SQS::Queue": ("QueuePolicy", "AWS::SQS::QueuePolicy", ["AWS::SNS::Topic", "AWS::Events::Rule"]),
        "AWS::SNS::Topic": ("TopicPolicy", "AWS::SNS::TopicPolicy", ["AWS::Events::Rule"]),
    ]

    mutating func expandConnector(_ connector: EvaluatedResource) throws {
        let properties = connector.properties ?? .map([:])
        guard let source = properties["Source"], let destination = properties["Destination"] else {
            throw DeployRoleError(.invalidTemplate, "a connector needs Source and Destination",
                                  location: connector.location, logicalId: connector.logicalId)
        }
        let destinations = destination.asList
        for (index, destination) in destinations.enumerated() {
            let id = destinations.count > 1 ? "\(connector.logicalId)Destination\(index)" : connector.logicalId
            expandConnection(connector, id: id, source: source, destination: destination,
                             permissions: properties["Permissions"])
        }
    }

    private mutating func expandConnection(_ connector: EvaluatedResource, id: String, source: Value,
                                           destination: Value, permissions: Value?) {
        let sourceType = connectorEndpointType(source)
        let destinationType = connectorEndpointType(destination)
        let destinationArn = connectorEndpointArn(destination)
        if destinationType == "AWS::Lambda::Function" || destinationType == "AWS::Serverless::Function",
           Self.lambdaPermissionSources.contains(sourceType) {
            for permission in permissions?.asList ?? [] {
                output.add("\(id)\(permission.concreteString ?? "")LambdaPermission", "AWS::Lambda::Permission",
                           from: connector, [
                               "Action": .string("lambda:InvokeFunction"),
                               "FunctionName": destinationArn,
                               "Principal": .string(Self.servicePrincipal(of: sourceType)),
                               "SourceArn": connectorEndpointArn(source),
                           ])
            }
            return
        }
        if let policy = Self.resourcePolicyDestinations[destinationType], policy.sources.contains(sourceType) {
            let target: Value? = destinationType == "AWS::SQS::Queue"
                ? destination["QueueUrl"] ?? destination["Id"]?.concreteString.map(Value.ref) : destinationArn
            output.add("\(id)\(policy.suffix)", policy.type, from: connector, [
                destinationType == "AWS::SQS::Queue" ? "Queues" : "Topics": target.map { .list([$0]) },
                "PolicyDocument": Self.serviceSendPolicy(
                    principal: Self.servicePrincipal(of: sourceType),
                    action: destinationType == "AWS::SQS::Queue" ? "sqs:SendMessage" : "sns:Publish",
                    resource: destinationArn, sourceArn: connectorEndpointArn(source)),
            ])
            return
        }
        output.add("\(id)Policy", "AWS::IAM::ManagedPolicy", from: connector, [
            "PolicyDocument": .symbol(.deployTime("connector \(permissions?.displayText ?? "") permissions "
                                                  + "from \(sourceType) to \(destinationType)")),
            "Roles": connectorSourceRole(source).map { .list([$0]) },
        ])
    }

    /// The CloudFormation type of a connector's source or destination: its `Type`, or the type of the
    /// resource its `Id` names.
    private func connectorEndpointType(_ endpoint: Value) -> String {
        if let type = endpoint["Type"]?.concreteString { return type }
        return endpoint["Id"]?.concreteString.flatMap(templateType(of:)) ?? "(unknown)"
    }

    /// The ARN of a connector's source or destination.
    private func connectorEndpointArn(_ endpoint: Value) -> Value? {
        if let arn = endpoint["Arn"] { return arn }
        guard let id = endpoint["Id"]?.concreteString else { return nil }
        switch templateType(of: id) {
        case "AWS::SNS::Topic", "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine": return .ref(id)
        case "AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api":
            return Self.regionalArn(service: "execute-api", [.ref(id), .string("/*")])
        default: return .getAtt(id, "Arn")
        }
    }

    /// The role a connector's managed policy is attached to: the source's `RoleName`, the role SAM creates for
    /// a serverless function or state machine, or the role the source names.
    private func connectorSourceRole(_ source: Value) -> Value? {
        if let name = source["RoleName"] { return name }
        guard let id = source["Id"]?.concreteString else { return nil }
        if let serverless = serverlessResources[id] {
            return serverless.properties?["Role"] ?? .ref("\(id)Role")
        }
        let role = stack.resources.first { $0.logicalId == id }?.properties?["Role"]
            ?? stack.resources.first { $0.logicalId == id }?.properties?["RoleArn"]
        return role?.referencedLogicalId.map(Value.ref) ?? role
    }

    /// The service principal of a source type (`sns.amazonaws.com`).
    static func servicePrincipal(of type: String) -> String {
        switch type {
        case "AWS::Events::Rule": return "events.amazonaws.com"
        case "AWS::S3::Bucket": return "s3.amazonaws.com"
        case "AWS::SNS::Topic": return "sns.amazonaws.com"
        default: return "apigateway.amazonaws.com"
        }
    }

    /// Connectors embedded in resources (`Connectors: {Name: {Properties: ...}}` beside `Properties`): each is
    /// the connector `<Resource><Name>` with the resource as its source.
    mutating func expandEmbeddedConnectors() throws {
        var resolver = IntrinsicResolver(template: stack.template, parameterValues: stack.parameterValues)
        resolver.conditionResults = stack.conditionResults
        var observations = IntrinsicResolver.Observations()
        for resource in stack.resources {
            guard let connectors = stack.template.resources[resource.logicalId]?.node["Connectors"]?.mapValue else {
                continue
            }
            for (name, node) in connectors {
                var properties = try node["Properties"].flatMap { try resolver.resolve($0, observations: &observations) }?
                    .mapEntries ?? [:]
                var source = properties["SourceReference"]?.mapEntries ?? [:]
                source["Id"] = .string(resource.logicalId)
                properties["Source"] = .map(source)
                var connector = resource
                connector.logicalId = resource.logicalId + name
                connector.type = "AWS::Serverless::Connector"
                connector.properties = .map(properties)
                try expandConnector(connector)
            }
        }
    }
}
