import Foundation
import Testing
@testable import DeployRoleKit

/// Runs the IAM evaluation conformance cases from `../shared/iam-conformance/cases` (read at test time only).
@Suite struct EvaluatorConformanceTests {
    /// Wildcard-only facts as a case states them (`request.wildcardOnlyAction`); the real facts come from the catalog.
    struct CaseFacts: ActionResourceFacts {
        let wildcardOnlyAction: String?

        func isWildcardOnly(_ action: String) -> Bool? {
            guard let wildcardOnlyAction else { return nil }
            return action.lowercased() == wildcardOnlyAction.lowercased() ? true : nil
        }
    }

    struct Outcome {
        var passed: [String] = []
        var failed: [String] = []
        var skipped: [(name: String, reason: String)] = []
        var total: Int { passed.count + failed.count + skipped.count }
    }

    /// Features the project leaves out of scope; a case needing one is skipped with the reason.
    static func skipReason(_ testCase: [String: Any]) -> String? {
        if let simulation = testCase["simulation"] as? [String: Any], let mode = simulation["mode"] as? String,
           mode != "Strict" {
            return "simulation mode \(mode) (ignores conditions and reports them) is not supported"
        }
        return nil
    }

    static func run(_ testCase: [String: Any]) throws -> EvaluationResult.Decision {
        let request = try #require(testCase["request"] as? [String: Any])
        let resource = try #require(request["resource"] as? [String: Any])
        var context: [String: [ContextValue]] = [:]
        for (key, value) in request["context"] as? [String: Any] ?? [:] {
            context[key] = (value as? [Any] ?? [value]).map { "\($0)" }
        }
        let evaluationRequest = EvaluationRequest(
            action: try #require(request["action"] as? String),
            resource: try #require(resource["resource"] as? String),
            principal: request["principal"] as? String,
            accountId: resource["accountId"] as? String,
            context: context)

        func policies(_ value: Any?, name: String) throws -> [NamedPolicy] {
            try (value as? [Any] ?? []).enumerated().map { index, object in
                NamedPolicy(name: "\(name)-\(index)", document: try PolicyDocument(jsonObject: object))
            }
        }
        let scpLevels = try (testCase["serviceControlPolicies"] as? [[String: Any]] ?? []).map { level in
            try policies(level["policies"], name: level["orgIdentifier"] as? String ?? "scp")
        }
        let sessionPolicy = try testCase["sessionPolicy"].map {
            NamedPolicy(name: "session", document: try PolicyDocument(jsonObject: $0))
        }
        let resourcePolicy = try testCase["resourcePolicy"].map {
            NamedPolicy(name: "resource", document: try PolicyDocument(jsonObject: $0))
        }
        let wildcardOnly = request["wildcardOnlyAction"] as? Bool == true
        let evaluator = PolicyEvaluator(
            identityPolicies: try policies(testCase["identityPolicies"], name: "identity"),
            permissionsBoundary: try policies(testCase["permissionBoundaries"], name: "boundary"),
            serviceControlPolicies: scpLevels,
            sessionPolicy: sessionPolicy,
            resourcePolicy: resourcePolicy,
            facts: CaseFacts(wildcardOnlyAction: wildcardOnly ? evaluationRequest.action : nil))
        return evaluator.evaluate(evaluationRequest).decision
    }

    @Test func conformanceCasesPass() throws {
        guard SharedData.mustRun() else { return }
        let root = SharedData.url("iam-conformance/cases")
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }
            .filter { $0.pathExtension == "json" }
            .sorted { $0.path < $1.path }
        var outcome = Outcome()
        for file in files {
            let cases = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [[String: Any]])
            for testCase in cases {
                let name = "\(file.lastPathComponent): \(testCase["name"] as? String ?? "?")"
                if let reason = EvaluatorConformanceTests.skipReason(testCase) {
                    outcome.skipped.append((name, reason))
                    continue
                }
                let expected = (testCase["expected"] as? [String: Any])?["response"] as? String
                do {
                    let decision = try EvaluatorConformanceTests.run(testCase)
                    if decision.rawValue == expected {
                        outcome.passed.append(name)
                    } else {
                        outcome.failed.append("\(name): expected \(expected ?? "?"), got \(decision.rawValue)")
                    }
                } catch {
                    outcome.failed.append("\(name): \(error)")
                }
            }
        }
        print("IAM conformance: \(outcome.passed.count) passed, \(outcome.failed.count) failed, \(outcome.skipped.count) skipped of \(outcome.total)")
        for failure in outcome.failed { print("  FAIL \(failure)") }
        for skip in outcome.skipped { print("  SKIP \(skip.name): \(skip.reason)") }
        #expect(outcome.total > 0)
        #expect(Double(outcome.passed.count) >= 0.95 * Double(outcome.total),
                "pass rate below 95%: \(outcome.passed.count)/\(outcome.total)")
    }
}
