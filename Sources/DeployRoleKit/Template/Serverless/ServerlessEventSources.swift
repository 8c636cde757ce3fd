import OrderedCollections

/// What an event source invokes: a function (or its alias), or a state machine.
struct ServerlessEventTarget {
    /// The serverless resource whose `Events` these are.
    let source: EvaluatedResource
    /// The ARN events deliver to.
    let arn: Value
    /// The function name (or alias) a Lambda permission is for.
    let name: Value
    /// State machines are started through a role SAM creates per event, not through a Lambda permission.
    let isStateMachine: Bool
}

/// What SAM generates for one event source type.
struct ServerlessEventSource {
    /// The resource type generated under the `<Target><Event>` logical ID, if any.
    let generatedType: String?
    /// The service principal of the Lambda permission letting the source invoke a function, when it needs one.
    let permissionPrincipal: String?
    /// The property naming the source of a Lambda event source mapping, renamed `EventSourceArn`.
    let sourceArnProperty: String?
    /// AWS managed policy SAM attaches to the execution role for a polled source.
    let executionRoleManagedPolicy: String?
    /// Actions SAM grants the execution role in an inline policy for a polled source.
    let executionRoleActions: [String]

    init(_ generatedType: String?, permission: String? = nil, sourceArn: String? = nil, managedPolicy: String? = nil,
         actions: [String] = []) {
        self.generatedType = generatedType
        permissionPrincipal = permission
        sourceArnProperty = sourceArn
        executionRoleManagedPolicy = managedPolicy
        executionRoleActions = actions
    }

    private static let mapping = "AWS::Lambda::EventSourceMapping"
    private static let rule = "AWS::Events::Rule"

    /// Event source types of `AWS::Serverless::Function`.
    static let function: [String: ServerlessEventSource] = [
        "S3": .init(nil, permission: "s3.amazonaws.com"),
        "SNS": .init("AWS::SNS::Subscription", permission: "sns.amazonaws.com"),
        "SQS": .init(mapping, sourceArn: "Queue", managedPolicy: "service-role/AWSLambdaSQSQueueExecutionRole"),
        "Kinesis": .init(mapping, sourceArn: "Stream", managedPolicy: "service-role/AWSLambdaKinesisExecutionRole"),
        "DynamoDB": .init(mapping, sourceArn: "Stream", managedPolicy: "service-role/AWSLambdaDynamoDBExecutionRole"),
        "MSK": .init(mapping, sourceArn: "Stream", managedPolicy: "service-role/AWSLambdaMSKExecutionRole"),
        "MQ": .init(mapping, sourceArn: "Broker", actions: [
            "secretsmanager:GetSecretValue", "mq:DescribeBroker", "ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets", "ec2:DescribeVpcs"]),
        "SelfManagedKafka": .init(mapping, actions: [
            "secretsmanager:GetSecretValue", "kms:Decrypt", "ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets", "ec2:DescribeVpcs"]),
        "DocumentDB": .init(mapping, sourceArn: "Cluster", actions: [
            "rds:DescribeDBClusterParameters", "rds:DescribeDBSubnetGroups", "rds:DescribeDBClusters",
            "secretsmanager:GetSecretValue", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
            "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets",
            "ec2:DescribeVpcs"]),
        "Api": .init(nil, permission: "apigateway.amazonaws.com"),
        "HttpApi": .init(nil, permission: "apigateway.amazonaws.com"),
        "Schedule": .init(rule, permission: "events.amazonaws.com"),
        "CloudWatchEvent": .init(rule, permission: "events.amazonaws.com"),
        "EventBridgeRule": .init(rule, permission: "events.amazonaws.com"),
        "ScheduleV2": .init("AWS::Scheduler::Schedule"),
        "CloudWatchLogs": .init("AWS::Logs::SubscriptionFilter", permission: "logs.amazonaws.com"),
        "IoTRule": .init("AWS::IoT::TopicRule", permission: "iot.amazonaws.com"),
        "AlexaSkill": .init(nil, permission: "alexa-appkit.amazon.com"),
        "Cognito": .init(nil, permission: "cognito-idp.amazonaws.com"),
    ]

    /// Event source types of `AWS::Serverless::StateMachine` (each starts executions through a role).
    static let stateMachine: [String: ServerlessEventSource] = [
        "Api": .init(nil),
        "Schedule": .init(rule),
        "CloudWatchEvent": .init(rule),
        "EventBridgeRule": .init(rule),
        "ScheduleV2": .init("AWS::Scheduler::Schedule"),
    ]
}

