import Foundation
import Testing
@testable import DeployRoleKit

/// `AWS::LanguageExtensions` expanded offline: each construct of the AWS documentation of `Fn::ForEach` and
/// the transform's functions, compared with the expansion written by hand (evaluated the same way).
@Suite struct LanguageExtensionsTests {
    /// The resources as the evaluator sees them: logical ID, type and resolved properties.
    static func resources(_ text: String, given: [String: Value] = [:], useDefaults: Bool = true) throws -> [String: String] {
        let template = try TemplateFixture.template(text)
        let stack = try StackEvaluator(input: StackInput(useDefaults: useDefaults)).evaluate(template, given: given)
        var result: [String: String] = [:]
        for resource in stack.resources {
            result[resource.logicalId] = resource.type + " " + (resource.properties.map { "\($0)" } ?? "")
        }
        return result
    }

    static let header = "Transform: AWS::LanguageExtensions\n"

    @Test func aLoopOverALiteralListStampsOutOneResourcePerElement() throws {
        let loop = try Self.resources(Self.header + """
        Resources:
          Fn::ForEach::Tables:
            - Name
            - [Points, Score]
            - Table${Name}:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: !Ref Name
                  Description: !Sub 'table ${Name} of ${AWS::StackName}'
        """)
        let byHand = try Self.resources("""
        Resources:
          TablePoints:
            Type: AWS::DynamoDB::Table
            Properties: {TableName: Points, Description: !Sub 'table Points of ${AWS::StackName}'}
          TableScore:
            Type: AWS::DynamoDB::Table
            Properties: {TableName: Score, Description: !Sub 'table Score of ${AWS::StackName}'}
        """)
        #expect(loop == byHand)
    }

    @Test func ampersandIdentifiersDropNonAlphanumericCharacters() throws {
        let loop = try Self.resources(Self.header + """
        Resources:
          Fn::ForEach::Queues:
            - Name
            - [orders-eu.fifo, billing_us]
            - Queue&{Name}:
                Type: AWS::SQS::Queue
                Properties: {QueueName: !Ref Name}
        """)
        #expect(loop.keys.sorted() == ["Queuebillingus", "Queueorderseufifo"])
        #expect(loop["Queueorderseufifo"]?.contains("orders-eu.fifo") == true)
    }

    @Test func aCollectionFromAListParameterOrAMapping() throws {
        let text = Self.header + """
        Parameters:
          Names: {Type: CommaDelimitedList, Default: 'a, b'}
          Stage: {Type: String, Default: prod}
        Mappings:
          Buckets:
            prod: {Ids: [x, y, z]}
        Resources:
          Fn::ForEach::Topics:
            - Name
            - !Ref Names
            - Topic${Name}: {Type: AWS::SNS::Topic}
          Fn::ForEach::Buckets:
            - Id
            - !FindInMap [Buckets, !Ref Stage, Ids]
            - Bucket${Id}: {Type: AWS::S3::Bucket}
        """
        #expect(try Self.resources(text).keys.sorted() == ["Bucketx", "Buckety", "Bucketz", "Topica", "Topicb"])
        #expect(try Self.resources(text, given: ["Names": .string("c")]).keys.filter { $0.hasPrefix("Topic") } == ["Topicc"])
    }

    /// Nested loops, `Fn::GetAtt` and `Ref` whose logical ID is built with `Fn::Sub`, `Ref` to the inner
    /// identifier (the documentation's S3 outputs example).
    @Test func nestedLoopsAndReferencesBuiltWithSub() throws {
        let text = Self.header + """
        Resources:
          Fn::ForEach::Buckets:
            - Id
            - [A, B]
            - Bucket${Id}: {Type: AWS::S3::Bucket}
          Fn::ForEach::Policies:
            - Id
            - [A, B]
            - Policy${Id}:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref {Fn::Sub: 'Bucket${Id}'}
                  PolicyDocument:
                    Statement:
                      - Effect: Deny
                        Principal: '*'
                        Action: 's3:*'
                        Resource: !GetAtt [!Sub 'Bucket${Id}', Arn]
        Outputs:
          Fn::ForEach::Outputs:
            - Id
            - [A, B]
            - Fn::ForEach::Attributes:
                - Property
                - [Arn, DomainName]
                - Bucket${Id}${Property}:
                    Value: !GetAtt [!Sub 'Bucket${Id}', !Ref Property]
        """
        let template = try TemplateFixture.template(text)
        let stack = try StackEvaluator().evaluate(template)
        let policy = try TemplateFixture.properties(stack, "PolicyB")
        #expect(policy["Bucket"] == .symbol(.resourceReference(logicalId: "BucketB")))
        let outputs = try #require(stack.template.root["Outputs"]?.mapValue)
        #expect(Array(outputs.keys) == ["BucketAArn", "BucketADomainName", "BucketBArn", "BucketBDomainName"])
        #expect(outputs["BucketBDomainName"]?["Value"]?["Fn::GetAtt"]?.listValue?.compactMap(\.stringValue) == ["BucketB", "DomainName"])
    }

