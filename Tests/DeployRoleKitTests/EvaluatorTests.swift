import Foundation
import Testing
@testable import DeployRoleKit

/// Wildcard-only facts for a fixed list of actions.
private struct FixedFacts: ActionResourceFacts {
    let wildcardOnly: Set<String>
    func isWildcardOnly(_ action: String) -> Bool? { wildcardOnly.contains(action.lowercased()) ? true : false }
}

private func policy(_ json: String, name: String = "test") throws -> NamedPolicy {
    NamedPolicy(name: name, document: try PolicyDocument(jsonString: json))
}

/// An Allow of everything on everything, limited by one condition operator and its values.
private func allowWhen(_ conditionOperator: String, _ key: String, _ values: String) throws -> NamedPolicy {
    try policy("""
    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
      "Condition":{"\(conditionOperator)":{"\(key)":\(values)}}}]}
    """)
}

private func decision(_ policies: [NamedPolicy], action: String = "s3:GetObject",
                      resource: String = "arn:aws:s3:::bucket/key", principal: String? = nil,
                      context: [String: [ContextValue]] = [:]) -> EvaluationResult.Decision {
    PolicyEvaluator(identityPolicies: policies)
        .evaluate(EvaluationRequest(action: action, resource: resource, principal: principal, context: context))
        .decision
}

/// Whether a single-condition Allow allows a request with the given context.
private func allows(_ conditionOperator: String, _ key: String, _ values: String,
                    _ context: [String: [ContextValue]]) throws -> Bool {
    decision([try allowWhen(conditionOperator, key, values)], context: context) == .allowed
}

@Suite struct EvaluatorTests {
    // MARK: Actions and resources

