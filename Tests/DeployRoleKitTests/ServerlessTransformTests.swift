import Foundation
import Testing
@testable import DeployRoleKit

/// Expansion of `AWS::Serverless::*` resources on small inline templates, and over the corpus.
@Suite struct ServerlessTransformTests {
    /// Writes a SAM template (resources in YAML, indented by 2) to a temporary folder, evaluates and expands it.
    private func expand(_ body: String, extraFiles: [String: String] = [:]) throws -> EvaluatedStack {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sam-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("template.yaml")
        try ("AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n" + body)
            .write(to: file, atomically: true, encoding: .utf8)
        for (name, text) in extraFiles {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let evaluated = try StackEvaluator().evaluate(fileAt: file.path)
        return try ServerlessTransform().expand(evaluated)
    }

    private func types(_ stack: EvaluatedStack) -> [String: String] {
        Dictionary(stack.resources.map { ($0.logicalId, $0.type) }, uniquingKeysWith: { first, _ in first })
    }

    private func resource(_ stack: EvaluatedStack, _ logicalId: String) -> EvaluatedResource? {
        stack.resources.first { $0.logicalId == logicalId }
    }

    @Test func functionWithoutRoleGetsOne() throws {
        let stack = try expand("""
        Resources:
          Handler:
            Type: AWS::Serverless::Function
            Properties:
              FunctionName: my-handler
              Runtime: python3.12
              Handler: app.handler
              CodeUri: s3://bucket/key.zip
              Policies:
                - AmazonS3ReadOnlyAccess
                - Statement:
                    - Effect: Allow
                      Action: sqs:SendMessage
                      Resource: '*'
                - DynamoDBCrudPolicy:
                    TableName: my-table
        """)
        #expect(types(stack) == ["Handler": "AWS::Lambda::Function", "HandlerRole": "AWS::IAM::Role"])
        let function = try #require(resource(stack, "Handler"))
        #expect(function.generatedFrom == "AWS::Serverless::Function Handler")
        #expect(function.properties?["FunctionName"] == .string("my-handler"))
        #expect(function.properties?["Role"] == .getAtt("HandlerRole", "Arn"))
        #expect(function.properties?["Code"]?["S3Bucket"] == .string("bucket"))
        let role = try #require(resource(stack, "HandlerRole"))
        #expect(role.generatedFrom == "AWS::Serverless::Function Handler")
        #expect(role.location == function.location)
        let managed = role.properties?["ManagedPolicyArns"]?.listValue ?? []
        #expect(managed.contains(.awsManagedPolicy("service-role/AWSLambdaBasicExecutionRole")))
        #expect(managed.contains(.awsManagedPolicy("AmazonS3ReadOnlyAccess")))
        #expect(role.properties?["Policies"]?.listValue?.count == 2)
    }

    @Test func functionWithRoleGetsNone() throws {
        let stack = try expand("""
        Resources:
          ExecRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {}
          Handler:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: app.handler
              InlineCode: "def handler(e, c): pass"
              Role: !GetAtt ExecRole.Arn
        """)
        #expect(types(stack) == ["ExecRole": "AWS::IAM::Role", "Handler": "AWS::Lambda::Function"])
        #expect(resource(stack, "Handler")?.properties?["Role"] == .getAtt("ExecRole", "Arn"))
    }

    @Test(arguments: [
        ("S3", "Bucket: !Ref Bucket\n        Events: s3:ObjectCreated:*", ["FnEvPermission": "AWS::Lambda::Permission"]),
        ("SNS", "Topic: !Ref Topic", ["FnEv": "AWS::SNS::Subscription", "FnEvPermission": "AWS::Lambda::Permission"]),
        ("SQS", "Queue: !GetAtt Queue.Arn", ["FnEv": "AWS::Lambda::EventSourceMapping"]),
        ("Kinesis", "Stream: arn:aws:kinesis:us-east-1:1:stream/s\n        StartingPosition: LATEST",
         ["FnEv": "AWS::Lambda::EventSourceMapping"]),
        ("DynamoDB", "Stream: arn:aws:dynamodb:us-east-1:1:table/t/stream/x\n        StartingPosition: LATEST",
         ["FnEv": "AWS::Lambda::EventSourceMapping"]),
        ("MSK", "Stream: arn:aws:kafka:us-east-1:1:cluster/c\n        StartingPosition: LATEST\n        Topics: [t]",
         ["FnEv": "AWS::Lambda::EventSourceMapping"]),
        ("MQ", "Broker: arn:aws:mq:us-east-1:1:broker:b\n        Queues: [q]", ["FnEv": "AWS::Lambda::EventSourceMapping"]),
        ("SelfManagedKafka", "KafkaBootstrapServers: [a:9092]\n        Topics: [t]",
         ["FnEv": "AWS::Lambda::EventSourceMapping"]),
        ("DocumentDB", "Cluster: arn:aws:rds:us-east-1:1:cluster:c\n        DatabaseName: d",
         ["FnEv": "AWS::Lambda::EventSourceMapping"]),
        ("Api", "Path: /items\n        Method: get", [
            "FnEvPermissionProd": "AWS::Lambda::Permission", "ServerlessRestApi": "AWS::ApiGateway::RestApi",
            "ServerlessRestApiDeployment": "AWS::ApiGateway::Deployment",
            "ServerlessRestApiProdStage": "AWS::ApiGateway::Stage"]),
        ("HttpApi", "Path: /items\n        Method: get", [
            "FnEvPermission": "AWS::Lambda::Permission", "ServerlessHttpApi": "AWS::ApiGatewayV2::Api",
            "ServerlessHttpApiApiGatewayDefaultStage": "AWS::ApiGatewayV2::Stage"]),
        ("Schedule", "Schedule: rate(1 hour)", ["FnEv": "AWS::Events::Rule", "FnEvPermission": "AWS::Lambda::Permission"]),
        ("CloudWatchEvent", "Pattern: {source: [aws.ec2]}",
         ["FnEv": "AWS::Events::Rule", "FnEvPermission": "AWS::Lambda::Permission"]),
        ("EventBridgeRule", "Pattern: {source: [aws.ec2]}\n        DeadLetterConfig: {Type: SQS}", [
            "FnEv": "AWS::Events::Rule", "FnEvPermission": "AWS::Lambda::Permission", "FnEvQueue": "AWS::SQS::Queue",
            "FnEvQueuePolicy": "AWS::SQS::QueuePolicy"]),
        ("ScheduleV2", "ScheduleExpression: rate(1 hour)", ["FnEv": "AWS::Scheduler::Schedule", "FnEvRole": "AWS::IAM::Role"]),
        ("CloudWatchLogs", "LogGroupName: my-group\n        FilterPattern: ERROR",
         ["FnEv": "AWS::Logs::SubscriptionFilter", "FnEvPermission": "AWS::Lambda::Permission"]),
        ("IoTRule", "Sql: SELECT * FROM 'topic'", ["FnEv": "AWS::IoT::TopicRule", "FnEvPermission": "AWS::Lambda::Permission"]),
        ("AlexaSkill", "SkillId: amzn1.ask.skill.1", ["FnEvPermission": "AWS::Lambda::Permission"]),
        ("Cognito", "UserPool: !Ref Pool\n        Trigger: PreSignUp", ["FnCognitoPermission": "AWS::Lambda::Permission"]),
    ])
    func eventSourceGeneratesResources(type: String, properties: String, expected: [String: String]) throws {
        let indented = properties.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "\n" + String(repeating: " ", count: 12))
        let stack = try expand("""
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
          Topic:
            Type: AWS::SNS::Topic
          Queue:
            Type: AWS::SQS::Queue
          Pool:
            Type: AWS::Cognito::UserPool
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: app.handler
              CodeUri: ./src
              Events:
                Ev:
                  Type: \(type)
                  Properties:
                    \(indented)
        """)
        let generated = types(stack).filter { !["Bucket", "Topic", "Queue", "Pool", "Fn", "FnRole"].contains($0.key) }
        #expect(generated == expected, "event type \(type)")
        #expect(stack.resources.allSatisfy { !$0.type.hasPrefix("AWS::Serverless::") })
        for resource in stack.resources where expected[resource.logicalId] != nil {
            #expect(resource.generatedFrom == "AWS::Serverless::Function Fn")
        }
    }

