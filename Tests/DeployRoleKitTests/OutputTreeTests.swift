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
}
