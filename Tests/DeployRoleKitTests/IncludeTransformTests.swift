import Foundation
import Testing
@testable import DeployRoleKit

/// `AWS::Include` expanded offline from under the template roots, as nested templates are found; the
/// expansion is compared with the template written by hand.
@Suite struct IncludeTransformTests {
    static func resources(_ path: String, roots: [String] = []) throws -> [String: String] {
        let stack = try StackEvaluator(input: StackInput(templateRoots: roots)).evaluate(fileAt: path)
        var result: [String: String] = [:]
        for resource in stack.resources { result[resource.logicalId] = resource.type + " " + (resource.properties.map { "\($0)" } ?? "") }
        return result
    }

    @Test func aSnippetReplacesTheTransformCallAndTopLevelSnippetsMerge() throws {
        let folder = try TemporaryDirectory("include")
        try folder.write("snippets/queue.yaml", "VisibilityTimeout: 60\nDelaySeconds: 5\n")
        try folder.write("snippets/extra.yaml", "Resources:\n  Topic: {Type: AWS::SNS::Topic}\n")
        let release = try folder.write("release.yaml", """
        Transform:
          - Name: AWS::Include
            Parameters: {Location: snippets/extra.yaml}
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              Fn::Transform:
                Name: AWS::Include
                Parameters: {Location: ./snippets/queue.yaml}
        """)
        let byHand = try folder.write("by-hand.yaml", """
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties: {VisibilityTimeout: 60, DelaySeconds: 5}
          Topic: {Type: AWS::SNS::Topic}
        """)
        #expect(try Self.resources(release) == Self.resources(byHand))
    }

    /// An S3 location is found under a template root by its key; the deployer may read it and use the
    /// transform.
    @Test func anS3SnippetIsReadFromUnderARootAndGranted() throws {
        let folder = try TemporaryDirectory("include")
        try folder.write("artifacts/app/v1/topic.yaml", "DisplayName: alerts\n")
        let release = try folder.write("release/release.yaml", """
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              Fn::Transform: {Name: AWS::Include, Parameters: {Location: 's3://releases-bucket/app/v1/topic.yaml'}}
        """)
        let analysis = try ReleaseAnalysis(templateAt: release, input: StackInput(templateRoots: [folder.path + "/artifacts"]))
        let topic = try #require(analysis.stack.resources.first)
        #expect(topic.properties?["DisplayName"] == .string("alerts"))
        let requirements = analysis.requirements.requirements
        let read = try #require(requirements.first { $0.action == "s3:GetObject" && $0.provenance.reason.contains("AWS::Include") })
        #expect(read.scope.resources.map(\.sortKey).contains { $0.hasSuffix(":s3:::releases-bucket/app/v1/topic.yaml") })
        #expect(requirements.contains { $0.action == "cloudformation:CreateChangeSet" && $0.scope.resources.map(\.sortKey).contains { $0.hasSuffix("aws:transform/Include") } })
    }

    /// A snippet that is not under the roots is never read from elsewhere: the include stays a macro (an
    /// error, or a gap when allowed).
    @Test func aSnippetOutsideTheRootsIsAGap() throws {
        let folder = try TemporaryDirectory("include")
        try folder.write("outside/topic.yaml", "DisplayName: alerts\n")
        let release = try folder.write("release/release.yaml", """
        Transform:
          - Name: AWS::Include
            Parameters: {Location: 's3://bucket/missing.yaml'}
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              Fn::Transform: {Name: AWS::Include, Parameters: {Location: ../outside/topic.yaml}}
        """)
        expectDeployRoleError(.nestedStack) { try ReleaseAnalysis(templateAt: release) }
        let allowed = try ReleaseAnalysis(templateAt: try folder.write("release/other.yaml", """
        Transform:
          - Name: AWS::Include
            Parameters: {Location: 's3://bucket/missing.yaml'}
        Resources:
          Topic: {Type: AWS::SNS::Topic}
        """), options: DerivationOptions(allowUnexpandedMacros: true))
        #expect(allowed.requirements.gaps.contains { $0.what.contains("s3://bucket/missing.yaml") })
    }
}
