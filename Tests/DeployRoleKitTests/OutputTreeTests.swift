import Foundation
import Testing
import Yams
@testable import DeployRoleKit

/// Role templates are YAML: every string must read back as the same string.
@Suite struct OutputTreeTests {
    /// The shortcut that spares Yams's resolver for ARNs and actions answers as the resolver does,
    /// words YAML 1.1 reads as booleans or null included.
    @Test func stringsReadBackAsStrings() throws {
        let texts = ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "true", "True", "TRUE",
                     "false", "False", "FALSE", "null", "Null", "NULL", "y", "n", "Y", "N", "~", "<<", "=", "1", "0x1F",
                     "1.5", ".inf", "2026-12-01", "arn:aws:s3:::bucket/*", "s3:GetObject", "Offset", "Nothing", "Truth",
                     "Falsey", "nullable", "yes-no", "ec2:CreateTags", "Fn::Sub", "*", "", " padded "]
        for text in texts {
            #expect(OutputTree.readsAsString(text) == (Resolver.default.resolveTag(of: Node(text)) == .str), "\(text)")
        }
        let tree = OutputTree.map(texts.map { ($0, .string($0)) })
        let decoded = try #require(try Yams.load(yaml: tree.yaml()) as? [String: Any])
        for text in texts {
            #expect(decoded[text] as? String == text, "\(text) reads back as \(String(describing: decoded[text]))")
        }
    }

    /// A policy read from the tree's Foundation values is the one read from its JSON text, numbers as
    /// written included (the generated role is evaluated without rendering it to text first).
    @Test func jsonObjectReadsAsTheJSONText() throws {
        let tree = OutputTree.map([
            ("Version", .string("2012-10-17")),
            ("Statement", .list([.map([
                ("Effect", .string("Allow")),
                ("Action", .list([.string("sqs:SendMessage"), .string("sqs:ReceiveMessage")])),
                ("Resource", .string("arn:aws:sqs:us-east-1:123456789012:app-*")),
                ("Condition", .map([
                    ("NumericLessThan", .map([("aws:MultiFactorAuthAge", .number(3600.123456))])),
                    ("NumericEquals", .map([("s3:max-keys", .integer(10))])),
                    ("Bool", .map([("aws:SecureTransport", .bool(true))])),
                ])),
            ])])),
        ])
        let fromObject = try PolicyDocument(jsonObject: tree.jsonObject)
        #expect(fromObject == (try PolicyDocument(jsonString: tree.json())))
        #expect(fromObject.statements.count == 1)
    }
}
