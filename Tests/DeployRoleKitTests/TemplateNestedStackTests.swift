import Foundation
import Testing
@testable import DeployRoleKit

@Suite("Nested stacks")
struct TemplateNestedStackTests {
    private static let child = """
    Parameters:
      BucketName:
        Type: String
      Mode:
        Type: String
        Default: standard
        AllowedValues: [standard, strict]
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: !Ref BucketName
          Tags:
            - Key: mode
              Value: !Ref Mode
    """

    private static func parent(url: String, parameters: String = "") -> String {
        """
        Parameters:
          Prefix:
            Type: String
        Resources:
          Child:
            Type: AWS::CloudFormation::Stack
            Properties:
              TemplateURL: \(url)
        \(parameters.isEmpty ? "" : "      Parameters:\n" + parameters)
        """
    }

    private func evaluate(_ path: String, roots: [String] = []) throws -> EvaluatedStack {
        try StackEvaluator(input: StackInput(templateRoots: roots)).evaluate(fileAt: path)
    }

    @Test func relativeTemplateURL() throws {
        let folder = try TemporaryDirectory()
        let childPath = try folder.write("nested/child.yaml", Self.child)
        let root = try folder.write("root.yaml", Self.parent(url: "nested/child.yaml"))
        let stack = try evaluate(root)
        #expect(stack.nestedStacks.count == 1)
        let nested = try #require(stack.nestedStacks.first)
        #expect(nested.file == childPath)
        #expect(nested.path == ["Child"])
        #expect(nested.resources.map(\.qualifiedId) == ["Child/Bucket"])
        #expect(stack.allStacks.count == 2)
        // No parameter passed: the child's parameter without default stays symbolic.
        #expect(nested.parameterValues["BucketName"] == .symbol(.parameter("BucketName")))
        #expect(nested.parameterValues["Mode"] == .string("standard"))

        let dotted = try folder.write("dotted.yaml", Self.parent(url: "./nested/../nested/child.yaml"))
        #expect(try evaluate(dotted).nestedStacks.first?.file == childPath)
    }

    @Test func remoteURLResolvedByFileNameUnderTemplateRoots() throws {
        let release = try TemporaryDirectory()
        let library = try TemporaryDirectory()
        let childPath = try library.write("templates/v2/child.yaml", Self.child)
        _ = try library.write("other/child.yaml", "Resources:\n  Decoy: {Type: AWS::SNS::Topic}\n")
        let s3 = try release.write("s3.yaml", Self.parent(url: "https://my-bucket.s3.amazonaws.com/releases/templates/v2/child.yaml"))
        // The longest matching path suffix wins over another file with the same name.
        #expect(try evaluate(s3, roots: [library.path]).nestedStacks.first?.file == childPath)

        let virtualHost = try release.write("vh.yaml", Self.parent(url: "https://s3.eu-west-1.amazonaws.com/b/templates/v2/child.yaml?versionId=3"))
        #expect(try evaluate(virtualHost, roots: [library.path]).nestedStacks.first?.file == childPath)

        // Without the root, the file is not found.
        let error = expectDeployRoleError(.nestedStack) { try evaluate(s3) }
        #expect(error?.logicalId == "Child")
    }

    @Test func subBuiltURLWithLiteralTail() throws {
        let release = try TemporaryDirectory()
        let library = try TemporaryDirectory()
        let childPath = try library.write("nested/child.yaml", Self.child)
        let root = try release.write("root.yaml", Self.parent(
            url: "!Sub 'https://${Prefix}-bucket.s3.${AWS::Region}.${AWS::URLSuffix}/${Prefix}/nested/child.yaml'"))
        let stack = try evaluate(root, roots: [library.path])
        #expect(stack.nestedStacks.first?.file == childPath)

        let symbolicName = try release.write("symbolic.yaml", Self.parent(url: "!Sub 'https://b.s3.amazonaws.com/${Prefix}'"))
        let error = expectDeployRoleError(.nestedStack) { try evaluate(symbolicName, roots: [library.path]) }
        #expect(error?.message.contains("deploy time") == true)
        #expect(error?.logicalId == "Child")
    }

