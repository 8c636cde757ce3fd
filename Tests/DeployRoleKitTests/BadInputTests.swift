import Foundation
import Testing
@testable import DeployRoleKit

/// Bad input of every kind ends in a `DeployRoleError` that says where, never in a crash.
@Suite("Bad input")
struct BadInputTests {
    private func decode(_ text: String, file: String = "bad.yaml") throws -> Template {
        try TemplateFixture.template(text, file: file)
    }

    @Test func malformedYAMLHasLineAndColumn() throws {
        let text = """
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: [unclosed
              Tags: x
        """
        let error = expectDeployRoleError(.malformedDocument) { try decode(text) }
        let location = try #require(error?.location)
        #expect(location.file == "bad.yaml")
        #expect((5...7).contains(location.line), "line \(location.line)")
        #expect(location.column >= 1)
        #expect(error?.description.hasPrefix("bad.yaml:\(location.line):\(location.column): error[malformed-document]") == true)

        let indentation = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n   Properties: {}\n"
        let indented = expectDeployRoleError(.malformedDocument) { try decode(indentation) }
        #expect(indented?.location?.line == 4)

        let tab = "Resources:\n\tBucket:\n    Type: AWS::S3::Bucket\n"
        let tabError = expectDeployRoleError(.malformedDocument) { try decode(tab) }
        #expect(tabError?.location?.line == 2)
    }

    /// What libyaml's events cannot say wrong, the composer does: each a one-line error with its place.
    @Test func composerErrorsSayWhere() throws {
        func failure(_ text: String) -> String? {
            let error = expectDeployRoleError(.malformedDocument) { try TemplateDecoder().decodeTemplate(text: text, file: "c.yaml") }
            return error.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" }
        }
        #expect(failure("Resources: *nowhere\n") == "1:12 found undefined alias")
        #expect(failure("a: 1\n---\nb: 2\n") == "2:1 but found another document")
        #expect(failure("Resources:\n  ? [a, b]\n  : x\n") == "2:5 a mapping key must be a scalar")
        #expect(failure("x: &k [1]\n*k : 2\n") == "1:4 a mapping key must be a scalar")
        #expect(failure("a: 1\nb: \u{01}\n")?.hasPrefix("2:4 control characters are not allowed") == true)
        #expect(failure("") == "- the document is empty")
        // A short-form tag on an anchored node stays on each alias to it.
        let node = try TemplateDecoder().decode(text: "a: &s !Ref Name\nb: *s\n", file: "ok.yaml")
        #expect(node["b"]?["Ref"]?.stringValue == "Name")
        #expect(node["b"]?.location?.line == 1)
    }

    @Test func malformedJSONHasLine() throws {
        let text = """
        {
          "Resources": {
            "Bucket": {"Type": "AWS::S3::Bucket"}
          ]
        }
        """
        let error = expectDeployRoleError(.malformedDocument) { try decode(text, file: "bad.json") }
        #expect(error?.location?.file == "bad.json")
        #expect(error?.location?.line == 4)

        let truncated = #"{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}"#
        let truncatedError = expectDeployRoleError(.malformedDocument) { try decode(truncated, file: "t.json") }
        #expect(truncatedError?.file == "t.json")
    }

    @Test func duplicateKeysAreRejected() throws {
        let text = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Bucket:\n    Type: AWS::SNS::Topic\n"
        let error = expectDeployRoleError(.malformedDocument) { try decode(text) }
        #expect(error?.message.contains("Bucket") == true)
    }