    @Test func pollingSourcesAddManagedPolicyToRole() throws {
        let stack = try expand("""
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: app.handler
              CodeUri: ./src
              Events:
                Ev:
                  Type: SQS
                  Properties:
                    Queue: arn:aws:sqs:us-east-1:111111111111:q
        """)
        let mapping = try #require(resource(stack, "FnEv"))
        #expect(mapping.properties?["EventSourceArn"] == .string("arn:aws:sqs:us-east-1:111111111111:q"))
        #expect(mapping.properties?["FunctionName"] == .ref("Fn"))
        let managed = resource(stack, "FnRole")?.properties?["ManagedPolicyArns"]?.listValue ?? []
        #expect(managed.contains(.awsManagedPolicy("service-role/AWSLambdaSQSQueueExecutionRole")))
    }

    @Test func snsWithSqsSubscriptionCreatesQueue() throws {
        let stack = try expand("""
        Resources:
          Topic:
            Type: AWS::SNS::Topic
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: app.handler
              CodeUri: ./src
              Events:
                Ev:
                  Type: SNS
                  Properties:
                    Topic: !Ref Topic
                    SqsSubscription: true
        """)
        #expect(types(stack)["FnEvQueue"] == "AWS::SQS::Queue")
        #expect(types(stack)["FnEvQueuePolicy"] == "AWS::SQS::QueuePolicy")
        #expect(types(stack)["FnEv"] == "AWS::SNS::Subscription")
        #expect(types(stack)["FnEvEventSourceMapping"] == "AWS::Lambda::EventSourceMapping")
        #expect(types(stack)["FnEvPermission"] == nil)
    }