    @Test func parametersPassedDown() throws {
        let folder = try TemporaryDirectory()
        try folder.write("child.yaml", Self.child)
        let root = try folder.write("root.yaml", Self.parent(url: "child.yaml", parameters: """
                BucketName: !Sub '${Prefix}-${AWS::StackName}-data'
                Mode: strict
        """))
        let stack = try evaluate(root)
        let nested = try #require(stack.nestedStacks.first)
        let expected = Value.text([.symbol(.parameter("Prefix")), .literal("-"), .symbol(.pseudo(.stackName)),
                                   .literal("-data")])
        #expect(nested.parameterValues["BucketName"] == expected)
        #expect(nested.parameterValues["Mode"] == .string("strict"))
        let bucket = try #require(nested.resources.first?.properties)
        #expect(bucket["BucketName"] == expected)

        // A concrete value given to the root flows into the child.
        let given = try StackEvaluator(input: StackInput(parameters: ParameterInput(["Prefix": "acme"])))
            .evaluate(fileAt: root)
        #expect(given.nestedStacks.first?.parameterValues["BucketName"]
            == .text([.literal("acme-"), .symbol(.pseudo(.stackName)), .literal("-data")]))
    }

    @Test func parameterErrorsInChild() throws {
        let folder = try TemporaryDirectory()
        try folder.write("child.yaml", Self.child)
        let undeclared = try folder.write("undeclared.yaml", Self.parent(url: "child.yaml", parameters: """
                Unknown: x
        """))
        let error = expectDeployRoleError(.nestedStack) { try evaluate(undeclared) }
        #expect(error?.logicalId == "Child")
        #expect(error?.message.contains("Unknown") == true)

        let disallowed = try folder.write("disallowed.yaml", Self.parent(url: "child.yaml", parameters: """
                Mode: lax
        """))
        let allowed = expectDeployRoleError(.invalidParameter) { try evaluate(disallowed) }
        #expect(allowed?.logicalId == "Mode")
    }

    /// A parent a macro transforms passes a placeholder the macro resolves (`~~/path~~`): the child's
    /// AllowedValues do not refuse it; the macro is what the derivation reports (an error, or a gap with
    /// `--allow-unexpanded-macros`).
    @Test func aValueAMacroRewritesIsNotCheckedAgainstTheChildsAllowedValues() throws {
        let folder = try TemporaryDirectory()
        try folder.write("child.yaml", Self.child)
        let parent = try folder.write("macro.yaml", "Transform: [ParameterResolver]\n" + Self.parent(url: "child.yaml", parameters: """
                Mode: ~~/config/mode~~
        """))
        let stack = try evaluate(parent)
        let mode = try #require(stack.nestedStacks.first?.parameterValues["Mode"])
        #expect(mode.concreteString == nil, "\(mode)")

        let strict = expectDeployRoleError(.unsupportedFeature) { try ReleaseAnalysis(templateAt: parent) }
        #expect(strict?.message.contains("ParameterResolver") == true)
        let allowed = try ReleaseAnalysis(templateAt: parent, options: DerivationOptions(allowUnexpandedMacros: true))
        #expect(allowed.requirements.gaps.contains { $0.what.contains("ParameterResolver") })
        #expect(allowed.requirements.actions.contains("s3:CreateBucket"))
    }

    @Test func missingChildNamesTheLogicalId() throws {
        let folder = try TemporaryDirectory()
        let root = try folder.write("root.yaml", Self.parent(url: "nested/absent.yaml"))
        let error = expectDeployRoleError(.nestedStack) { try evaluate(root) }
        #expect(error?.logicalId == "Child")
        #expect(error?.location?.file == root)
        #expect(error?.description.contains("Child") == true)

        let noURL = try folder.write("nourl.yaml", "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: {}\n")
        let missing = expectDeployRoleError(.nestedStack) { try evaluate(noURL) }
        #expect(missing?.logicalId == "Child")
    }

    @Test func everyMissingChildIsListedWithTheKeysSearched() throws {
        let folder = try TemporaryDirectory()
        let root = try folder.write("root.yaml", """
            Resources:
              Queue:
                Type: AWS::SQS::Queue
              Network:
                Type: AWS::CloudFormation::Stack
                Properties:
                  TemplateURL: https://bucket.s3.amazonaws.com/releases/v1/network.yaml
              Data:
                Type: AWS::CloudFormation::Stack
                Properties:
                  TemplateURL: data/absent.yaml
              Dynamic:
                Type: AWS::CloudFormation::Stack
                Properties:
                  TemplateURL: !Ref ChildURL
            Parameters:
              ChildURL:
                Type: String
            """)
        let error = expectDeployRoleError(.nestedStack) { try evaluate(root) }
        let message = error?.message ?? ""
        #expect(message.hasPrefix("3 nested templates not found"), "\(message)")
        #expect(message.contains("Dynamic (TemplateURL "), "\(message)")
        #expect(message.contains("known only at deploy time, no file name to look for"), "\(message)")
        #expect(message.contains("Network (TemplateURL https://bucket.s3.amazonaws.com/releases/v1/network.yaml"))
        #expect(message.contains("<root>/releases/v1/network.yaml") && message.contains("any file named network.yaml"))
        #expect(message.contains("Data (TemplateURL data/absent.yaml; looked for \(folder.path)/data/absent.yaml)"))
        #expect(message.contains("--allow-missing-nested"))

        // Allowed, the rest of the role is derived and each missing child is a gap.
        let analysis = try ReleaseAnalysis(templateAt: root, input: StackInput(allowsMissingNested: true))
        #expect(analysis.requirements.requirements.contains { $0.action == "sqs:CreateQueue" })
        #expect(analysis.requirements.requirements.contains { $0.action == "cloudformation:CreateStack" && $0.provenance.logicalId == "Network" })
        #expect(Set(analysis.requirements.gaps.map(\.logicalId)) == ["Network", "Data", "Dynamic"])
        #expect(analysis.requirements.gaps.allSatisfy { $0.what.contains("is not available") })
    }

    @Test func relativePathEscapingTheRootFails() throws {
        let outer = try TemporaryDirectory()
        try outer.write("etc/x.yaml", Self.child)
        let root = try outer.write("a/b/root.yaml", Self.parent(url: "../../etc/x.yaml"))
        let error = expectDeployRoleError(.nestedStack) { try evaluate(root) }
        #expect(error?.logicalId == "Child")
        #expect(error?.message.contains("outside") == true)

        let absolute = try outer.write("a/b/absolute.yaml", Self.parent(url: outer.url.appendingPathComponent("etc/x.yaml").path))
        expectDeployRoleError(.nestedStack) { try evaluate(absolute) }

        // A remote URL with `..` segments does not escape either.
        let remote = try outer.write("a/b/remote.yaml", Self.parent(url: "https://bucket.s3.amazonaws.com/x/../../../etc/x.yaml"))
        let remoteError = expectDeployRoleError(.nestedStack) { try evaluate(remote) }
        #expect(remoteError?.logicalId == "Child")
    }

    @Test func symlinkOutOfTheRootFails() throws {
        let outer = try TemporaryDirectory()
        let outside = try outer.write("outside/x.yaml", Self.child)
        try outer.write("release/root.yaml", Self.parent(url: "link.yaml"))
        try FileManager.default.createSymbolicLink(atPath: outer.url.appendingPathComponent("release/link.yaml").path,
                                                   withDestinationPath: outside)
        let error = expectDeployRoleError(.nestedStack) { try evaluate(outer.url.appendingPathComponent("release/root.yaml").path) }
        #expect(error?.logicalId == "Child")
    }

    @Test func cycleFails() throws {
        let folder = try TemporaryDirectory()
        let a = try folder.write("a.yaml", Self.parent(url: "b.yaml"))
        try folder.write("b.yaml", "Resources:\n  Back:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./a.yaml\n")
        let error = expectDeployRoleError(.nestedStack) { try evaluate(a) }
        #expect(error?.logicalId == "Back")
        #expect(error?.message.contains("cycle") == true)

        let selfLoop = try folder.write("self.yaml", Self.parent(url: "self.yaml"))
        let loop = expectDeployRoleError(.nestedStack) { try evaluate(selfLoop) }
        #expect(loop?.logicalId == "Child")
    }

    @Test func sameChildTwiceIsNotACycle() throws {
        let folder = try TemporaryDirectory()
        try folder.write("child.yaml", Self.child)
        let root = try folder.write("root.yaml", """
        Resources:
          One:
            Type: AWS::CloudFormation::Stack
            Properties: {TemplateURL: child.yaml}
          Two:
            Type: AWS::CloudFormation::Stack
            Properties: {TemplateURL: child.yaml}
        """)
        let stack = try evaluate(root)
        #expect(stack.nestedStacks.map(\.path) == [["One"], ["Two"]])
    }

    @Test func conditionalChildWithUndecidedURLAlternatives() throws {
        let folder = try TemporaryDirectory()
        try folder.write("small.yaml", Self.child)
        let root = try folder.write("root.yaml", """
        Parameters:
          Size:
            Type: String
        Conditions:
          Big: !Equals [!Ref Size, big]
          Never: !Equals [a, b]
        Resources:
          Child:
            Type: AWS::CloudFormation::Stack
            Properties:
              TemplateURL: !If [Big, small.yaml, small.yaml]
          Skipped:
            Type: AWS::CloudFormation::Stack
            Condition: Never
            Properties:
              TemplateURL: absent.yaml
        """)
        let stack = try evaluate(root)
        #expect(stack.nestedStacks.count == 1)
        #expect(stack.excludedResources == ["Skipped"])
    }

    @Test func nestedStacksFeedTheAnalysis() throws {
        let folder = try TemporaryDirectory()
        try folder.write("child.yaml", Self.child)
        let root = try folder.write("root.yaml", Self.parent(url: "child.yaml"))
        let analysis = try ReleaseAnalysis(templateAt: root)
        let ids = Set(analysis.requirements.requirements.map(\.provenance.logicalId))
        #expect(ids.contains("Child/Bucket"))
        #expect(analysis.requirements.actions.contains("s3:CreateBucket"))
        #expect(analysis.requirements.actions.contains("cloudformation:CreateStack"))
    }
}
