import Foundation
import Testing
@testable import DeployRoleKit

/// Every grant is scoped to the stack's own resources; the conditions that close the dangerous doors are
/// used where AWS documents their keys; wildcards stand only where they are exact.
@Suite struct ScopingTests {
    static let example = SharedData.packageRoot.appendingPathComponent("Examples/webapp/release.template.yaml").path

    static func generation(_ path: String, _ options: DerivationOptions = DerivationOptions(),
                           input: StackInput = StackInput()) throws -> RoleGeneration {
        try RoleGeneration(analysis: try ReleaseAnalysis(templateAt: path, input: input, options: options),
                           settings: RoleSettings(name: "deployer"), sourceName: "release")
    }

    static func statements(_ generation: RoleGeneration) -> [PolicyStatementDraft] {
        generation.policies.flatMap(\.statements)
    }

    @Test(arguments: [true, false])
    func codeOceanMeetsTheScopingTargets(anyParameterValue: Bool) throws {
        guard SharedData.mustRun() else { return }
        let options = DerivationOptions(scoping: ScopingOptions(serviceLinkedRolesArePrerequisites: true))
        let generation = try Self.generation(SharedData.url("codeocean/v3.8.2/codeocean.template.yaml").path, options,
                                             input: StackInput(useDefaults: !anyParameterValue))
        let stats = try StatsReport(generation: generation, scoping: options.scoping)
        print(stats.renderText().split(separator: "\n").prefix(6).joined(separator: "\n"))
        // Bound to the stack by name or system tag (a type's account-wide ARN does not count).
        #expect(stats.scopedPercentage >= 70)
        #expect(stats.iamWriteActionsOnWildcard.isEmpty)
        #expect(!stats.passRoleOnWildcard)
        #expect(stats.policyCharacters.count <= 10)
        #expect(stats.policyCharacters.allSatisfy { $0 <= PolicyQuota.managedPolicyCharacterLimit })
        #expect(stats.actionCount < 540)
        #expect(!Self.statements(generation).flatMap(\.actions).contains("iam:CreateServiceLinkedRole"))
    }

    @Test func passRoleOnlyOnTheStacksRolesForTheirService() throws {
        let statements = Self.statements(try Self.generation(Self.example))
        let passRole = statements.filter { $0.actions.contains("iam:PassRole") }
        #expect(!passRole.isEmpty)
        for statement in passRole {
            #expect(!statement.resources.contains(.any))
            let condition = statement.conditions.first { $0.key == "iam:PassedToService" }
            #expect(condition?.conditionOperator == "StringEquals")
            #expect(condition?.values.map { $0.rendered { _ in "" } } == ["lambda.amazonaws.com"])
            #expect(statement.resources.allSatisfy { $0.rendered { "${\($0)}" }.contains(":role/${AWS::StackName}-ConfigFunctionRole-") })
        }
    }

    @Test func serviceLinkedRolesAreScopedByServiceNameOrLeftOut() throws {
        guard SharedData.mustRun() else { return }
        let path = SharedData.url("codeocean/v3.8.2/codeocean.template.yaml").path
        let statements = Self.statements(try Self.generation(path))
        let creating = statements.filter { $0.actions.contains("iam:CreateServiceLinkedRole") }
        #expect(!creating.isEmpty)
        let names = Set(creating.flatMap { $0.conditions.filter { $0.key == "iam:AWSServiceName" }.flatMap(\.values) }
            .map { $0.rendered { _ in "" } })
        #expect(names.isSuperset(of: ["autoscaling.amazonaws.com", "batch.amazonaws.com", "rds.amazonaws.com"]))
        for statement in creating {
            #expect(statement.resources.allSatisfy { $0.rendered { "${\($0)}" }.hasSuffix(":role/aws-service-role/*") })
        }
        let prerequisites = try Self.generation(path, DerivationOptions(scoping: ScopingOptions(serviceLinkedRolesArePrerequisites: true)))
        #expect(!Self.statements(prerequisites).flatMap(\.actions).contains("iam:CreateServiceLinkedRole"))
        #expect(prerequisites.analysis.requirements.pruned.contains { $0.action == "iam:CreateServiceLinkedRole" })
    }