extension ServerlessStackExpansion {
    /// Generates the resources of one entry of `Events`, and adds what the execution role needs to `role`.
    mutating func expandEvent(named name: String, _ event: Value, target: ServerlessEventTarget,
                              role: inout ServerlessRole?) throws {
        let owner = target.source
        let table = target.isStateMachine ? ServerlessEventSource.stateMachine : ServerlessEventSource.function
        guard let type = event["Type"]?.concreteString, let source = table[type] else {
            throw DeployRoleError(.invalidTemplate,
                                  "event \(name) has type \(event["Type"]?.displayText ?? "(none)"), which "
                                  + "\(owner.type) does not support (\(table.keys.sorted().joined(separator: ", ")))",
                                  location: owner.location, logicalId: owner.logicalId)
        }
        let eventId = owner.logicalId + name
        let properties = event["Properties"] ?? .map([:])

        if let policy = source.executionRoleManagedPolicy { role?.addManagedPolicy(named: policy) }
        if !source.executionRoleActions.isEmpty {
            role?.addStatement(actions: source.executionRoleActions, resource: .string("*"))
        }

        var sourceArn: Value?
        var permissionId = "\(eventId)Permission"
        switch type {
        case "SNS":
            sourceArn = properties["Topic"]
            if let sqs = properties["SqsSubscription"], sqs.isTrue || sqs.mapEntries.count > 0 {
                expandSNSToSQS(eventId: eventId, properties: properties, subscription: sqs, target: target,
                               role: &role)
                return
            }
        case "Api":
            sourceArn = apiPermissionSourceArn(properties, restApiKey: "RestApiId", target: target,
                                               permissionSuffix: &permissionId)
        case "HttpApi":
            var unusedSuffix = ""
            sourceArn = apiPermissionSourceArn(properties, restApiKey: "ApiId", target: target,
                                               permissionSuffix: &unusedSuffix)
        case "Cognito":
            permissionId = "\(owner.logicalId)CognitoPermission"
            sourceArn = properties["UserPool"]?.referencedLogicalId.map { .getAtt($0, "Arn") }
        case "CloudWatchLogs":
            sourceArn = Self.regionalArn(service: "logs", [.string("log-group:"), properties["LogGroupName"], .string(":*")])
        case "IoTRule":
            sourceArn = Self.regionalArn(service: "iot", [.string("rule/"), .ref(eventId)])
        default:
            if source.generatedType == "AWS::Events::Rule" { sourceArn = .getAtt(eventId, "Arn") }
        }

        if let generatedType = source.generatedType {
            output.add(eventId, generatedType, from: owner,
                       properties: generatedProperties(generatedType, eventId: eventId, properties: properties,
                                                       source: source, target: target))
        }
        expandDeadLetterQueue(eventId: eventId, properties: properties, target: target,
                              needsQueuePolicy: type != "ScheduleV2")
        if target.isStateMachine {
            expandStateMachineEventRole(eventId: eventId, type: type, properties: properties, target: target)
        } else if type == "ScheduleV2" {
            expandSchedulerRole(eventId: eventId, properties: properties, target: target,
                                action: "lambda:InvokeFunction")
        } else if let principal = source.permissionPrincipal {
            output.add(permissionId, "AWS::Lambda::Permission", from: owner, [
                "Action": .string("lambda:InvokeFunction"),
                "FunctionName": target.name,
                "Principal": .string(principal),
                "SourceArn": sourceArn,
                "SourceAccount": type == "S3" ? .symbol(.pseudo(.accountId)) : nil,
                "EventSourceToken": type == "AlexaSkill" ? properties["SkillId"] : nil,
            ])
        }
    }