    @Test func globalsAreMergedAndImplicitApiIsCreatedOnce() throws {
        let stack = try expand("""
        Globals:
          Function:
            Runtime: python3.12
            Timeout: 30
            Environment:
              Variables:
                STAGE: prod
            Tags:
              team: a
        Parameters:
          Prefix:
            Type: String
            Default: app
        Resources:
          One:
            Type: AWS::Serverless::Function
            Properties:
              FunctionName: !Sub ${Prefix}-one
              Handler: one.handler
              CodeUri: ./src
              Environment:
                Variables:
                  NAME: one
              Events:
                Get:
                  Type: Api
                  Properties: {Path: /one, Method: get}
          Two:
            Type: AWS::Serverless::Function
            Properties:
              Handler: two.handler
              CodeUri: ./src
              Timeout: 5
              Events:
                Post:
                  Type: Api
                  Properties: {Path: /two, Method: post}
        """)
        let one = try #require(resource(stack, "One"))
        #expect(one.properties?["Runtime"] == .string("python3.12"))
        #expect(one.properties?["Timeout"] == .number("30"))
        #expect(one.properties?["FunctionName"] == .string("app-one"))
        #expect(one.properties?["Environment"]?["Variables"]?["STAGE"] == .string("prod"))
        #expect(one.properties?["Environment"]?["Variables"]?["NAME"] == .string("one"))
        #expect(resource(stack, "Two")?.properties?["Timeout"] == .number("5"))
        #expect(stack.resources.filter { $0.logicalId == "ServerlessRestApi" }.count == 1)
        #expect(stack.resources.filter { $0.type == "AWS::ApiGateway::Stage" }.count == 1)
        #expect(types(stack)["OneGetPermissionProd"] == "AWS::Lambda::Permission")
        #expect(types(stack)["TwoPostPermissionProd"] == "AWS::Lambda::Permission")
    }

    @Test func explicitApiIsUsedInsteadOfImplicit() throws {
        let stack = try expand("""
        Resources:
          MyApi:
            Type: AWS::Serverless::Api
            Properties:
              StageName: v1
              Domain:
                DomainName: api.example.com
                CertificateArn: arn:aws:acm:us-east-1:1:certificate/x
                Route53: {HostedZoneId: Z1}
              Auth:
                UsagePlan: {CreateUsagePlan: PER_API}
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: app.handler
              CodeUri: ./src
              Events:
                Get:
                  Type: Api
                  Properties: {Path: /x, Method: get, RestApiId: !Ref MyApi}
        """)
        let all = types(stack)
        #expect(all["ServerlessRestApi"] == nil)
        #expect(all["MyApi"] == "AWS::ApiGateway::RestApi")
        #expect(all["MyApiDeployment"] == "AWS::ApiGateway::Deployment")
        #expect(all["MyApiv1Stage"] == "AWS::ApiGateway::Stage")
        #expect(all["FnGetPermissionv1"] == "AWS::Lambda::Permission")
        #expect(all["ApiGatewayDomainNameMyApi"] == "AWS::ApiGateway::DomainName")
        #expect(all["MyApiBasePathMapping"] == "AWS::ApiGateway::BasePathMapping")
        #expect(all["RecordSetGroupMyApi"] == "AWS::Route53::RecordSetGroup")
        #expect(all["MyApiUsagePlan"] == "AWS::ApiGateway::UsagePlan")
        #expect(all["MyApiApiKey"] == "AWS::ApiGateway::ApiKey")
        #expect(all["MyApiUsagePlanKey"] == "AWS::ApiGateway::UsagePlanKey")
    }

