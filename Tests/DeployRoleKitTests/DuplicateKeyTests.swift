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

    @Test func aKeyThatCannotBeRenamedStaysAnError() {
        // An anchored key: its node starts at the anchor, not at the key's text, so it is not renamed and
        // the document is refused as before.
        let text = "Resources:\n  &a R: {Type: AWS::SQS::Queue}\n  R: {Type: AWS::SNS::Topic}\n"
        let error = expectDeployRoleError(.malformedDocument) { try TemplateDecoder().decodeTemplate(text: text, file: "c.yaml") }
        #expect(error?.message.contains("duplicate") == true)
    }
}
