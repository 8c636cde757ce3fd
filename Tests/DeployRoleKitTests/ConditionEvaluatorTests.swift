import Foundation
import Testing
@testable import DeployRoleKit

private typealias Fixture = TemplateFixture

@Suite("Conditions and parameters")
struct ConditionEvaluatorTests {
    private static let template = """
    Parameters:
      Env:
        Type: String
        Default: dev
        AllowedValues: [dev, prod]
      Tier:
        Type: String
      Flag:
        Type: String
        Default: 'true'
    Conditions:
      IsProd: !Equals [!Ref Env, prod]
      IsDev: !Not [!Condition IsProd]
      HasTier: !Not [!Equals [!Ref Tier, '']]
      ProdAndTier: !And [!Condition IsProd, !Condition HasTier]
      DevOrTier: !Or [!Condition IsDev, !Condition HasTier]
      FlagOn: !Equals [!Ref Flag, 'true']
      Both: !And [!Condition FlagOn, !Equals [!Ref Env, dev]]
      InUsEast: !Equals [!Ref 'AWS::Region', us-east-1]
    Resources:
      Always:
        Type: AWS::SNS::Topic
      ProdTopic:
        Type: AWS::SNS::Topic
        Condition: IsProd
      DevTopic:
        Type: AWS::SNS::Topic
        Condition: IsDev
      TierTopic:
        Type: AWS::SNS::Topic
        Condition: HasTier
    """

    @Test func decidedByDefaults() throws {
        let stack = try Fixture.evaluate(Self.template)
        #expect(stack.conditionResults["IsProd"] == .some(false))
        #expect(stack.conditionResults["IsDev"] == .some(true))
        #expect(stack.conditionResults["FlagOn"] == .some(true))
        #expect(stack.conditionResults["Both"] == .some(true))
        // Or short-circuits on a true operand even when another is undecided.
        #expect(stack.conditionResults["DevOrTier"] == .some(true))
        // And short-circuits on a false operand even when another is undecided.
        #expect(stack.conditionResults["ProdAndTier"] == .some(false))
    }

    @Test func decidedByGivenValues() throws {
        let stack = try Fixture.evaluate(Self.template, given: ["Env": .string("prod"), "Tier": .string("gold"),
                                                                 "Flag": .string("false")])
        #expect(stack.conditionResults["IsProd"] == .some(true))
        #expect(stack.conditionResults["IsDev"] == .some(false))
        #expect(stack.conditionResults["HasTier"] == .some(true))
        #expect(stack.conditionResults["ProdAndTier"] == .some(true))
        #expect(stack.conditionResults["DevOrTier"] == .some(true))
        #expect(stack.conditionResults["Both"] == .some(false))
        #expect(stack.undecidedConditions == ["InUsEast"])
        #expect(stack.resources.map(\.logicalId) == ["Always", "ProdTopic", "TierTopic"])
        #expect(stack.excludedResources == ["DevTopic"])
    }

    @Test func falseConditionExcludesResource() throws {
        let stack = try Fixture.evaluate(Self.template)
        #expect(stack.excludedResources == ["ProdTopic"])
        #expect(!stack.resources.contains { $0.logicalId == "ProdTopic" })
        let dev = try #require(stack.resources.first { $0.logicalId == "DevTopic" })
        #expect(dev.undecidedCondition == nil)
    }

    @Test func undecidedWhenParameterHasNoValueAndNoDefault() throws {
        let stack = try Fixture.evaluate(Self.template)
        #expect(stack.conditionResults["HasTier"] == .some(nil))
        #expect(stack.conditionResults["InUsEast"] == .some(nil))
        #expect(stack.undecidedConditions == ["HasTier", "InUsEast"])
        let tier = try #require(stack.resources.first { $0.logicalId == "TierTopic" }, "an undecided resource is kept")
        #expect(tier.undecidedCondition == "HasTier")
    }

    @Test func knownPseudoParameterDecides() throws {
        let stack = try Fixture.evaluate(Self.template, known: [.region: "us-east-1"])
        #expect(stack.conditionResults["InUsEast"] == .some(true))
        let other = try Fixture.evaluate(Self.template, known: [.region: "eu-west-1"])
        #expect(other.conditionResults["InUsEast"] == .some(false))
    }