    @Test func autoPublishAliasAndDeploymentPreference() throws {
        let stack = try expand("""
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: app.handler
              CodeUri: ./src
              AutoPublishAlias: live
              ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 1}
              DeploymentPreference: {Type: Linear10PercentEvery1Minute}
              FunctionUrlConfig: {AuthType: NONE}
              EventInvokeConfig:
                MaximumRetryAttempts: 1
                DestinationConfig:
                  OnFailure: {Type: SQS}
        """)
        let all = types(stack)
        #expect(all["FnVersion"] == "AWS::Lambda::Version")
        #expect(all["FnAliaslive"] == "AWS::Lambda::Alias")
        #expect(resource(stack, "FnAliaslive")?.properties?["ProvisionedConcurrencyConfig"] != nil)
        #expect(all["ServerlessDeploymentApplication"] == "AWS::CodeDeploy::Application")
        #expect(all["FnDeploymentGroup"] == "AWS::CodeDeploy::DeploymentGroup")
        #expect(all["CodeDeployServiceRole"] == "AWS::IAM::Role")
        #expect(all["FnUrl"] == "AWS::Lambda::Url")
        #expect(all["FnUrlPublicPermissions"] == "AWS::Lambda::Permission")
        #expect(all["FnEventInvokeConfig"] == "AWS::Lambda::EventInvokeConfig")
        #expect(all["FnEventInvokeConfigOnFailureQueue"] == "AWS::SQS::Queue")
    }

    @Test func otherServerlessTypes() throws {
        let stack = try expand("""
        Resources:
          Table:
            Type: AWS::Serverless::SimpleTable
            Properties: {TableName: items}
          Layer:
            Type: AWS::Serverless::LayerVersion
            Properties: {LayerName: deps, ContentUri: ./layer, RetentionPolicy: Retain}
          Http:
            Type: AWS::Serverless::HttpApi
            Properties:
              StageName: api
              Domain: {DomainName: h.example.com, CertificateArn: arn:aws:acm:us-east-1:1:certificate/x}
          Machine:
            Type: AWS::Serverless::StateMachine
            Properties:
              Name: flow
              Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
              Policies: [AWSLambdaRole]
              Events:
                Nightly:
                  Type: Schedule
                  Properties: {Schedule: rate(1 day)}
          Link:
            Type: AWS::Serverless::Connector
            Properties:
              Source: {Id: Machine}
              Destination: {Id: Table}
              Permissions: [Read]
          Graph:
            Type: AWS::Serverless::GraphQLApi
            Properties:
              SchemaInline: "type Query { a: String }"
              Auth: {Type: API_KEY}
              ApiKeys: {Key: {}}
              DataSources:
                DynamoDb:
                  Items: {TableName: !Ref Table, TableArn: !GetAtt Table.Arn}
              Functions:
                GetItem: {Runtime: {Name: APPSYNC_JS, RuntimeVersion: 1.0.0}, DataSource: Items, CodeUri: ./f.js}
              Resolvers:
                Query:
                  a: {Runtime: {Name: APPSYNC_JS, RuntimeVersion: 1.0.0}, Pipeline: [GetItem]}
          Unknown:
            Type: AWS::Serverless::Future
        """)
        let all = types(stack)
        #expect(all["Table"] == "AWS::DynamoDB::Table")
        #expect(resource(stack, "Table")?.properties?["TableName"] == .string("items"))
        #expect(all["Layer"] == "AWS::Lambda::LayerVersion")
        #expect(resource(stack, "Layer")?.deletionPolicy == "Retain")
        #expect(all["Http"] == "AWS::ApiGatewayV2::Api")
        #expect(all["HttpapiStage"] == "AWS::ApiGatewayV2::Stage")
        #expect(all["ApiGatewayDomainNameV2Http"] == "AWS::ApiGatewayV2::DomainName")
        #expect(all["HttpApiMapping"] == "AWS::ApiGatewayV2::ApiMapping")
        #expect(all["Machine"] == "AWS::StepFunctions::StateMachine")
        #expect(resource(stack, "Machine")?.properties?["StateMachineName"] == .string("flow"))
        #expect(all["MachineRole"] == "AWS::IAM::Role")
        #expect(all["MachineNightly"] == "AWS::Events::Rule")
        #expect(all["MachineNightlyRole"] == "AWS::IAM::Role")
        #expect(all["LinkPolicy"] == "AWS::IAM::ManagedPolicy")
        #expect(resource(stack, "LinkPolicy")?.properties?["Roles"] == .list([.ref("MachineRole")]))
        #expect(all["Graph"] == "AWS::AppSync::GraphQLApi")
        #expect(all["GraphSchema"] == "AWS::AppSync::GraphQLSchema")
        #expect(all["GraphKey"] == "AWS::AppSync::ApiKey")
        #expect(all["GraphItemsDynamoDbDataSource"] == "AWS::AppSync::DataSource")
        #expect(all["GraphItemsDynamoDbDataSourceRole"] == "AWS::IAM::Role")
        #expect(all["GraphGetItem"] == "AWS::AppSync::FunctionConfiguration")
        #expect(all["GraphQuerya"] == "AWS::AppSync::Resolver")
        #expect(all["Unknown"] == "AWS::Serverless::Future")
    }

