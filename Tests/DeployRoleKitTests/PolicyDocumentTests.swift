import Foundation
import Testing
@testable import DeployRoleKit

@Suite struct PolicyDocumentTests {
    private func parseError(_ json: String) -> PolicyDocumentError? {
        do {
            _ = try PolicyDocument(jsonString: json)
            return nil
        } catch let error as PolicyDocumentError {
            return error
        } catch {
            return nil
        }
    }

    @Test func parsesStringsOrArraysAndASingleStatementObject() throws {
        let document = try PolicyDocument(jsonString: """
        {"Version":"2012-10-17","Id":"p1","Statement":{"Sid":"A","Effect":"Allow","Action":"s3:GetObject",
          "NotResource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*"]}}
        """)
        #expect(document.version == "2012-10-17")
        #expect(document.id == "p1")
        let statement = try #require(document.statements.first)
        #expect(statement.sid == "A")
        #expect(statement.effect == .allow)
        #expect(statement.actions == .listed(["s3:GetObject"]))
        #expect(statement.resources == .notListed(["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]))
    }

    @Test func parsesConditionsWithTypedValuesAndPrincipals() throws {
        let document = try PolicyDocument(jsonString: """
        {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},
          "NotAction":"iam:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false},
          "NumericLessThan":{"s3:max-keys":[10, 2.5]},"ForAnyValue:StringLike":{"aws:TagKeys":"team*"}}}]}
        """)
        let statement = try #require(document.statements.first)
        #expect(statement.principal == .specific(["AWS": ["arn:aws:iam::111122223333:root"]]))
        #expect(statement.actions == .notListed(["iam:*"]))
        let clauses = statement.condition.clauses
        #expect(clauses.map(\.conditionOperator.description) == ["Bool", "ForAnyValue:StringLike", "NumericLessThan"])
        #expect(clauses[0].values == [.bool(false)])
        #expect(clauses[2].values == [.number(10), .number(2.5)])
        #expect(clauses[2].values.map(\.text) == ["10", "2.5"])
    }

    @Test func readsYAMLStyleDecodedValues() throws {
        let object: [String: Any] = [
            "Version": "2012-10-17",
            "Statement": [["Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": "*",
                           "Condition": ["NumericEquals": ["s3:max-keys": 5], "Bool": ["aws:MultiFactorAuthPresent": true]]]],
        ]
        let document = try PolicyDocument(jsonObject: object)
        let clauses = try #require(document.statements.first).condition.clauses
        #expect(clauses.map(\.values) == [[.bool(true)], [.number(5)]])
    }

    @Test func reportsMalformedPoliciesWithTheirPath() {
        let cases: [(String, String, String)] = [
            (#"{"Statement":[{"Action":"s3:*","Resource":"*"}]}"#, "Statement[0]", "missing Effect"),
            (#"{"Statement":[{"Effect":"Permit","Action":"s3:*","Resource":"*"}]}"#, "Statement[0].Effect", "\"Permit\""),
            (#"{"Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}]}"#,
             "Statement[0]", "both Action and NotAction"),
            (#"{"Statement":[{"Effect":"Allow","Resource":"*"}]}"#, "Statement[0]", "missing Action"),
            (#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}]}"#,
             "Statement[0]", "both Resource and NotResource"),
            (#"{"Statement":[{"Effect":"Allow","Action":["s3:*",7],"Resource":"*"}]}"#, "Statement[0].Action[1]", "must be a string"),
            (#"{"Statement":[{},{},{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEq":{"a":"b"}}}]}"#,
             "Statement[0]", "missing Effect"),
            (#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEq":{"a":"b"}}}]}"#,
             "Statement[0].Condition", "unknown condition operator 'StringEq'"),
            (#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"a":"true"}}}]}"#,
             "Statement[0].Condition", "unknown condition operator 'NullIfExists'"),
            (#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"a":{"b":1}}}}]}"#,
             "Statement[0].Condition.StringEquals.a", "strings, numbers or booleans"),
            (#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Actions":"x"}]}"#, "Statement[0]", "unknown element 'Actions'"),
            (#"{"Version":"2020-01-01","Statement":[]}"#, "Version", "unknown policy version"),
            (#"{"Version":"2012-10-17"}"#, "", "missing Statement"),
            (#"{"Statement":"#, "", "not valid JSON"),
        ]
        for (json, path, message) in cases {
            let error = parseError(json)
            #expect(error?.path == path, "\(json)")
            #expect(error?.message.contains(message) == true, "\(json): \(error?.message ?? "no error")")
        }
        #expect(parseError(#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"a":{"b":1}}}}]}"#)?
            .description == "Statement[0].Condition.StringEquals.a: condition values must be strings, numbers or booleans, found an object")
    }

    @Test func rendersCanonicalDeterministicJSON() throws {
        let document = try PolicyDocument(jsonString: """
        {"Statement":[{"Condition":{"StringEquals":{"b":"2","a":["1","x"]},"Bool":{"c":true}},"Resource":["arn:aws:s3:::b/*"],
          "Action":["s3:GetObject","s3:PutObject"],"Effect":"Allow","Sid":"S"}],"Version":"2012-10-17"}
        """)
        let compact = document.renderJSON(pretty: false)
        #expect(compact == #"{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"c":true},"StringEquals":{"a":["1","x"],"b":"2"}}}]}"#)
        #expect(document.nonWhitespaceCharacterCount == compact.count)
        let pretty = document.renderJSON(pretty: true)
        #expect(pretty.hasPrefix("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"S\","))
        #expect(pretty.filter { !$0.isWhitespace }.count == document.nonWhitespaceCharacterCount)
        #expect(try PolicyDocument(jsonString: pretty) == document)
        #expect(Array(document.jsonObject().keys) == ["Version", "Statement"])
    }

    @Test func escapesStringsWhenRendering() throws {
        let document = PolicyDocument(statements: [
            PolicyStatement(effect: .allow, actions: .listed(["s3:*"]), resources: .listed(["arn:aws:s3:::a\"b\\c\n"])),
        ])
        let rendered = document.renderJSON(pretty: false)
        #expect(rendered.contains(#""Resource":"arn:aws:s3:::a\"b\\c\n""#))
        #expect(try PolicyDocument(jsonString: rendered) == document)
    }
}