    @Test func actionsMatchCaseInsensitivelyWithWildcards() throws {
        let allowGet = try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"S3:get*","Resource":"*"}}"#)
        #expect(decision([allowGet], action: "s3:GetObject") == .allowed)
        #expect(decision([allowGet], action: "s3:PutObject") == .implicitlyDenied)
        let allowQuestion = try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get?bject","Resource":"*"}}"#)
        #expect(decision([allowQuestion], action: "s3:GetObject") == .allowed)
        #expect(decision([allowQuestion], action: "s3:GetObjectAcl") == .implicitlyDenied)
    }

    @Test func resourcesMatchCaseSensitivelyAndStarSpansSeparators() throws {
        let allow = try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket*"}}"#)
        #expect(decision([allow], resource: "arn:aws:s3:::bucket/a/b:c") == .allowed)
        #expect(decision([allow], resource: "arn:aws:s3:::Bucket/a") == .implicitlyDenied)
        let single = try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b?/k"}}"#)
        #expect(decision([single], resource: "arn:aws:s3:::b1/k") == .allowed)
        #expect(decision([single], resource: "arn:aws:s3:::b12/k") == .implicitlyDenied)
    }

    @Test func notActionWithDenyDeniesEverythingElse() throws {
        let policies = [
            try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#),
            try policy(#"{"Version":"2012-10-17","Statement":{"Sid":"OnlyS3","Effect":"Deny","NotAction":"s3:*","Resource":"*"}}"#),
        ]
        #expect(decision(policies, action: "s3:GetObject") == .allowed)
        let result = PolicyEvaluator(identityPolicies: policies)
            .evaluate(EvaluationRequest(action: "ec2:RunInstances", resource: "*"))
        #expect(result.decision == .explicitlyDenied)
        #expect(result.decidingStatements.map(\.sid) == ["OnlyS3"])
    }

    @Test func notResourceAppliesToOtherResources() throws {
        let allow = try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"}}"#)
        #expect(decision([allow], resource: "arn:aws:s3:::public/x") == .allowed)
        #expect(decision([allow], resource: "arn:aws:s3:::secret/x") == .implicitlyDenied)
    }

    @Test func wildcardOnlyActionsMatchOnlyPlainStar() throws {
        let facts = FixedFacts(wildcardOnly: ["s3:listallmybuckets"])
        let specific = try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::*"}}"#)
        let star = try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#)
        let request = EvaluationRequest(action: "s3:ListAllMyBuckets", resource: "*")
        #expect(PolicyEvaluator(identityPolicies: [specific], facts: facts).evaluate(request).decision == .implicitlyDenied)
        #expect(PolicyEvaluator(identityPolicies: [star], facts: facts).evaluate(request).decision == .allowed)
        #expect(PolicyEvaluator(identityPolicies: [specific]).evaluate(request).decision == .allowed)
    }

    @Test func requestForAnyResourceNeedsDenyToCoverEverything() throws {
        let policies = [
            try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a/*"}}"#),
            try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::a/secret"}}"#),
        ]
        #expect(decision(policies, resource: "*") == .allowed)
        #expect(decision(policies, resource: "arn:aws:s3:::a/secret") == .explicitlyDenied)
    }

    // MARK: Condition operators

    @Test func contextKeysMatchCaseInsensitively() throws {
        #expect(try allows("StringEquals", "aws:RequestTag/Team", #"["blue"]"#, ["AWS:REQUESTTAG/team": ["blue"]]))
        #expect(try !allows("StringEquals", "aws:RequestTag/Team", #"["blue"]"#, ["aws:RequestTag/Teams": ["blue"]]))
        // A key outside ASCII is lower-cased as a whole: `Ä` matches `ä`, and the lengths need not agree byte by byte.
        #expect(try allows("StringEquals", "aws:RequestTag/Äpfel", #"["ja"]"#, ["aws:requesttag/äPFEL": ["ja"]]))
        #expect(try !allows("StringEquals", "aws:RequestTag/Äpfel", #"["ja"]"#, ["aws:requesttag/apfel": ["ja"]]))
        // Keys that differ only in case are one key with the values of both.
        #expect(try allows("ForAllValues:StringEquals", "aws:TagKeys", #"["a", "b"]"#, ["aws:TagKeys": ["a"], "AWS:TAGKEYS": ["b"]]))
        #expect(try !allows("ForAllValues:StringEquals", "aws:TagKeys", #"["a"]"#, ["aws:TagKeys": ["a"], "AWS:TAGKEYS": ["b"]]))
    }

    @Test func principalKeysComeFromThePrincipalUnlessTheRequestGivesThem() throws {
        let role = "arn:aws:iam::111122223333:role/deployer"
        let allow = try allowWhen("StringEquals", "aws:PrincipalArn", "[\"\(role)\"]")
        #expect(decision([allow], principal: role) == .allowed)
        #expect(decision([allow], principal: role, context: ["AWS:PrincipalARN": ["arn:aws:iam::111122223333:role/other"]])
                == .implicitlyDenied)
        let account = try allowWhen("StringEquals", "aws:PrincipalAccount", #"["111122223333"]"#)
        #expect(decision([account], principal: role) == .allowed)
        let user = try allowWhen("StringEquals", "aws:username", #"["alice"]"#)
        #expect(decision([user], principal: "arn:aws:iam::111122223333:user/team/alice") == .allowed)
        #expect(decision([user], principal: role) == .implicitlyDenied)
    }

    @Test func stringOperators() throws {
        let context = ["s3:prefix": ["home/Alice"]]
        #expect(try allows("StringEquals", "s3:prefix", #""home/Alice""#, context))
        #expect(try !allows("StringEquals", "s3:prefix", #""home/alice""#, context))
        #expect(try allows("StringNotEquals", "s3:prefix", #"["x","y"]"#, context))
        #expect(try !allows("StringNotEquals", "s3:prefix", #"["x","home/Alice"]"#, context))
        #expect(try allows("StringEqualsIgnoreCase", "s3:prefix", #""HOME/alice""#, context))
        #expect(try !allows("StringNotEqualsIgnoreCase", "s3:prefix", #""HOME/alice""#, context))
        #expect(try allows("StringLike", "s3:prefix", #""home/*""#, context))
        #expect(try allows("StringLike", "s3:prefix", #""home/?lice""#, context))
        #expect(try !allows("StringNotLike", "s3:prefix", #""home/*""#, context))
        #expect(try allows("StringNotLike", "s3:prefix", #""tmp/*""#, context))
    }

    @Test func conditionKeysAreCaseInsensitiveValuesAreNot() throws {
        #expect(try allows("StringEquals", "AWS:PrincipalTag/Team", #""blue""#, ["aws:principaltag/team": ["blue"]]))
        #expect(try !allows("StringEquals", "aws:PrincipalTag/Team", #""Blue""#, ["aws:PrincipalTag/Team": ["blue"]]))
    }

    @Test func arnOperators() throws {
        let context = ["aws:SourceArn": ["arn:aws:sns:us-east-1:111122223333:topic"]]
        #expect(try allows("ArnEquals", "aws:SourceArn", #""arn:aws:sns:us-east-1:111122223333:topic""#, context))
        #expect(try allows("ArnLike", "aws:SourceArn", #""arn:aws:sns:*:111122223333:*""#, context))
        #expect(try !allows("ArnLike", "aws:SourceArn", #""arn:aws:sqs:*:*:*""#, context))
        #expect(try allows("ArnNotEquals", "aws:SourceArn", #""arn:aws:sns:us-east-1:111122223333:other""#, context))
        #expect(try !allows("ArnNotLike", "aws:SourceArn", #""arn:aws:sns:*:*:*""#, context))
        #expect(try !allows("ArnLike", "aws:SourceArn", #""arn:aws:sns:*:*:*""#, ["aws:SourceArn": ["not-an-arn"]]))
    }

    @Test func numericOperators() throws {
        let context = ["s3:max-keys": ["10"]]
        #expect(try allows("NumericEquals", "s3:max-keys", "10", context))
        #expect(try allows("NumericEquals", "s3:max-keys", #""10.0""#, context))
        #expect(try allows("NumericNotEquals", "s3:max-keys", "11", context))
        #expect(try allows("NumericLessThan", "s3:max-keys", "11", context))
        #expect(try !allows("NumericLessThan", "s3:max-keys", "10", context))
        #expect(try allows("NumericLessThanEquals", "s3:max-keys", "10", context))
        #expect(try allows("NumericGreaterThan", "s3:max-keys", "9", context))
        #expect(try allows("NumericGreaterThanEquals", "s3:max-keys", "10", context))
        #expect(try !allows("NumericGreaterThanEquals", "s3:max-keys", "10", ["s3:max-keys": ["ten"]]))
    }

    @Test func dateOperatorsReadISO8601AndEpochSeconds() throws {
        let context = ["aws:CurrentTime": ["2024-06-01T12:00:00Z"]]
        #expect(try allows("DateEquals", "aws:CurrentTime", #""2024-06-01T14:00:00+02:00""#, context))
        #expect(try allows("DateEquals", "aws:CurrentTime", "1717243200", context))
        #expect(try allows("DateNotEquals", "aws:CurrentTime", #""2024-06-01""#, context))
        #expect(try allows("DateLessThan", "aws:CurrentTime", #""2024-06-02""#, context))
        #expect(try allows("DateLessThanEquals", "aws:CurrentTime", #""2024-06-01T12:00:00.000Z""#, context))
        #expect(try allows("DateGreaterThan", "aws:CurrentTime", #""2024-06-01""#, context))
        #expect(try allows("DateGreaterThanEquals", "aws:CurrentTime", "1717243200", context))
        #expect(try !allows("DateGreaterThan", "aws:CurrentTime", #""2025-01-01T00:00:00Z""#, context))
        #expect(try allows("DateLessThan", "aws:EpochTime", "1717243201", ["aws:EpochTime": ["1717243200"]]))
    }

    @Test func boolNullAndBinaryOperators() throws {
        #expect(try allows("Bool", "aws:SecureTransport", "true", ["aws:SecureTransport": ["true"]]))
        #expect(try allows("Bool", "aws:SecureTransport", #""false""#, ["aws:SecureTransport": ["False"]]))
        #expect(try !allows("Bool", "aws:SecureTransport", "true", [:]))
        #expect(try allows("Null", "aws:TokenIssueTime", "true", [:]))
        #expect(try !allows("Null", "aws:TokenIssueTime", "true", ["aws:TokenIssueTime": ["x"]]))
        #expect(try allows("Null", "aws:TokenIssueTime", "false", ["aws:TokenIssueTime": ["x"]]))
        #expect(try allows("BinaryEquals", "key", #""aGVsbG8=""#, ["key": ["aGVsbG8="]]))
        #expect(try !allows("BinaryEquals", "key", #""aGVsbG8=""#, ["key": ["d29ybGQ="]]))
    }

    @Test func ipAddressOperatorsHandleIPv4AndIPv6() throws {
        #expect(try allows("IpAddress", "aws:SourceIp", #""203.0.113.0/24""#, ["aws:SourceIp": ["203.0.113.7"]]))
        #expect(try !allows("IpAddress", "aws:SourceIp", #""203.0.113.0/24""#, ["aws:SourceIp": ["203.0.114.7"]]))
        #expect(try allows("IpAddress", "aws:SourceIp", #""10.1.2.3""#, ["aws:SourceIp": ["10.1.2.3"]]))
        #expect(try allows("IpAddress", "aws:SourceIp", #""2001:db8::/32""#, ["aws:SourceIp": ["2001:db8:1::5"]]))
        #expect(try !allows("IpAddress", "aws:SourceIp", #""2001:db8::/32""#, ["aws:SourceIp": ["2001:db9::5"]]))
        #expect(try allows("NotIpAddress", "aws:SourceIp", #""10.0.0.0/8""#, ["aws:SourceIp": ["192.168.0.1"]]))
        #expect(try !allows("NotIpAddress", "aws:SourceIp", #""10.0.0.0/8""#, ["aws:SourceIp": ["10.9.9.9"]]))
    }

    @Test func missingKeysForPositiveNegatedAndIfExistsOperators() throws {
        #expect(try !allows("StringEquals", "aws:RequestTag/env", #""prod""#, [:]))
        #expect(try allows("StringNotEquals", "aws:RequestTag/env", #""prod""#, [:]))
        #expect(try allows("StringEqualsIfExists", "aws:RequestTag/env", #""prod""#, [:]))
        #expect(try !allows("StringEqualsIfExists", "aws:RequestTag/env", #""prod""#, ["aws:RequestTag/env": ["dev"]]))
        #expect(try allows("NumericLessThanIfExists", "s3:max-keys", "5", [:]))
        #expect(try allows("NotIpAddress", "aws:SourceIp", #""10.0.0.0/8""#, [:]))
    }

    @Test func setQualifiersWithMissingEmptyAndMultiValuedKeys() throws {
        let key = "aws:TagKeys"
        let allowed = #"["env","team"]"#
        #expect(try allows("ForAllValues:StringEquals", key, allowed, [key: ["env", "team"]]))
        #expect(try !allows("ForAllValues:StringEquals", key, allowed, [key: ["env", "owner"]]))
        #expect(try allows("ForAllValues:StringEquals", key, allowed, [:]))
        #expect(try allows("ForAllValues:StringEquals", key, allowed, [key: []]))
        #expect(try allows("ForAnyValue:StringEquals", key, allowed, [key: ["owner", "team"]]))
        #expect(try !allows("ForAnyValue:StringEquals", key, allowed, [key: ["owner"]]))
        #expect(try !allows("ForAnyValue:StringEquals", key, allowed, [:]))
        #expect(try !allows("ForAnyValue:StringEquals", key, allowed, [key: []]))
        #expect(try allows("ForAnyValue:StringEqualsIfExists", key, allowed, [:]))
        #expect(try allows("ForAllValues:StringNotEquals", key, allowed, [key: ["owner", "cost"]]))
        #expect(try !allows("ForAllValues:StringNotEquals", key, allowed, [key: ["owner", "env"]]))
        #expect(try allows("ForAnyValue:StringNotEquals", key, allowed, [key: ["owner", "env"]]))
        #expect(try allows("StringEquals", key, #""env""#, [key: ["owner", "env"]]))
        #expect(try !allows("StringNotEquals", key, #""env""#, [key: ["owner", "env"]]))
    }

    @Test func clausesAreANDedAndValuesORed() throws {
        let both = try policy("""
        {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
          "StringEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"],"aws:PrincipalTag/team":"blue"},
          "Bool":{"aws:SecureTransport":"true"}}}}
        """)
        let base: [String: [ContextValue]] = ["aws:RequestedRegion": ["eu-west-1"], "aws:PrincipalTag/team": ["blue"],
                                              "aws:SecureTransport": ["true"]]
        #expect(decision([both], context: base) == .allowed)
        var wrongTeam = base
        wrongTeam["aws:PrincipalTag/team"] = ["red"]
        #expect(decision([both], context: wrongTeam) == .implicitlyDenied)
        var insecure = base
        insecure["aws:SecureTransport"] = ["false"]
        #expect(decision([both], context: insecure) == .implicitlyDenied)
    }

    // MARK: Policy variables

    @Test func policyVariablesInResourcesAndConditions() throws {
        let home = try policy(#"""
        {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*",
          "Resource":"arn:aws:s3:::home/${aws:username}/*",
          "Condition":{"StringLike":{"s3:prefix":"${aws:PrincipalTag/team}/*"}}}}
        """#)
        let alice = "arn:aws:iam::111122223333:user/alice"
        let context: [String: [ContextValue]] = ["aws:PrincipalTag/team": ["blue"], "s3:prefix": ["blue/docs"]]
        #expect(decision([home], resource: "arn:aws:s3:::home/alice/x", principal: alice, context: context) == .allowed)
        #expect(decision([home], resource: "arn:aws:s3:::home/bob/x", principal: alice, context: context) == .implicitlyDenied)
        #expect(decision([home], resource: "arn:aws:s3:::home/alice/x", principal: alice,
                         context: ["s3:prefix": ["blue/docs"]]) == .implicitlyDenied)
        let role = "arn:aws:iam::111122223333:role/deployer"
        #expect(decision([home], resource: "arn:aws:s3:::home/alice/x", principal: role, context: context) == .implicitlyDenied)
    }

    @Test func specialCharacterVariablesAndDefaults() throws {
        let literalStar = try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${*}${?}${$}"}}"#)
        #expect(decision([literalStar], resource: "arn:aws:s3:::b/*?$") == .allowed)
        #expect(decision([literalStar], resource: "arn:aws:s3:::b/xy$") == .implicitlyDenied)
        let withDefault = try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*"}}"#)
        #expect(decision([withDefault], resource: "arn:aws:s3:::b/shared/x") == .allowed)
        #expect(decision([withDefault], resource: "arn:aws:s3:::b/red/x", context: ["aws:PrincipalTag/team": ["red"]]) == .allowed)
        let oldVersion = try policy(#"{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"}}"#)
        #expect(decision([oldVersion], resource: "arn:aws:s3:::b/${aws:username}",
                         principal: "arn:aws:iam::111122223333:user/alice") == .allowed)
    }

    // MARK: Policy kinds

    @Test func boundarySCPLevelsAndSessionPolicyMustAllAllow() throws {
        let allowAll = try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#)
        let allowEC2 = try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}"#)
        let request = EvaluationRequest(action: "s3:GetObject", resource: "arn:aws:s3:::b/k")
        func evaluate(boundary: [NamedPolicy]? = nil, scps: [[NamedPolicy]] = [], session: NamedPolicy? = nil) -> EvaluationResult {
            PolicyEvaluator(identityPolicies: [allowAll], permissionsBoundary: boundary, serviceControlPolicies: scps,
                            sessionPolicy: session).evaluate(request)
        }
        #expect(evaluate().decision == .allowed)
        #expect(evaluate(boundary: [allowEC2]).missingAllow == .permissionsBoundary)
        #expect(evaluate(scps: [[allowAll], [allowEC2]]).missingAllow == .serviceControl)
        #expect(evaluate(scps: [[allowAll], []]).decision == .implicitlyDenied)
        #expect(evaluate(session: allowEC2).missingAllow == .session)
        let allowed = evaluate(boundary: [allowAll], scps: [[allowAll]], session: allowAll)
        #expect(allowed.decision == .allowed)
        #expect(Set(allowed.decidingStatements.map(\.policyKind)) == [.identity, .permissionsBoundary, .serviceControl, .session])
    }

    @Test func explicitDenyInAnyPolicyWins() throws {
        let allowAll = try policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#)
        let denyS3 = try policy(#"{"Version":"2012-10-17","Statement":{"Sid":"NoS3","Effect":"Deny","Action":"s3:*","Resource":"*"}}"#, name: "deny")
        let request = EvaluationRequest(action: "s3:GetObject", resource: "arn:aws:s3:::b/k")
        let result = PolicyEvaluator(identityPolicies: [allowAll], serviceControlPolicies: [[allowAll, denyS3]])
            .evaluate(request)
        #expect(result.decision == .explicitlyDenied)
        #expect(result.decidingStatements == [StatementReference(policyKind: .serviceControl, policyName: "deny",
                                                                 policyIndex: 1, statementIndex: 0, sid: "NoS3")])
    }

    @Test func evaluatesManyRequestsQuickly() throws {
        let policies = try (0..<20).map { index in
            try policy("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::bucket-\(index)/*"},
              {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
            """)
        }
        let evaluator = PolicyEvaluator(identityPolicies: policies)
        let start = Date()
        var allowed = 0
        for index in 0..<20_000 {
            let request = EvaluationRequest(action: "s3:GetObject", resource: "arn:aws:s3:::bucket-\(index % 40)/key",
                                            context: ["aws:SecureTransport": ["true"]])
            if evaluator.evaluate(request).isAllowed { allowed += 1 }
        }
        print("20000 evaluations in \(Date().timeIntervalSince(start)) s")
        #expect(allowed == 10_000)
    }
}