    @Test func connectorToFunctionFromTopicIsALambdaPermission() throws {
        let stack = try expand("""
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Connectors:
              ToQueue:
                Properties:
                  Destination: {Id: Queue}
                  Permissions: [Write]
          Queue:
            Type: AWS::SQS::Queue
          Fn:
            Type: AWS::Serverless::Function
            Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: ./src}
          Link:
            Type: AWS::Serverless::Connector
            Properties:
              Source: {Id: Topic}
              Destination: {Id: Fn}
              Permissions: [Write]
        """)
        #expect(types(stack)["LinkWriteLambdaPermission"] == "AWS::Lambda::Permission")
        #expect(types(stack)["TopicToQueueQueuePolicy"] == "AWS::SQS::QueuePolicy")
    }

    @Test func applicationFromRepositoryIsReported() throws {
        let stack = try expand("""
        Resources:
          FromRepository:
            Type: AWS::Serverless::Application
            Properties:
              Location:
                ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/my-app
                SemanticVersion: 1.0.0
          FromFile:
            Type: AWS::Serverless::Application
            Properties:
              Location: https://s3.amazonaws.com/bucket/child.yaml
        """, extraFiles: ["child.yaml": "Resources:\n  Topic: {Type: AWS::SNS::Topic}\n"])
        #expect(types(stack) == ["FromRepository": "AWS::CloudFormation::Stack", "FromFile": "AWS::CloudFormation::Stack"])
        #expect(resource(stack, "FromFile")?.properties?["TemplateURL"]
                == .string("https://s3.amazonaws.com/bucket/child.yaml"))
        #expect(stack.observations.macros.count == 1)
        #expect(stack.observations.macros.first?.name.contains("AWS::Serverless::Application FromRepository") == true)
        #expect(stack.observations.macros.first?.name.contains("applications/my-app") == true)
    }

    /// The transform asks the repository for a repository application's template (the calls of SAM's
    /// application plugin): granted on that application only; its resources stay a reported gap.
    @Test func aRepositoryApplicationGetsItsTemplateCallsOnItselfAndStaysAGap() throws {
        let arn = "arn:aws:serverlessrepo:us-east-1:123456789012:applications/my-app"
        let deployed = try DeployedRelease("""
        Transform: AWS::Serverless-2016-10-31
        Resources:
          FromRepository:
            Type: AWS::Serverless::Application
            Properties:
              Location: {ApplicationId: \(arn), SemanticVersion: 1.0.0}
        """, stackName: "shop", options: DerivationOptions(allowUnexpandedMacros: true))
        let requirements = deployed.generation.analysis.requirements
        for action in ["serverlessrepo:CreateCloudFormationTemplate", "serverlessrepo:GetCloudFormationTemplate"] {
            let needed = requirements.requirements.filter { $0.action == action }
            #expect(!needed.isEmpty, "\(action) is not required")
            #expect(needed.allSatisfy { $0.scope.resources == [ResourcePattern([.literal(arn)])] && $0.scope.isStackBound })
            #expect(deployed.evaluator.evaluate(EvaluationRequest(action: action, resource: arn)).isAllowed)
            #expect(!deployed.evaluator.evaluate(EvaluationRequest(action: action, resource: arn + "-other")).isAllowed)
        }
        #expect(requirements.gaps.contains { $0.what.contains("applications/my-app") })
        let own = deployed.requests(stackName: "shop", seed: 1)
        #expect(own.allSatisfy { deployed.evaluator.evaluate($0.request).isAllowed })
    }

    /// An application whose template is a file becomes the nested stack it is: its resources need their
    /// permissions, under the application's logical ID; a file not under the roots is reported.
    @Test func aLocalApplicationIsReadAsItsNestedStack() throws {
        let folder = try TemporaryDirectory("sam-application")
        try folder.write("apps/queue.yaml", """
        Parameters:
          Name: {Type: String}
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties: {QueueName: !Ref Name}
        """)
        let release = try folder.write("template.yaml", """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Jobs:
            Type: AWS::Serverless::Application
            Properties:
              Location: apps/queue.yaml
              Parameters: {Name: jobs}
        """)
        let analysis = try ReleaseAnalysis(templateAt: release)
        let create = try #require(analysis.requirements.requirements.first { $0.action == "sqs:CreateQueue" })
        #expect(create.provenance.logicalId == "Jobs/Queue")
        #expect(create.scope.resources.map(\.sortKey).contains { $0.hasSuffix(":jobs") })
        #expect(analysis.requirements.requirements.contains { $0.action == "cloudformation:CreateStack" && $0.provenance.logicalId == "Jobs" })

        let missing = try folder.write("missing.yaml", """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Jobs:
            Type: AWS::Serverless::Application
            Properties: {Location: apps/absent.yaml}
        """)
        expectDeployRoleError(.nestedStack) { try ReleaseAnalysis(templateAt: missing) }
    }

    @Test func templatesWithoutTheTransformAreLeftAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sam-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("template.yaml")
        try "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n".write(to: file, atomically: true, encoding: .utf8)
        let stack = try ServerlessTransform().expand(StackEvaluator().evaluate(fileAt: file.path))
        #expect(stack.resources.map(\.type) == ["AWS::Serverless::Function"])
    }

    // MARK: - Corpus

    @Test func corpusTemplatesExpandToKnownTypes() throws {
        guard SharedData.mustRun() else { return }
        let manifest = try String(contentsOf: SharedData.url("corpus/manifest.tsv"), encoding: .utf8)
        let lines = manifest.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        guard let header = lines.first, let pathColumn = header.firstIndex(of: "path"),
              let samColumn = header.firstIndex(of: "sam") else {
            Issue.record("manifest.tsv has no path or sam column")
            return
        }
        let catalog = Catalog.embedded
        var expanded = 0
        var evaluationErrors: [DeployRoleError.Category: Int] = [:]
        var unknownSAMTypes: [String: Int] = [:]
        var generatedTypes: [String: Int] = [:]
        var reported = 0
        for line in lines.dropFirst() where line.count > samColumn && line[samColumn] == "1" {
            let path = SharedData.url("corpus/\(line[pathColumn])").path
            let evaluated: EvaluatedStack
            do {
                evaluated = try StackEvaluator().evaluate(fileAt: path)
            } catch let error as DeployRoleError {
                evaluationErrors[error.category, default: 0] += 1
                print("evaluation error: \(error)")
                continue
            }
            let stack = try ServerlessTransform().expand(evaluated)
            expanded += 1
            for nested in stack.allStacks {
                reported += nested.observations.macros.filter { $0.name.hasPrefix("AWS::Serverless::") }.count
                for resource in nested.resources {
                    if resource.type.hasPrefix("AWS::Serverless::") {
                        unknownSAMTypes[resource.type, default: 0] += 1
                        #expect(ServerlessStackExpansionTypes.known.contains(resource.type) == false,
                                "\(path): \(resource.logicalId) \(resource.type) was not expanded")
                    }
                    guard resource.generatedFrom != nil else { continue }
                    generatedTypes[resource.type, default: 0] += 1
                    #expect(catalog.resourceType(resource.type)?.hasHandlers == true,
                            "\(path): generated \(resource.logicalId) has type \(resource.type), unknown to the catalog")
                }
            }
        }
        print("serverless corpus: \(expanded) expanded, evaluation errors "
              + "\(evaluationErrors.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" })")
        print("serverless corpus: \(generatedTypes.values.reduce(0, +)) generated resources of "
              + "\(generatedTypes.count) types, \(reported) SAR applications reported")
        print("serverless corpus: unknown serverless types left: \(unknownSAMTypes.sorted { $0.key < $1.key })")
        #expect(expanded > 0)
    }
}

/// The serverless types the transform expands.
private enum ServerlessStackExpansionTypes {
    static let known: Set<String> = [
        "AWS::Serverless::Function", "AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::Serverless::SimpleTable",
        "AWS::Serverless::LayerVersion", "AWS::Serverless::StateMachine", "AWS::Serverless::Connector",
        "AWS::Serverless::GraphQLApi", "AWS::Serverless::Application",
    ]
}
