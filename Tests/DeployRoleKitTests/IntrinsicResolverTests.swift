import Foundation
import Testing
@testable import DeployRoleKit

private typealias Fixture = TemplateFixture

@Suite("Intrinsic functions")
struct IntrinsicResolverTests {
    // MARK: Ref

    @Test func refToParameterWithGivenValue() throws {
        let header = "Parameters:\n  P:\n    Type: String\n    Default: fallback"
        #expect(try Fixture.resolve("!Ref P", header: header, given: ["P": .string("given")]) == .string("given"))
    }

    @Test func refToParameterWithDefault() throws {
        let header = "Parameters:\n  P:\n    Type: String\n    Default: fallback"
        #expect(try Fixture.resolve("!Ref P", header: header) == .string("fallback"))
        let number = "Parameters:\n  N:\n    Type: Number\n    Default: 5"
        #expect(try Fixture.resolve("!Ref N", header: number) == .string("5"))
    }

    @Test func refToParameterWithoutValueIsSymbolic() throws {
        let header = "Parameters:\n  P:\n    Type: String"
        #expect(try Fixture.resolve("!Ref P", header: header) == .symbol(.parameter("P")))
    }

    @Test func refToListParameterSplitsTheDefault() throws {
        let header = "Parameters:\n  Subnets:\n    Type: CommaDelimitedList\n    Default: a,b,c"
        #expect(try Fixture.resolve("!Ref Subnets", header: header) == .list([.string("a"), .string("b"), .string("c")]))
        let typed = "Parameters:\n  Ids:\n    Type: List<AWS::EC2::Subnet::Id>"
        #expect(try Fixture.resolve("!Ref Ids", header: typed, given: ["Ids": .string("s-1,s-2")])
            == .list([.string("s-1"), .string("s-2")]))
    }

    @Test func refToSSMParameterTypeStaysSymbolic() throws {
        let text = """
        Parameters:
          Ami:
            Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
            Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
        Resources:
          R:
            Type: AWS::EC2::Instance
            Properties:
              ImageId: !Ref Ami
        """
        let stack = try Fixture.evaluate(text)
        #expect(try Fixture.properties(stack)["ImageId"] == .symbol(.parameter("Ami")))
        #expect(stack.ssmParameters.map(\.parameter) == ["Ami"])
        #expect(stack.ssmParameters.first?.parameterName
            == .string("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"))
    }

    @Test(arguments: PseudoParameter.allCases)
    func refToPseudoParameterIsSymbolicUnlessKnown(_ pseudo: PseudoParameter) throws {
        #expect(try Fixture.resolve("!Ref \(pseudo.rawValue)") == .symbol(.pseudo(pseudo)))
        #expect(try Fixture.resolve("{Ref: \"\(pseudo.rawValue)\"}") == .symbol(.pseudo(pseudo)))
        #expect(try Fixture.resolve("!Ref \(pseudo.rawValue)", known: [pseudo: "known-value"]) == .string("known-value"))
        #expect(try Fixture.resolve("!Sub '${\(pseudo.rawValue)}'") == .symbol(.pseudo(pseudo)))
        #expect(try Fixture.resolve("!Sub 'x-${\(pseudo.rawValue)}'", known: [pseudo: "v"]) == .string("x-v"))
    }

    @Test func refToResourceIsAResourceReference() throws {
        #expect(try Fixture.resolve("!Ref Other") == .symbol(.resourceReference(logicalId: "Other")))
    }

    @Test func refToNoValueRemovesTheKey() throws {
        #expect(try Fixture.resolve("!Ref AWS::NoValue") == nil)
        // In a list the item is removed.
        #expect(try Fixture.resolve("[a, !Ref AWS::NoValue, b]") == .list([.string("a"), .string("b")]))
    }

    @Test func refToUndeclaredNameFails() throws {
        let error = expectDeployRoleError(.unresolvableValue) { try Fixture.resolve("!Ref Missing") }
        #expect(error?.logicalId == "R")
        #expect(error?.location?.line == 9)
        #expect(error?.message.contains("Missing") == true)
    }

    // MARK: GetAtt

    @Test func getAttLongForm() throws {
        #expect(try Fixture.resolve("{\"Fn::GetAtt\": [Other, Arn]}") == .symbol(.attribute(logicalId: "Other", name: "Arn")))
        #expect(try Fixture.resolve("{\"Fn::GetAtt\": Other.Arn}") == .symbol(.attribute(logicalId: "Other", name: "Arn")))
    }

    @Test func getAttShortForms() throws {
        #expect(try Fixture.resolve("!GetAtt Other.Arn") == .symbol(.attribute(logicalId: "Other", name: "Arn")))
        #expect(try Fixture.resolve("!GetAtt [Other, DomainName]")
            == .symbol(.attribute(logicalId: "Other", name: "DomainName")))
        // Only the first dot separates the logical ID from a dotted attribute name.
        #expect(try Fixture.resolve("!GetAtt Other.Endpoint.Address")
            == .symbol(.attribute(logicalId: "Other", name: "Endpoint.Address")))
    }

    @Test func getAttOfUndeclaredResourceFails() throws {
        expectDeployRoleError(.unresolvableValue) { try Fixture.resolve("!GetAtt Nope.Arn") }
        expectDeployRoleError(.invalidTemplate) { try Fixture.resolve("!GetAtt NoDot") }
    }

    // MARK: Sub

    @Test func subStringForm() throws {
        let value = try Fixture.resolve("!Sub 'arn:${AWS::Partition}:s3:::${Other}/*'")
        #expect(value == .text([.literal("arn:"), .symbol(.pseudo(.partition)), .literal(":s3:::"),
                                .symbol(.resourceReference(logicalId: "Other")), .literal("/*")]))
        let header = "Parameters:\n  Env:\n    Type: String\n    Default: prod"
        #expect(try Fixture.resolve("!Sub 'app-${Env}-logs'", header: header) == .string("app-prod-logs"))
    }

    @Test func subListFormWithVariables() throws {
        let header = "Parameters:\n  Env:\n    Type: String\n    Default: dev"
        let value = try Fixture.resolve("!Sub ['${Prefix}-${Env}-${Id}', {Prefix: pre, Id: !Ref Other}]", header: header)
        #expect(value == .text([.literal("pre-dev-"), .symbol(.resourceReference(logicalId: "Other"))]))
        // A variable shadows a parameter of the same name.
        #expect(try Fixture.resolve("!Sub ['${Env}', {Env: local}]", header: header) == .string("local"))
    }

    @Test func subEscapedLiteral() throws {
        #expect(try Fixture.resolve("!Sub 'a-${!Literal}-b'") == .string("a-${Literal}-b"))
        #expect(try Fixture.resolve("!Sub '${!AWS::Region}'") == .string("${AWS::Region}"))
    }

    @Test func subPseudoParameter() throws {
        #expect(try Fixture.resolve("!Sub '${AWS::Region}'") == .symbol(.pseudo(.region)))
        #expect(try Fixture.resolve("!Sub '${AWS::Region}'", known: [.region: "eu-west-1"]) == .string("eu-west-1"))
    }

    @Test func subResourceAttribute() throws {
        #expect(try Fixture.resolve("!Sub '${Other.Arn}'") == .symbol(.attribute(logicalId: "Other", name: "Arn")))
        #expect(try Fixture.resolve("!Sub '${Other.Arn}/*'")
            == .text([.symbol(.attribute(logicalId: "Other", name: "Arn")), .literal("/*")]))
    }

    @Test func subUndeclaredVariableFails() throws {
        expectDeployRoleError(.unresolvableValue) { try Fixture.resolve("!Sub '${Nope}'") }
        expectDeployRoleError(.unresolvableValue) { try Fixture.resolve("!Sub ['${A}', notAMap]") }
    }

    // MARK: Join

    @Test func joinConcrete() throws {
        #expect(try Fixture.resolve("!Join ['-', [a, b, c]]") == .string("a-b-c"))
        #expect(try Fixture.resolve("!Join ['', []]") == .string(""))
        let header = "Parameters:\n  L:\n    Type: CommaDelimitedList\n    Default: x,y"
        #expect(try Fixture.resolve("!Join ['+', !Ref L]", header: header) == .string("x+y"))
    }

    @Test func joinWithSymbolicPartsIsText() throws {
        let value = try Fixture.resolve("!Join ['', ['arn:', !Ref 'AWS::Partition', ':s3:::', !Ref Other]]")
        #expect(value == .text([.literal("arn:"), .symbol(.pseudo(.partition)), .literal(":s3:::"),
                                .symbol(.resourceReference(logicalId: "Other"))]))
    }

    // MARK: Select, Split

    @Test func selectConcrete() throws {
        #expect(try Fixture.resolve("!Select [1, [a, b, c]]") == .string("b"))
        #expect(try Fixture.resolve("!Select ['0', [a, b, c]]") == .string("a"))
        #expect(try Fixture.resolve("!Select [2, !Split [',', 'x,y,z']]") == .string("z"))
    }

    @Test func selectOutOfRangeFails() throws {
        let error = expectDeployRoleError(.unresolvableValue) { try Fixture.resolve("!Select [3, [a, b, c]]") }
        #expect(error?.message.contains("out of range") == true)
        expectDeployRoleError(.unresolvableValue) { try Fixture.resolve("!Select [-1, [a, b]]") }
    }

    @Test func selectFromSymbolicListIsSymbolic() throws {
        guard case .symbol? = try Fixture.resolve("!Select [0, !GetAZs '']") else {
            Issue.record("Select from GetAZs should be symbolic"); return
        }
    }

    @Test func split() throws {
        #expect(try Fixture.resolve("!Split [',', 'a,b,,c']") == .list([.string("a"), .string("b"), .string(""), .string("c")]))
        guard case .symbol? = try Fixture.resolve("!Split ['/', !Ref Other]") else {
            Issue.record("Split of a deploy-time value should be symbolic"); return
        }
        expectDeployRoleError(.unresolvableValue) { try Fixture.resolve("!Split ['', 'abc']") }
    }

    // MARK: If

    private static let ifHeader = """
    Parameters:
      Env:
        Type: String
        Default: dev
      Open:
        Type: String
    Conditions:
      IsProd: !Equals [!Ref Env, prod]
      IsOpen: !Equals [!Ref Open, 'yes']
    """

    @Test func ifTrueAndFalse() throws {
        #expect(try Fixture.resolve("!If [IsProd, big, small]", header: Self.ifHeader) == .string("small"))
        #expect(try Fixture.resolve("!If [IsProd, big, small]", header: Self.ifHeader, given: ["Env": .string("prod")])
            == .string("big"))
        #expect(try Fixture.resolve("!If [IsProd, big, !Ref AWS::NoValue]", header: Self.ifHeader) == nil)
    }

    @Test func ifUndecidedIsEither() throws {
        #expect(try Fixture.resolve("!If [IsOpen, big, small]", header: Self.ifHeader)
            == .either([.string("big"), .string("small")]))
        #expect(try Fixture.resolve("!If [IsOpen, same, same]", header: Self.ifHeader) == .string("same"))
        #expect(try Fixture.resolve("!If [IsOpen, big, !Ref AWS::NoValue]", header: Self.ifHeader) == .string("big"))
        #expect(try Fixture.resolve("!If [IsOpen, big, small]", header: Self.ifHeader, given: ["Open": .string("yes")])
            == .string("big"))
    }

    @Test func ifUndeclaredConditionFails() throws {
        expectDeployRoleError(.unresolvableValue) { try Fixture.resolve("!If [Nope, a, b]", header: Self.ifHeader) }
    }

    // MARK: FindInMap

    private static let mapHeader = """
    Parameters:
      Stage:
        Type: String
    Mappings:
      RegionMap:
        us-east-1:
          Ami: ami-1
        eu-west-1:
          Ami: ami-2
    """

    @Test func findInMapConcreteKeys() throws {
        #expect(try Fixture.resolve("!FindInMap [RegionMap, eu-west-1, Ami]", header: Self.mapHeader) == .string("ami-2"))
        #expect(try Fixture.resolve("!FindInMap [RegionMap, !Ref 'AWS::Region', Ami]", header: Self.mapHeader,
                                    known: [.region: "us-east-1"]) == .string("ami-1"))
    }

    @Test func findInMapSymbolicKeyIsEitherOfCandidates() throws {
        #expect(try Fixture.resolve("!FindInMap [RegionMap, !Ref 'AWS::Region', Ami]", header: Self.mapHeader)
            == .either([.string("ami-1"), .string("ami-2")]))
        #expect(try Fixture.resolve("!FindInMap [RegionMap, !Ref Stage, Ami]", header: Self.mapHeader)
            == .either([.string("ami-1"), .string("ami-2")]))
    }

    @Test func findInMapDefaultValue() throws {
        #expect(try Fixture.resolve("!FindInMap [RegionMap, ap-south-1, Ami, {DefaultValue: ami-0}]", header: Self.mapHeader)
            == .string("ami-0"))
        #expect(try Fixture.resolve("!FindInMap [RegionMap, us-east-1, Ami, {DefaultValue: ami-0}]", header: Self.mapHeader)
            == .string("ami-1"))
        #expect(try Fixture.resolve("!FindInMap [Missing, a, b, {DefaultValue: d}]", header: Self.mapHeader) == .string("d"))
        #expect(try Fixture.resolve("!FindInMap [RegionMap, !Ref Stage, Ami, {DefaultValue: ami-0}]", header: Self.mapHeader)
            == .either([.string("ami-1"), .string("ami-2"), .string("ami-0")]))
    }

    @Test func findInMapMissingKeyFails() throws {
        expectDeployRoleError(.unresolvableValue) {
            try Fixture.resolve("!FindInMap [RegionMap, ap-south-1, Ami]", header: Self.mapHeader)
        }
        expectDeployRoleError(.unresolvableValue) { try Fixture.resolve("!FindInMap [Missing, a, b]", header: Self.mapHeader) }
    }

    // MARK: GetAZs, ImportValue, Base64, Cidr, Length, ToJsonString, Transform

    @Test func getAZsIsSymbolicAndRecorded() throws {
        let text = """
        Resources:
          R:
            Type: AWS::EC2::Subnet
            Properties:
              AvailabilityZone: !Select [0, !GetAZs '']
              Zones: !GetAZs
                Ref: AWS::Region
        """
        let stack = try Fixture.evaluate(text)
        let properties = try Fixture.properties(stack)
        #expect(properties["Zones"] == .symbol(.deployTime("Fn::GetAZs")))
        #expect(stack.observations.availabilityZoneLookups.count == 2)
        #expect(stack.observations.availabilityZoneLookups.compactMap { $0?.line }.sorted() == [5, 6])
    }

    @Test func importValue() throws {
        #expect(try Fixture.resolve("!ImportValue SharedVpcId") == .symbol(.importedValue("SharedVpcId")))
        #expect(try Fixture.resolve("!ImportValue {\"Fn::Sub\": '${AWS::StackName}-Vpc'}")
            == .symbol(.importedValue("${AWS::StackName}-Vpc")))
    }

    @Test func base64KeepsTheContent() throws {
        #expect(try Fixture.resolve("!Base64 '#!/bin/sh'") == .string("#!/bin/sh"))
        #expect(try Fixture.resolve("!Base64 {\"Fn::Sub\": 'echo ${AWS::Region}'}")
            == .text([.literal("echo "), .symbol(.pseudo(.region))]))
    }

    @Test func cidrIsDeployTime() throws {
        #expect(try Fixture.resolve("!Cidr ['10.0.0.0/16', 4, 8]") == .symbol(.deployTime("Fn::Cidr")))
        expectDeployRoleError(.unresolvableValue) { try Fixture.resolve("!Cidr [!Ref Missing, 4, 8]") }
    }

    @Test func length() throws {
        #expect(try Fixture.resolve("!Length [a, b, c]") == .number("3"))
        #expect(try Fixture.resolve("!Length []") == .number("0"))
        let header = "Parameters:\n  L:\n    Type: CommaDelimitedList"
        #expect(try Fixture.resolve("!Length {Ref: L}", header: header) == .symbol(.deployTime("Fn::Length")))
    }

    @Test func toJsonString() throws {
        // Keys in the template's order.
        #expect(try Fixture.resolve("!ToJsonString {b: x, a: [y, z]}") == .string(#"{"b":"x","a":["y","z"]}"#))
        let symbolic = try #require(try Fixture.resolve("!ToJsonString {a: !Ref Other}"))
        guard case .either(let options) = symbolic else { Issue.record("expected either, got \(symbolic)"); return }
        #expect(options.first == .map(["a": .symbol(.resourceReference(logicalId: "Other"))]))
        #expect(options.contains(.symbol(.deployTime("Fn::ToJsonString"))))
    }

    @Test func toJsonStringSmallNumbers() throws {
        #expect(try Fixture.resolve("!ToJsonString {n: 1, t: true, s: '1'}") == .string(#"{"n":1,"t":true,"s":"1"}"#))
    }

    /// A number keeps its written form through `Fn::ToJsonString` (`Value.number` is "kept as written").
    @Test func toJsonStringKeepsLargeNumbers() throws {
        let value = try Fixture.resolve("!ToJsonString {big: 12345678901234567890, n: 1}")
        #expect(value == .string(#"{"big":12345678901234567890,"n":1}"#), "got \(String(describing: value))")
    }

    @Test func transformIsDeployTimeAndRecorded() throws {
        let text = """
        Resources:
          R:
            Type: AWS::SNS::Topic
            Properties:
              Fn::Transform:
                Name: AWS::Include
                Parameters:
                  Location: s3://bucket/snippet.yaml
          S:
            Type: AWS::SNS::Topic
            Properties:
              TopicName: !Transform {Name: MyMacro, Parameters: {}}
        """
        let stack = try Fixture.evaluate(text)
        #expect(try Fixture.properties(stack) == .symbol(.deployTime("Fn::Transform AWS::Include")))
        #expect(try Fixture.properties(stack, "S")["TopicName"] == .symbol(.deployTime("Fn::Transform MyMacro")))
        #expect(stack.observations.macros.map(\.name) == ["AWS::Include", "MyMacro"])
        #expect(stack.observations.macros.allSatisfy { $0.location != nil })
    }

    /// A macro may write `Fn::Sub`'s format (cfn-lint's good fixtures): the macro is recorded (and so
    /// reported as a macro use), the value is known only at deploy time.
    @Test func subOfAMacrosOutputRecordsTheMacro() throws {
        let text = """
        Resources:
          S:
            Type: AWS::SNS::Topic
            Properties:
              TopicName:
                Fn::Sub:
                  Fn::Transform:
                    Name: DynamicName
        """
        let stack = try Fixture.evaluate(text)
        #expect(try Fixture.properties(stack, "S")["TopicName"] == .symbol(.deployTime("Fn::Sub of a macro's output")))
        #expect(stack.observations.macros.map(\.name) == ["DynamicName"])
    }

    /// `Fn::Transform` also takes a list of `{Name, Parameters}` (cfn-lint's good fixtures, the Date macro example).
    @Test func transformListFormNamesTheMacro() throws {
        #expect(try Fixture.resolve("{\"Fn::Transform\": [{Name: Date, Parameters: {}}]}") == .symbol(.deployTime("Fn::Transform Date")))
    }

    @Test func conditionFunctionsAsValues() throws {
        #expect(try Fixture.resolve("!Equals [a, a]") == .bool(true))
        #expect(try Fixture.resolve("!Not [!Equals [a, a]]") == .bool(false))
        #expect(try Fixture.resolve("!Equals [!Ref 'AWS::Region', us-east-1]") == .either([.bool(true), .bool(false)]))
    }

    @Test func unsupportedFunctionFails() throws {
        expectDeployRoleError(.unsupportedFeature) { try Fixture.resolve("{\"Fn::Nope\": [a]}") }
    }

    @Test func scalarsKeepTheirKinds() throws {
        #expect(try Fixture.resolve("[1, 1.50, true, 'true', ~, text]")
            == .list([.number("1"), .number("1.50"), .bool(true), .string("true"), .null, .string("text")]))
        // Timestamps are not resolved (CloudFormation treats dates as strings).
        #expect(try Fixture.resolve("2010-09-09") == .string("2010-09-09"))
    }

    // MARK: JSON

    @Test func jsonTemplate() throws {
        let text = """
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Parameters": {"Env": {"Type": "String", "Default": "prod"}},
          "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
          "Mappings": {"M": {"prod": {"Size": "10"}}},
          "Resources": {
            "Other": {"Type": "AWS::S3::Bucket"},
          \t"R": {
              "Type": "AWS::SNS::Topic",
              "Properties": {
                "Ref": {"Ref": "Other"},
                "Att": {"Fn::GetAtt": ["Other", "Arn"]},
                "Sub": {"Fn::Sub": "${Env}-${AWS::AccountId}"},
                "Join": {"Fn::Join": [":", ["a", {"Ref": "Env"}]]},
                "If": {"Fn::If": ["IsProd", "big", "small"]},
                "Map": {"Fn::FindInMap": ["M", {"Ref": "Env"}, "Size"]},
                "Sel": {"Fn::Select": [1, {"Fn::Split": [",", "p,q"]}]},
                "Gone": {"Ref": "AWS::NoValue"},
                "Num": 42
              }
            }
          }
        }
        """
        let stack = try Fixture.evaluate(text, file: "inline.json")
        let p = try Fixture.properties(stack)
        #expect(p["Ref"] == .symbol(.resourceReference(logicalId: "Other")))
        #expect(p["Att"] == .symbol(.attribute(logicalId: "Other", name: "Arn")))
        #expect(p["Sub"] == .text([.literal("prod-"), .symbol(.pseudo(.accountId))]))
        #expect(p["Join"] == .string("a:prod"))
        #expect(p["If"] == .string("big"))
        #expect(p["Map"] == .string("10"))
        #expect(p["Sel"] == .string("q"))
        #expect(p["Gone"] == nil)
        #expect(p["Num"] == .number("42"))
        #expect(stack.resources.first { $0.logicalId == "R" }?.location?.line == 8)
    }

    // MARK: Short-form tags

    /// Every YAML short-form tag becomes its long form.
    @Test(arguments: [
        ("!Ref X", "Ref"), ("!Sub 'a-${X}'", "Fn::Sub"), ("!GetAtt X.Arn", "Fn::GetAtt"), ("!Join ['', [a]]", "Fn::Join"),
        ("!Select [0, [a]]", "Fn::Select"), ("!Split [',', 'a']", "Fn::Split"), ("!If [C, a, b]", "Fn::If"),
        ("!FindInMap [M, a, b]", "Fn::FindInMap"), ("!GetAZs ''", "Fn::GetAZs"), ("!ImportValue E", "Fn::ImportValue"),
        ("!Base64 abc", "Fn::Base64"), ("!Cidr ['10.0.0.0/16', 2, 8]", "Fn::Cidr"), ("!Equals [a, b]", "Fn::Equals"),
        ("!And [!Condition C, !Condition D]", "Fn::And"), ("!Or [!Condition C, !Condition D]", "Fn::Or"),
        ("!Not [!Condition C]", "Fn::Not"), ("!Condition C", "Condition"), ("!Transform {Name: M}", "Fn::Transform"),
        ("!Length [a]", "Fn::Length"), ("!ToJsonString {a: b}", "Fn::ToJsonString"),
    ])
    func shortFormTag(_ yaml: String, _ longName: String) throws {
        let node = try TemplateDecoder().decode(text: "V: \(yaml)\n", file: "tags.yaml")
        let value = try #require(node["V"])
        let call = try #require(value.intrinsicCall, "\(yaml) did not become an intrinsic call")
        #expect(call.name == longName)
        #expect(value.location?.line == 1)
        #expect(value.location?.column == 4)
    }

    @Test func shortFormGetAttSplitsOnFirstDot() throws {
        let node = try TemplateDecoder().decode(text: "V: !GetAtt A.B.C\n", file: "tags.yaml")
        #expect(node["V"]?["Fn::GetAtt"]?.listValue?.compactMap(\.stringValue) == ["A", "B.C"])
    }

    @Test func nestedShortFormTags() throws {
        let node = try TemplateDecoder().decode(text: "V: !Join ['', [!Sub '${A}', !Select [0, !GetAZs '']]]\n", file: "t.yaml")
        let items = try #require(node["V"]?["Fn::Join"]?.listValue?[1].listValue)
        #expect(items[0].intrinsicCall?.name == "Fn::Sub")
        #expect(items[1]["Fn::Select"]?.listValue?[1].intrinsicCall?.name == "Fn::GetAZs")
    }
}