    /// The properties of the resource generated under the event's logical ID.
    private func generatedProperties(_ type: String, eventId: String, properties: Value, source: ServerlessEventSource,
                                     target: ServerlessEventTarget) -> OrderedDictionary<String, Value> {
        let ruleTarget = Value.object([
            "Arn": target.arn,
            "Id": .string("\(eventId)\(target.isStateMachine ? "StepFunctionsTarget" : "LambdaTarget")"),
            "RoleArn": target.isStateMachine ? .getAtt("\(eventId)Role", "Arn") : nil,
            "Input": properties["Input"],
            "InputPath": properties["InputPath"],
            "RetryPolicy": properties["RetryPolicy"],
            "DeadLetterConfig": deadLetterQueueArn(eventId: eventId, properties: properties).map { .object(["Arn": $0]) },
        ])
        switch type {
        case "AWS::Lambda::EventSourceMapping":
            var mapping = properties.mapEntries
            if let key = source.sourceArnProperty, let arn = mapping.removeValue(forKey: key) {
                mapping["EventSourceArn"] = arn
            }
            mapping["FunctionName"] = target.name
            return mapping
        case "AWS::SNS::Subscription":
            return Value.object([
                "Protocol": .string("lambda"), "Endpoint": target.arn, "TopicArn": properties["Topic"],
                "Region": properties["Region"], "FilterPolicy": properties["FilterPolicy"],
                "FilterPolicyScope": properties["FilterPolicyScope"], "RedrivePolicy": properties["RedrivePolicy"],
            ]).mapEntries
        case "AWS::Events::Rule":
            let state = properties["Enabled"].map { Value.string($0.isTrue ? "ENABLED" : "DISABLED") } ?? properties["State"]
            return Value.object([
                "Name": properties["Name"] ?? properties["RuleName"], "Description": properties["Description"],
                "EventBusName": properties["EventBusName"], "EventPattern": properties["Pattern"],
                "ScheduleExpression": properties["Schedule"], "State": state, "Targets": .list([ruleTarget]),
            ]).mapEntries
        case "AWS::Scheduler::Schedule":
            return Value.object([
                "Name": properties["Name"], "GroupName": properties["GroupName"],
                "Description": properties["Description"], "ScheduleExpression": properties["ScheduleExpression"],
                "ScheduleExpressionTimezone": properties["ScheduleExpressionTimezone"],
                "FlexibleTimeWindow": properties["FlexibleTimeWindow"] ?? .object(["Mode": .string("OFF")]),
                "State": properties["State"], "KmsKeyArn": properties["KmsKeyArn"],
                "StartDate": properties["StartDate"], "EndDate": properties["EndDate"],
                "Target": .object([
                    "Arn": target.arn,
                    "RoleArn": properties["RoleArn"] ?? .getAtt("\(eventId)Role", "Arn"),
                    "Input": properties["Input"], "RetryPolicy": properties["RetryPolicy"],
                    "DeadLetterConfig": deadLetterQueueArn(eventId: eventId, properties: properties)
                        .map { .object(["Arn": $0]) },
                ]),
            ]).mapEntries
        case "AWS::Logs::SubscriptionFilter":
            return Value.object([
                "LogGroupName": properties["LogGroupName"], "FilterPattern": properties["FilterPattern"],
                "DestinationArn": target.arn,
            ]).mapEntries
        case "AWS::IoT::TopicRule":
            return Value.object(["TopicRulePayload": .object([
                "Sql": properties["Sql"], "AwsIotSqlVersion": properties["AwsIotSqlVersion"],
                "RuleDisabled": .bool(false),
                "Actions": .list([.object(["Lambda": .object(["FunctionArn": target.arn])])]),
            ])]).mapEntries
        default:
            return properties.mapEntries
        }
    }

    /// An ARN in the stack's partition, region and account: `arn:${AWS::Partition}:<service>:${AWS::Region}:
    /// ${AWS::AccountId}:<resource>`.
    static func regionalArn(service: String, _ resource: [Value?]) -> Value {
        var parts: [TextPart] = [.literal("arn:"), .symbol(.pseudo(.partition)), .literal(":\(service):"),
                                 .symbol(.pseudo(.region)), .literal(":"), .symbol(.pseudo(.accountId)),
                                 .literal(":")]
        for piece in resource {
            parts.append(contentsOf: piece?.textParts ?? [.symbol(.deployTime(piece?.displayText ?? "*"))])
        }
        return .joining(parts)
    }

    /// The `execute-api` ARN an API event's permission is for, noting an implicit API when the event names
    /// none, and the permission suffix SAM derives from the stage of a REST API.
    private mutating func apiPermissionSourceArn(_ properties: Value, restApiKey: String, target: ServerlessEventTarget,
                                                 permissionSuffix: inout String) -> Value {
        let apiId: Value
        if let explicit = properties[restApiKey] {
            apiId = explicit
            if let stage = explicit.referencedLogicalId.flatMap({ serverlessResources[$0]?.properties?["StageName"] }) {
                permissionSuffix += ServerlessNaming.alphanumeric(stage) ?? "Stage"
            } else {
                permissionSuffix += "AllStages"
            }
        } else if restApiKey == "RestApiId" {
            apiId = .ref("ServerlessRestApi")
            permissionSuffix += "Prod"
            if implicitRestApiSource == nil { implicitRestApiSource = target.source }
        } else {
            apiId = .ref("ServerlessHttpApi")
            if implicitHttpApiSource == nil { implicitHttpApiSource = target.source }
        }
        let method = properties["Method"]?.concreteString.map { $0.lowercased() == "any" ? "*" : $0.uppercased() } ?? "*"
        let path = properties["Path"]?.concreteString ?? ""
        return Self.regionalArn(service: "execute-api", [apiId, .string("/*/\(method)\(path)")])
    }