    @Test func permissionsBoundaryIsRequiredForRoleWrites() throws {
        let boundary = "arn:aws:iam::123456789012:policy/ProductBoundary"
        let generation = try Self.generation(Self.example, DerivationOptions(scoping: ScopingOptions(permissionsBoundary: boundary)))
        let statements = Self.statements(generation)
        for action in ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy"] {
            let granting = statements.filter { $0.actions.contains(action) }
            #expect(!granting.isEmpty, "\(action)")
            for statement in granting {
                let condition = statement.conditions.first { $0.key == "iam:PermissionsBoundary" }
                #expect(condition?.values.map { $0.rendered { _ in "" } } == [boundary], "\(action)")
            }
        }
        #expect(!statements.flatMap(\.actions).contains("iam:DeleteRolePermissionsBoundary"))
        // A role with the boundary passes; the same request without it in the context is denied.
        let role = try generation.concreteRole(for: DeploymentTarget(stackName: "shop"))
        let evaluator = PolicyEvaluator(identityPolicies: role.policies, facts: Catalog.embedded)
        let arn = "arn:aws:iam::123456789012:role/shop-ConfigFunctionRole-ABCDEFGHIJKLM"
        #expect(evaluator.evaluate(EvaluationRequest(action: "iam:CreateRole", resource: arn,
                                                     context: ["iam:PermissionsBoundary": [boundary]])).isAllowed)
        #expect(!evaluator.evaluate(EvaluationRequest(action: "iam:CreateRole", resource: arn)).isAllowed)
    }

    @Test func wildcardActionsAreExact() throws {
        guard SharedData.mustRun() else { return }
        let generation = try Self.generation(SharedData.url("codeocean/v3.8.2/codeocean.template.yaml").path)
        let requirements = generation.analysis.requirements
        var checked = 0
        for statement in Self.statements(generation) {
            for action in statement.actions where action.contains("*") {
                // Handler wildcards (ec2:Describe*) come from the catalog as they are; compaction wildcards
                // must stand only for actions the statement's resources need.
                if requirements.actions.contains(action) { continue }
                checked += 1
                for matched in Catalog.embedded.actions(matching: action) {
                    let needing = requirements.requirements.filter { $0.action.lowercased() == matched.fullName.lowercased() }
                    #expect(!needing.isEmpty, "\(action) also grants \(matched.fullName), which nothing needs")
                    let resources = Set(needing.flatMap(\.scope.resources))
                    #expect(statement.resources.allSatisfy { pattern in resources.contains { pattern.isCovered(by: $0) } },
                            "\(action) grants \(matched.fullName) on more than it needs")
                }
            }
        }
        #expect(checked > 0)
    }

    @Test func generatedNamesAreNeverTruncatedWithinTheStackNameLimit() throws {
        let generation = try Self.generation(Self.example)
        let limit = try #require(generation.analysis.requirements.stackNameLimit)
        let longest = String(repeating: "s", count: limit)
        for resource in generation.analysis.stack.allStacks.flatMap(\.resources) {
            for rule in RuleData.embedded.ownResources[resource.type] ?? [] where rule.generatedName != .none
                && resource.properties?[rule.nameProperty ?? ""] == nil {
                let nesting = resource.stackPath.reduce(0) { $0 + $1.count + 2 + ResourceScoper.randomSuffixLength }
                let full = longest.count + nesting + resource.logicalId.count + 2 + ResourceScoper.randomSuffixLength
                #expect(full <= rule.maximumNameLength || full - limit + ScopingOptions().minimumStackNameLength > rule.maximumNameLength,
                        "\(resource.qualifiedId): a \(limit)-character stack name would truncate its generated name")
            }
        }
        // The role template refuses longer stack names.
        let yaml = try generation.roleTemplate.yaml()
        #expect(yaml.contains("MaxLength: \(limit)"))
        #expect(limit < 128)
    }
}