    @Test func requirementNotesSayBothBranchesCount() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("release.yaml", Self.template)
        let analysis = try ReleaseAnalysis(templateAt: path)
        let notes = analysis.requirements.notes
        #expect(notes.contains { $0.contains("condition HasTier") && $0.contains("both branches count") }, "\(notes)")
        #expect(notes.contains { $0.contains("condition InUsEast") && $0.contains("both branches count") }, "\(notes)")
        #expect(notes.contains { $0.contains("left out by a false condition") && $0.contains("ProdTopic") }, "\(notes)")
        let resources = Set(analysis.requirements.requirements.map(\.provenance.logicalId))
        #expect(resources.contains("TierTopic"))
        #expect(!resources.contains("ProdTopic"))
        #expect(analysis.requirements.actions.contains("sns:CreateTopic"))
    }

    @Test func equalsComparesStringForms() throws {
        let text = """
        Parameters:
          Count:
            Type: Number
            Default: 3
        Conditions:
          Three: !Equals [!Ref Count, 3]
          ThreeText: !Equals ['3', !Ref Count]
          BoolText: !Equals [true, 'true']
          Lists: !Equals [[a, b], [a, b]]
          EitherSame: !Equals [!FindInMap [M, !Ref 'AWS::Region', V], x]
          EitherMixed: !Equals [!FindInMap [N, !Ref 'AWS::Region', V], x]
          ResourceRef: !Equals [!Ref R, x]
        Mappings:
          M:
            us-east-1: {V: x}
            eu-west-1: {V: x}
          N:
            us-east-1: {V: x}
            eu-west-1: {V: y}
        Resources:
          R:
            Type: AWS::SNS::Topic
        """
        let stack = try Fixture.evaluate(text)
        #expect(stack.conditionResults["Three"] == .some(true))
        #expect(stack.conditionResults["ThreeText"] == .some(true))
        #expect(stack.conditionResults["BoolText"] == .some(true))
        #expect(stack.conditionResults["Lists"] == .some(true))
        #expect(stack.conditionResults["EitherSame"] == .some(true))
        #expect(stack.conditionResults["EitherMixed"] == .some(nil))
        #expect(stack.conditionResults["ResourceRef"] == .some(nil))
    }

    @Test func conditionErrors() throws {
        let selfReference = """
        Conditions:
          A: !Condition B
          B: !Not [!Condition A]
        Resources:
          R: {Type: AWS::SNS::Topic}
        """
        let cycle = expectDeployRoleError(.invalidTemplate) { try Fixture.evaluate(selfReference) }
        #expect(cycle?.message.contains("refers to itself") == true)

        let undeclared = "Conditions:\n  A: !Condition Nope\nResources:\n  R: {Type: AWS::SNS::Topic}\n"
        let missing = expectDeployRoleError(.invalidTemplate) { try Fixture.evaluate(undeclared) }
        #expect(missing?.logicalId == "A")

        let resourceCondition = "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Condition: Nope\n"
        let resource = expectDeployRoleError(.invalidTemplate) { try Fixture.evaluate(resourceCondition) }
        #expect(resource?.logicalId == "R")

        let badFunction = "Conditions:\n  A: !Sub x\nResources:\n  R: {Type: AWS::SNS::Topic}\n"
        expectDeployRoleError(.invalidTemplate) { try Fixture.evaluate(badFunction) }

        let badEquals = "Conditions:\n  A: !Equals [a]\nResources:\n  R: {Type: AWS::SNS::Topic}\n"
        let equals = expectDeployRoleError(.invalidTemplate) { try Fixture.evaluate(badEquals) }
        #expect(equals?.location?.line == 2)
    }

    /// CloudFormation splits an empty list parameter value into one empty item, so `!Select [0, !Ref L]` is ""
    /// (the "is the list empty?" idiom of many Quick Start templates, e.g. quickstart-amazon-eks's LoggingEnabled).
    @Test func emptyListParameterIsOneEmptyItem() throws {
        let text = """
        Parameters:
          Types:
            Type: List<String>
            Default: ""
        Conditions:
          LoggingEnabled: !Not [!Equals [!Select [0, !Ref Types], ""]]
        Resources:
          R: {Type: AWS::SNS::Topic}
        """
        let stack = try Fixture.evaluate(text)
        #expect(stack.parameterValues["Types"] == .list([.string("")]))
        #expect(stack.conditionResults["LoggingEnabled"] == .some(false))
    }

    // MARK: AllowedValues

    @Test func allowedValuesEnforcedForGivenValues() throws {
        let error = expectDeployRoleError(.invalidParameter) {
            try Fixture.evaluate(Self.template, given: ["Env": .string("staging")])
        }
        #expect(error?.logicalId == "Env")
        #expect(error?.location?.line == 2, "the parameter's name is on line 2")
        #expect(error?.message.contains("staging") == true)
        // An allowed value and a symbolic value pass.
        _ = try Fixture.evaluate(Self.template, given: ["Env": .string("prod")])
        _ = try Fixture.evaluate(Self.template, given: ["Env": .symbol(.pseudo(.stackName))])
    }

    @Test func allowedValuesEnforcedThroughStackInput() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("release.yaml", Self.template)
        let input = StackInput(parameters: ParameterInput(["Env": "qa"]))
        let error = expectDeployRoleError(.invalidParameter) { try StackEvaluator(input: input).evaluate(fileAt: path) }
        #expect(error?.logicalId == "Env")
        #expect(error?.file == path)

        let undeclared = StackInput(parameters: ParameterInput(["Nope": "x"]))
        let unknown = expectDeployRoleError(.invalidParameter) { try StackEvaluator(input: undeclared).evaluate(fileAt: path) }
        #expect(unknown?.message.contains("Nope") == true)

        let good = try StackEvaluator(input: StackInput(parameters: ParameterInput(["Env": "prod", "Tier": "t"])))
            .evaluate(fileAt: path)
        #expect(good.conditionResults["IsProd"] == .some(true))
        #expect(good.undecidedConditions == ["InUsEast"])
    }

    // MARK: Parameter files

    @Test func awsCliJsonParameterFile() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("params.json", """
        [
          {"ParameterKey": "Env", "ParameterValue": "prod"},
          {"ParameterKey": "Count", "ParameterValue": 3},
          {"ParameterKey": "Old", "UsePreviousValue": true},
          {"ParameterKey": "Empty", "ParameterValue": ""}
        ]
        """)
        let input = try ParameterInput.load(fileAt: path)
        #expect(Array(input.values.keys) == ["Env", "Count", "Empty"])
        #expect(input.values["Env"] == "prod")
        #expect(input.values["Count"] == "3")
        #expect(input.values["Empty"] == "")
    }

    @Test func codePipelineJsonParameterFile() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("config.json", #"{"Parameters": {"B": "2", "A": "1"}, "Tags": {"x": "y"}}"#)
        let input = try ParameterInput.load(fileAt: path)
        #expect(input.values == ["A": "1", "B": "2"])
    }

    @Test func keyValueParameterFile() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("params.txt", """
        # comment
        Env=prod

        Query=a=b&c=d
          Spaced = value with spaces
        Empty=
        """)
        let input = try ParameterInput.load(fileAt: path)
        #expect(input.values["Env"] == "prod")
        #expect(input.values["Query"] == "a=b&c=d")
        #expect(input.values["Spaced"] == " value with spaces")
        #expect(input.values["Empty"] == "")
        #expect(input.values.count == 4)
    }

    @Test func parameterFileDrivesConditions() throws {
        let folder = try TemporaryDirectory()
        let template = try folder.write("release.yaml", Self.template)
        let parameters = try folder.write("params.txt", "Env=prod\nTier=gold\n")
        let input = StackInput(parameters: try ParameterInput.load(fileAt: parameters))
        let stack = try StackEvaluator(input: input).evaluate(fileAt: template)
        #expect(stack.excludedResources == ["DevTopic"])
        #expect(stack.undecidedConditions == ["InUsEast"])
    }

    @Test func malformedParameterFiles() throws {
        let folder = try TemporaryDirectory()
        let json = try folder.write("bad.json", #"[{"ParameterKey": "Env", "ParameterValue": "prod"},"#)
        let jsonError = expectDeployRoleError(.invalidParameter) { try ParameterInput.load(fileAt: json) }
        #expect(jsonError?.file == json)

        let noKey = try folder.write("nokey.json", #"[{"ParameterValue": "prod"}]"#)
        expectDeployRoleError(.invalidParameter) { try ParameterInput.load(fileAt: noKey) }

        let noValue = try folder.write("novalue.json", #"[{"ParameterKey": "Env"}]"#)
        expectDeployRoleError(.invalidParameter) { try ParameterInput.load(fileAt: noValue) }

        let lines = try folder.write("bad.txt", "Env=prod\n# fine\njust some words\n")
        let lineError = expectDeployRoleError(.invalidParameter) { try ParameterInput.load(fileAt: lines) }
        #expect(lineError?.location?.line == 3)
        #expect(lineError?.location?.file == lines)

        let missingKey = try folder.write("nokey.txt", "=value\n")
        expectDeployRoleError(.invalidParameter) { try ParameterInput.load(fileAt: missingKey) }

        expectDeployRoleError(.io) { try ParameterInput.load(fileAt: folder.url.appendingPathComponent("absent").path) }
        expectDeployRoleError(.usage) { try ParameterInput.parseAssignment("novalue") }
    }
}