    @Test func aLoopInsideResourceProperties() throws {
        let loop = try Self.resources(Self.header + """
        Resources:
          Fn::ForEach::Functions:
            - Name
            - [Api]
            - Fn${Name}:
                Type: AWS::SNS::Topic
                Properties:
                  Fn::ForEach::Attributes:
                    - Key
                    - [DisplayName, TopicName]
                    - ${Key}: !Sub '${Name}-${Key}'
        """)
        let byHand = try Self.resources("""
        Resources:
          FnApi:
            Type: AWS::SNS::Topic
            Properties: {DisplayName: Api-DisplayName, TopicName: Api-TopicName}
        """)
        #expect(loop == byHand)
    }

    @Test func theTransformsFunctionsResolve() throws {
        let header = Self.header + """
        Mappings:
          Sizes:
            small: {Memory: '128'}
            '{"To":"Json","String":"Function"}': {Memory: '256'}
        """
        #expect(try TemplateFixture.resolve("!FindInMap [Sizes, large, Memory, {DefaultValue: '512'}]", header: header) == .string("512"))
        #expect(try TemplateFixture.resolve("!FindInMap [Sizes, small, Memory, {DefaultValue: '512'}]", header: header) == .string("128"))
        #expect(try TemplateFixture.resolve("{'Fn::Length': [a, b, c]}", header: header) == .number("3"))
        #expect(try TemplateFixture.resolve("!FindInMap [Sizes, {'Fn::ToJsonString': {To: Json, String: Function}}, Memory]",
                                            header: header) == .string("256"))
    }

    /// `DeletionPolicy` given by an intrinsic: a Snapshot among its values (or a parameter known only at
    /// deployment) grants the final snapshot's calls.
    @Test func intrinsicDeletionPoliciesGrantTheSnapshot() throws {
        let text = Self.header + """
        Parameters:
          Keep: {Type: String, AllowedValues: [Snapshot, Delete]}
          Policy: {Type: String}
        Conditions:
          Keeping: !Equals [!Ref Keep, Snapshot]
        Resources:
          Volume:
            Type: AWS::EC2::Volume
            DeletionPolicy: !If [Keeping, Snapshot, Delete]
            Properties: {AvailabilityZone: us-east-1a, Size: 8}
          Other:
            Type: AWS::EC2::Volume
            UpdateReplacePolicy: !Ref Policy
            Properties: {AvailabilityZone: us-east-1a, Size: 8}
          Handle:
            Type: AWS::CloudFormation::WaitConditionHandle
            UpdateReplacePolicy: !Ref Policy
        """
        let folder = try TemporaryDirectory("language-extensions")
        let analysis = try ReleaseAnalysis(templateAt: try folder.write("release.yaml", text), input: StackInput(useDefaults: false))
        let snapshots = analysis.requirements.requirements.filter { $0.action == "ec2:CreateSnapshot" }
        #expect(Set(snapshots.map(\.provenance.logicalId)) == ["Other", "Volume"])
        #expect(snapshots.contains { $0.provenance.logicalId == "Volume" && $0.phase == .delete })
        #expect(snapshots.contains { $0.provenance.logicalId == "Other" && $0.phase == .update })
    }

    /// A collection known only at deployment: the loop is expanded once for any element, the names built
    /// from it become patterns bound to the stack, and the output says so.
    @Test func anUnknownCollectionExpandsSymbolically() throws {
        let text = Self.header + """
        Parameters:
          Names: {Type: CommaDelimitedList}
        Resources:
          Fn::ForEach::Queues:
            - Name
            - !Ref Names
            - Queue${Name}:
                Type: AWS::SQS::Queue
                Properties:
                  Tags: [{Key: name, Value: !Ref Name}]
        """
        let folder = try TemporaryDirectory("language-extensions")
        let analysis = try ReleaseAnalysis(templateAt: try folder.write("release.yaml", text), input: StackInput(useDefaults: false))
        #expect(analysis.stack.resources.map(\.logicalId) == ["Queue*"])
        #expect(analysis.requirements.notes.contains { $0.contains("Fn::ForEach::Queues") && $0.contains("known only at deployment") })
        let create = try #require(analysis.requirements.requirements.first { $0.action == "sqs:CreateQueue" })
        #expect(create.scope.resources.map(\.sortKey).contains { $0.contains("-Queue*-") })
        #expect(create.scope.isStackBound)
    }

    @Test func theDeployerMayUseTheTransform() throws {
        let folder = try TemporaryDirectory("language-extensions")
        let path = try folder.write("release.yaml", Self.header + "Resources:\n  Topic: {Type: AWS::SNS::Topic}\n")
        let requirements = try ReleaseAnalysis(templateAt: path).requirements.requirements
        let changeSet = try #require(requirements.first { $0.action == "cloudformation:CreateChangeSet" && $0.provenance.reason.contains("LanguageExtensions") })
        #expect(changeSet.scope.resources.map(\.sortKey).contains { $0.hasSuffix(":aws:transform/LanguageExtensions") })
    }

    @Test func aLoopMustNotCreateAKeyTwice() throws {
        let template = try TemplateFixture.template(Self.header + """
        Resources:
          Fn::ForEach::Topics:
            - Name
            - [A, A]
            - Topic${Name}: {Type: AWS::SNS::Topic}
        """)
        expectDeployRoleError(.invalidTemplate) { try StackEvaluator().evaluate(template) }
    }

    @Test func aLoopNeedsTheTransform() throws {
        expectDeployRoleError(.invalidTemplate) {
            try TemplateFixture.template("""
            Resources:
              Fn::ForEach::Topics:
                - Name
                - [A]
                - Topic${Name}: {Type: AWS::SNS::Topic}
            """)
        }
    }
}
