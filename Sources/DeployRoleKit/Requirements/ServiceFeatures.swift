/// The template features that make CloudFormation call a service with the deploying principal's (or the
/// execution role's) permissions, each read from its row of `service-features.tsv`: a missing row fails
/// when the table is loaded, never when a template uses the feature.
public struct ServiceFeatures: Sendable, Hashable {
    public let customResourceLambda: RuleData.ServiceFeature
    public let customResourceSNS: RuleData.ServiceFeature
    public let availabilityZones: RuleData.ServiceFeature
    public let ssmParameterType: RuleData.ServiceFeature
    public let dynamicReferenceSSM: RuleData.ServiceFeature
    public let dynamicReferenceSSMSecure: RuleData.ServiceFeature
    public let dynamicReferenceSecretsManager: RuleData.ServiceFeature
    public let nestedStackTemplate: RuleData.ServiceFeature
    public let serverlessTransform: RuleData.ServiceFeature
    public let languageExtensionsTransform: RuleData.ServiceFeature
    public let includeTransform: RuleData.ServiceFeature
    public let includeSnippet: RuleData.ServiceFeature
    public let stackOutput: RuleData.ServiceFeature
    public let stackOutputRole: RuleData.ServiceFeature
    public let serverlessApplicationTemplate: RuleData.ServiceFeature
    public let serverlessApplicationTemplateStatus: RuleData.ServiceFeature

    /// - Parameter rows: the table's rows by feature name.
    /// - Throws: `DeployRoleError` when a feature has no row.
    init(rows: [String: RuleData.ServiceFeature], file: String) throws {
        func row(_ name: String) throws -> RuleData.ServiceFeature {
            guard let feature = rows[name] else {
                throw DeployRoleError(.io, "service-features.tsv has no row \(name)", file: file)
            }
            return feature
        }
        customResourceLambda = try row("custom-resource-lambda")
        customResourceSNS = try row("custom-resource-sns")
        availabilityZones = try row("availability-zones")
        ssmParameterType = try row("ssm-parameter-type")
        dynamicReferenceSSM = try row("dynamic-reference-ssm")
        dynamicReferenceSSMSecure = try row("dynamic-reference-ssm-secure")
        dynamicReferenceSecretsManager = try row("dynamic-reference-secretsmanager")
        nestedStackTemplate = try row("nested-stack-template")
        serverlessTransform = try row("serverless-transform")
        languageExtensionsTransform = try row("language-extensions-transform")
        includeTransform = try row("include-transform")
        includeSnippet = try row("include-snippet")
        stackOutput = try row("stack-output")
        stackOutputRole = try row("stack-output-role")
        serverlessApplicationTemplate = try row("serverless-application-template")
        serverlessApplicationTemplateStatus = try row("serverless-application-template-status")
    }
}
