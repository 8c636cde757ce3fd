import Foundation
import Testing
@testable import DeployRoleKit

/// A key a mapping repeats: CloudFormation accepts the template and deploys the last occurrence, so the
/// role is derived from the last one, and each ignored occurrence is reported where it stands.
@Suite("Duplicate keys")
struct DuplicateKeyTests {
    private func arn(_ queue: String) -> String { "arn:aws:sqs:us-east-1:123456789012:\(queue)" }

    @Test func theLastOccurrenceOfARepeatedResourceAndPropertyCounts() throws {
        let template = """
        Resources:
          Thing:
            Type: AWS::SNS::Topic
          Thing:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: first-name
              QueueName: !Sub "${AWS::StackName}-second"
        """
        let deployed = try DeployedRelease(template, stackName: "shop")
        let requirements = deployed.generation.analysis.requirements
        #expect(requirements.actions.contains("sqs:CreateQueue"))
        #expect(!requirements.actions.contains { $0.hasPrefix("sns:") }, "the ignored topic got grants: \(requirements.actions)")
        let create = { (queue: String) in
            deployed.evaluator.evaluate(EvaluationRequest(action: "sqs:CreateQueue", resource: arn(queue))).isAllowed
        }
        #expect(create("shop-second"))
        #expect(!create("first-name"))
        // Each ignored occurrence, where it stands, in every output's notes.
        let notes = requirements.notes.filter { $0.contains("duplicate key") }
        #expect(notes.count == 2, "\(requirements.notes)")
        #expect(notes.contains { $0.contains(":2:3: duplicate key Thing") })
        #expect(notes.contains { $0.contains(":7:7: duplicate key QueueName") })
        #expect(try deployed.generation.roleTemplate.yaml().contains("duplicate key QueueName"))
    }

    @Test func jsonFlowAndQuotedKeysReadLastWinsToo() throws {
        let json = #"{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "a", "QueueName": "b"}}}}"#
        let document = try TemplateDecoder().decodeTemplate(text: json, file: "t.json")
        #expect(document.root["Resources"]?["Q"]?["Properties"]?["QueueName"]?.stringValue == "b")
        #expect(document.ignoredDuplicateKeys.map(\.key) == ["QueueName"])

        let yaml = "Resources:\n  Q: {Type: AWS::SQS::Queue, Type: AWS::SNS::Topic}\n  'R': {Type: AWS::SQS::Queue}\n  \"R\": {Type: AWS::SNS::Topic}\n"
        let decoded = try TemplateDecoder().decodeTemplate(text: yaml, file: "t.yaml")
        #expect(decoded.root["Resources"]?["Q"]?["Type"]?.stringValue == "AWS::SNS::Topic")
        #expect(decoded.root["Resources"]?["R"]?["Type"]?.stringValue == "AWS::SNS::Topic")
        #expect(decoded.ignoredDuplicateKeys.map(\.key).sorted() == ["R", "Type"])
        #expect(decoded.root["Resources"]?.mapValue?.keys.elements == ["Q", "R"])
    }

    @Test func anAnchoredOrAliasedKeyIsReadLastWinsToo() throws {
        // An anchored key (its node starts at the anchor) and a key given by an alias repeat keys as
        // plain ones do: the last occurrence counts, at its place, and each earlier one is reported.
        let text = "Resources:\n  &a R: {Type: AWS::SQS::Queue}\n  R: {Type: AWS::SNS::Topic}\n  *a : {Type: AWS::S3::Bucket}\n  S: {Type: AWS::SQS::Queue}\n"
        let document = try TemplateDecoder().decodeTemplate(text: text, file: "c.yaml")
        #expect(document.root["Resources"]?["R"]?["Type"]?.stringValue == "AWS::S3::Bucket")
        #expect(document.root["Resources"]?.mapValue?.keys.elements == ["R", "S"])
        #expect(document.ignoredDuplicateKeys.map(\.description) == [
            "c.yaml:2:3: duplicate key R: this earlier occurrence is ignored, as CloudFormation reads the last",
            "c.yaml:3:3: duplicate key R: this earlier occurrence is ignored, as CloudFormation reads the last",
        ])
    }

    @Test func earlierOccurrencesAreReportedByMappingThenKeyThenPlace() throws {
        // Inner mappings end first; within a mapping, by key, then in the order written.
        let text = "B: 1\nA: 1\nInner: {Z: 1, Y: 1, Z: 2, Y: 2, Z: 3}\nB: 2\nA: 2\n"
        let document = try TemplateDecoder().decodeTemplate(text: text, file: "d.yaml")
        #expect(document.ignoredDuplicateKeys.map { "\($0.key)@\($0.location.line):\($0.location.column)" }
                == ["Y@3:15", "Z@3:9", "Z@3:21", "A@2:1", "B@1:1"])
        #expect(document.root.mapValue?.keys.elements == ["Inner", "B", "A"])
        #expect(document.root["Inner"]?.mapValue?.keys.elements == ["Y", "Z"])
        #expect(document.root["Inner"]?["Z"]?.scalarText == "3")
    }

    @Test func aDuplicateRefusedNamesEveryKeyAtTheFirstOccurrenceOfTheFirst() {
        let error = expectDeployRoleError(.malformedDocument) {
            try TemplateDecoder().decode(text: "x: 1\nb: 1\na: 1\nb: 2\na: 2\n", file: "e.yaml")
        }
        #expect(error?.message == "duplicate mapping key(s): a, b")
        #expect(error?.location.map { "\($0.line):\($0.column)" } == "3:1")
    }
}