    @Test(.timeLimit(.minutes(1)))
    func aliasBombIsRefused() throws {
        var lines = ["a: &a [\(Array(repeating: "\"lol\"", count: 9).joined(separator: ","))]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [\(Array(repeating: "*\(previous)", count: 9).joined(separator: ","))]")
        }
        lines.append("Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: *i")
        let text = lines.joined(separator: "\n")
        let start = ContinuousClock.now
        let error = expectDeployRoleError(.malformedDocument) { try TemplateDecoder().decode(text: text, file: "bomb.yaml") }
        print("alias bomb refused in \(ContinuousClock.now - start)")
        #expect(error?.message.contains("alias") == true)
        #expect(error?.location?.file == "bomb.yaml")

        // A small budget applies the same rule to a modest document.
        let small = TemplateDecoder(nodeBudget: 50)
        expectDeployRoleError(.malformedDocument) { try small.decode(text: lines[0] + "\n" + lines[1], file: "b.yaml") }
        // Aliases within budget are expanded.
        let fine = try TemplateDecoder().decode(text: "x: &x [1, 2]\ny: *x\n", file: "ok.yaml")
        #expect(fine["y"]?.listValue?.count == 2)
    }

    @Test func templateShapeErrors() throws {
        let notMapping = expectDeployRoleError(.invalidTemplate) { try decode("- a\n- b\n") }
        #expect(notMapping?.location?.line == 1)

        let listResources = expectDeployRoleError(.invalidTemplate) { try decode("Resources:\n  - Type: AWS::SNS::Topic\n") }
        #expect(listResources?.location?.line == 1, "the Resources key line")
        #expect(listResources?.message.contains("Resources") == true)

        let scalarResources = expectDeployRoleError(.invalidTemplate) { try decode("Resources: nothing\n") }
        #expect(scalarResources?.location?.line == 1)

        let noResources = expectDeployRoleError(.invalidTemplate) { try decode("Parameters: {}\n") }
        #expect(noResources?.file == "bad.yaml")

        let noType = expectDeployRoleError(.invalidTemplate) {
            try decode("Resources:\n  Topic:\n    Properties:\n      TopicName: x\n")
        }
        #expect(noType?.logicalId == "Topic")
        #expect(noType?.location?.line == 2, "the resource's logical ID line")

        let listType = expectDeployRoleError(.invalidTemplate) { try decode("Resources:\n  Topic:\n    Type: [a]\n") }
        #expect(listType?.logicalId == "Topic")

        let scalarResource = expectDeployRoleError(.invalidTemplate) { try decode("Resources:\n  Topic: AWS::SNS::Topic\n") }
        #expect(scalarResource?.logicalId == "Topic")

        let parameterType = expectDeployRoleError(.invalidTemplate) { try decode("Parameters:\n  P: {Default: x}\nResources:\n  R: {Type: AWS::SNS::Topic}\n") }
        #expect(parameterType?.logicalId == "P")

        let transform = expectDeployRoleError(.invalidTemplate) { try decode("Transform: [[a]]\nResources:\n  R: {Type: AWS::SNS::Topic}\n") }
        #expect(transform?.location?.line == 1)
    }

    /// A malformed `Fn::ForEach` loop is an invalid template naming the loop, not a malformed resource.
    @Test
    func aMalformedLoopNamesIt() throws {
        let template = try decode("Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Topics:\n    - Name\n    - [A, B]\n")
        let forEach = expectDeployRoleError(.invalidTemplate) { try StackEvaluator().evaluate(template) }
        #expect(forEach?.logicalId == "Fn::ForEach::Topics")
        #expect(forEach?.location?.line == 3)
    }

    @Test func emptyAndNonTextDocuments() throws {
        expectDeployRoleError(.malformedDocument) { try decode("") }
        expectDeployRoleError(.malformedDocument) { try decode("# only a comment\n") }
        let folder = try TemporaryDirectory()
        let binary = try folder.write("binary.yaml", data: Data([0xFF, 0xFE, 0x00, 0x80, 0x81]))
        let error = expectDeployRoleError(.malformedDocument) { try Template.load(fileAt: binary) }
        #expect(error?.file == binary)
        let missing = folder.url.appendingPathComponent("absent.yaml").path
        let io = expectDeployRoleError(.io) { try Template.load(fileAt: missing) }
        #expect(io?.file == missing)
    }

    @Test func unparsableParameterFile() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("params.json", #"[{"ParameterKey": "A", "ParameterValue": }]"#)
        let error = expectDeployRoleError(.invalidParameter) { try ParameterInput.load(fileAt: path) }
        #expect(error?.file == path)
        let scalar = try folder.write("scalar.json", #"{"Parameters": {"A": ["x"]}}"#)
        expectDeployRoleError(.invalidParameter) { try ParameterInput.load(fileAt: scalar) }
    }

    @Test func valueOutsideAllowedValues() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("release.yaml", """
        Parameters:
          Size:
            Type: String
            AllowedValues: [small, large]
        Resources:
          R: {Type: AWS::SNS::Topic}
        """)
        let error = expectDeployRoleError(.invalidParameter) {
            try ReleaseAnalysis(templateAt: path, input: StackInput(parameters: ParameterInput(["Size": "huge"])))
        }
        #expect(error?.logicalId == "Size")
        #expect(error?.location?.file == path)
        #expect(error?.location?.line == 2, "the parameter's name line")
    }

    @Test func unresolvableRef() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("release.yaml", """
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              TopicName: !Ref DoesNotExist
        """)
        let error = expectDeployRoleError(.unresolvableValue) { try ReleaseAnalysis(templateAt: path) }
        #expect(error?.logicalId == "Topic")
        #expect(error?.location == DeployRoleKit.SourceLocation(file: path, line: 5, column: 18))
        #expect(error?.message.contains("DoesNotExist") == true)
    }

    @Test func cyclicNestedStack() throws {
        let folder = try TemporaryDirectory()
        let a = try folder.write("a.yaml", "Resources:\n  ToB:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: b.yaml}\n")
        try folder.write("b.yaml", "Resources:\n  ToA:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: a.yaml}\n")
        let error = expectDeployRoleError(.nestedStack) { try ReleaseAnalysis(templateAt: a) }
        #expect(error?.logicalId == "ToA")
        #expect(error?.location?.file.hasSuffix("b.yaml") == true)
    }

    private static let unknownType = """
    Resources:
      Topic:
        Type: AWS::SNS::Topic
      Thing:
        Type: AWS::Nope::Thing
        Properties:
          Name: x
    """

    @Test func unknownResourceType() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("release.yaml", Self.unknownType)
        let error = expectDeployRoleError(.unknownResourceType) { try ReleaseAnalysis(templateAt: path) }
        #expect(error?.logicalId == "Thing")
        #expect(error?.location?.line == 4, "the resource's logical ID line")
        #expect(error?.message.contains("AWS::Nope::Thing") == true)
    }

    @Test func unknownResourceTypeAllowedBecomesAGap() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("release.yaml", Self.unknownType)
        let analysis = try ReleaseAnalysis(templateAt: path, options: DerivationOptions(allowUnknownTypes: true))
        let gap = try #require(analysis.requirements.gaps.first)
        #expect(analysis.requirements.gaps.count == 1)
        #expect(gap.logicalId == "Thing")
        #expect(gap.what.contains("AWS::Nope::Thing"))
        #expect(gap.location?.line == 4, "the resource's logical ID line")
        #expect(analysis.requirements.actions.contains("sns:CreateTopic"))
        // The role can still be generated.
        let generation = try RoleGeneration(analysis: analysis, settings: RoleSettings(name: "r-deployer"),
                                            sourceName: "release.yaml")
        #expect(try !generation.roleTemplate.yaml().isEmpty)
    }

    /// Two gaps that differ only in where they stand (two unexpanded macros of one stack) come in the
    /// order of their places, whatever order a set gives them in.
    @Test func gapsThatDifferOnlyInPlaceKeepTheirPlacesOrder() {
        let places = (1...12).map { SourceLocation(file: "release.json", line: $0 * 10, column: 17) }
        for _ in 0..<20 {
            let gaps = places.shuffled().map { Gap(logicalId: "(stack)", what: "macro AWS::Include is not expanded", location: $0) }
            #expect(RequirementSet(requirements: [], gaps: gaps + [gaps[0]]).gaps.map(\.location) == places)
        }
    }

    /// A reference to a resource inside a registry module (`ModuleIdResourceId`, `ModuleId.ResourceId`)
    /// is the module's, whose type is unknown offline: the module is the error, or the gap it is allowed as.
    @Test func referencesIntoARegistryModuleAreTheModulesGap() throws {
        let template = """
        Resources:
          Store:
            Type: My::S3::Bucket::MODULE
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Ref Store.Bucket
              KmsMasterKeyId: !GetAtt StoreKey.Arn
        """
        let folder = try TemporaryDirectory()
        let path = try folder.write("module.yaml", template)
        let strict = expectDeployRoleError(.unknownResourceType) { try ReleaseAnalysis(templateAt: path) }
        #expect(strict?.logicalId == "Store")
        let allowed = try ReleaseAnalysis(templateAt: path, options: DerivationOptions(allowUnknownTypes: true))
        #expect(allowed.requirements.gaps.map(\.logicalId) == ["Store"])
        #expect(allowed.requirements.actions.contains("sqs:CreateQueue"))

        // A name that is no module's resource stays an error.
        let other = try folder.write("other.yaml", template.replacingOccurrences(of: "!Ref Store.Bucket", with: "!Ref Shop.Bucket"))
        expectDeployRoleError(.unresolvableValue) { try ReleaseAnalysis(templateAt: other, options: DerivationOptions(allowUnknownTypes: true)) }
    }

    // MARK: CLI

    /// The CLI prints a `DeployRoleError` on one line and exits with status 2.
    @Test func cliReportsErrorsWithStatusTwo() throws {
        guard let executable = ProcessRunner.deployroleExecutable() else {
            print("SKIP cliReportsErrorsWithStatusTwo: no deployrole executable next to the test bundle (\(Bundle.main.bundlePath))")
            return
        }
        let folder = try TemporaryDirectory()
        let malformed = try folder.write("malformed.yaml", "Resources:\n  A: [unclosed\n")
        let result = try ProcessRunner.run(executable, ["generate", malformed])
        #expect(result.status == 2, "stderr: \(result.standardError)")
        #expect(result.standardError.contains("error[malformed-document]"), "\(result.standardError)")
        #expect(result.standardError.contains(malformed + ":"), "\(result.standardError)")
        #expect(!result.standardError.contains("Fatal error"))

        let unknown = try folder.write("unknown.yaml", Self.unknownType)
        let failed = try ProcessRunner.run(executable, ["generate", unknown])
        #expect(failed.status == 2)
        #expect(failed.standardError.contains("error[unknown-resource-type]"), "\(failed.standardError)")
        #expect(failed.standardError.contains("Thing"))

        let allowed = try ProcessRunner.run(executable, ["generate", "--allow-unknown-types", unknown])
        #expect(allowed.status == 0, "stderr: \(allowed.standardError)")
        #expect(allowed.standardOutput.contains("AWSTemplateFormatVersion") || allowed.standardOutput.contains("Resources"))

        let params = try folder.write("params.json", "[{")
        let badParams = try ProcessRunner.run(executable, ["generate", "--parameters", params, unknown])
        #expect(badParams.status == 2)
        #expect(badParams.standardError.contains("error[invalid-parameter]"), "\(badParams.standardError)")

        let missing = try ProcessRunner.run(executable, ["generate", folder.url.appendingPathComponent("absent.yaml").path])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("error[io]"), "\(missing.standardError)")
    }
}