    /// SNS with `SqsSubscription`: SNS delivers to a queue (created unless one is named) that the function
    /// polls.
    private mutating func expandSNSToSQS(eventId: String, properties: Value, subscription: Value,
                                         target: ServerlessEventTarget, role: inout ServerlessRole?) {
        let owner = target.source
        var queueArn = subscription["QueueArn"]
        var queueUrl = subscription["QueueUrl"]
        if queueArn == nil {
            output.add("\(eventId)Queue", "AWS::SQS::Queue", from: owner, [:])
            queueArn = .getAtt("\(eventId)Queue", "Arn")
            queueUrl = .ref("\(eventId)Queue")
        }
        let policyId = subscription["QueuePolicyLogicalId"]?.concreteString ?? "\(eventId)QueuePolicy"
        output.add(policyId, "AWS::SQS::QueuePolicy", from: owner, [
            "Queues": queueUrl.map { .list([$0]) },
            "PolicyDocument": Self.serviceSendPolicy(principal: "sns.amazonaws.com", action: "sqs:SendMessage",
                                                     resource: queueArn, sourceArn: properties["Topic"]),
        ])
        output.add(eventId, "AWS::SNS::Subscription", from: owner, [
            "Protocol": .string("sqs"), "Endpoint": queueArn, "TopicArn": properties["Topic"],
            "Region": properties["Region"], "FilterPolicy": properties["FilterPolicy"],
        ])
        output.add("\(eventId)EventSourceMapping", "AWS::Lambda::EventSourceMapping", from: owner, [
            "EventSourceArn": queueArn, "FunctionName": target.name,
            "BatchSize": subscription["BatchSize"] ?? .number("10"),
            "Enabled": subscription["Enabled"] ?? .bool(true),
        ])
        role?.addManagedPolicy(named: "service-role/AWSLambdaSQSQueueExecutionRole")
    }

    /// A resource policy letting a service principal act on a resource, from a given source.
    static func serviceSendPolicy(principal: String, action: String, resource: Value?, sourceArn: Value?) -> Value {
        .object(["Version": .string("2012-10-17"), "Statement": .list([.object([
            "Effect": .string("Allow"), "Action": .string(action), "Resource": resource,
            "Principal": .object(["Service": .string(principal)]),
            "Condition": sourceArn.map { .object(["ArnEquals": .object(["aws:SourceArn": $0])]) },
        ])])])
    }

    /// The ARN of an event's dead-letter queue: the one given, or the one SAM creates for `Type: SQS`.
    private func deadLetterQueueArn(eventId: String, properties: Value) -> Value? {
        guard let config = properties["DeadLetterConfig"] else { return nil }
        if let arn = config["Arn"] { return arn }
        let queueId = config["QueueLogicalId"]?.concreteString ?? "\(eventId)Queue"
        return config["Type"]?.concreteString == "SQS" ? .getAtt(queueId, "Arn") : nil
    }

    /// The dead-letter queue SAM creates for an EventBridge or scheduler event with `DeadLetterConfig.Type: SQS`,
    /// and for a rule the queue policy letting it send (a schedule sends with its role).
    private mutating func expandDeadLetterQueue(eventId: String, properties: Value, target: ServerlessEventTarget,
                                                needsQueuePolicy: Bool) {
        guard let config = properties["DeadLetterConfig"], config["Arn"] == nil,
              config["Type"]?.concreteString == "SQS" else { return }
        let queueId = config["QueueLogicalId"]?.concreteString ?? "\(eventId)Queue"
        output.add(queueId, "AWS::SQS::Queue", from: target.source, [:])
        if needsQueuePolicy {
            output.add("\(queueId)Policy", "AWS::SQS::QueuePolicy", from: target.source, [
                "Queues": .list([.ref(queueId)]),
                "PolicyDocument": Self.serviceSendPolicy(principal: "events.amazonaws.com", action: "sqs:SendMessage",
                                                         resource: .getAtt(queueId, "Arn"),
                                                         sourceArn: .getAtt(eventId, "Arn")),
            ])
        }
    }

    /// The role a scheduler (`ScheduleV2`) event assumes to invoke its target, unless it names `RoleArn`.
    mutating func expandSchedulerRole(eventId: String, properties: Value, target: ServerlessEventTarget,
                                      action: String) {
        guard properties["RoleArn"] == nil else { return }
        var role = ServerlessRole(logicalId: "\(eventId)Role", servicePrincipal: "scheduler.amazonaws.com")
        role.addStatement(actions: [action], resource: target.arn)
        if let queue = deadLetterQueueArn(eventId: eventId, properties: properties) {
            role.addStatement(actions: ["sqs:SendMessage"], resource: queue)
        }
        role.permissionsBoundary = properties["PermissionsBoundary"]
        role.emit(into: &output, from: target.source)
    }
}
