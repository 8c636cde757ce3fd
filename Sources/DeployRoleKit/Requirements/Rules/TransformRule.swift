/// Transforms: the transforms deployrole expands offline (the serverless transform, the language
/// extensions) need a change set on the AWS-hosted transform (`arn:...:aws:transform/<Name>`); the serverless
/// transform asks the Serverless Application Repository for its applications' templates; other transforms
/// and macros cannot be expanded offline and are reported by name.
struct TransformRule: RequirementRule {
    /// The transforms expanded offline: the feature (`service-features.tsv`) and the name in the
    /// transform's ARN.
    static let expanded: [String: (feature: KeyPath<ServiceFeatures, RuleData.ServiceFeature> & Sendable, arnName: String)] = [
        ServerlessTransform.transformName: (\.serverlessTransform, "Serverless-2016-10-31"),
        LanguageExtensions.transformName: (\.languageExtensionsTransform, "LanguageExtensions"),
        IncludeTransform.transformName: (\.includeTransform, "Include"),
    ]

    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        let stackId = stack.stackProvenanceId
        let location = stack.template.root["Transform"]?.location
        for unread in stack.unreadIncludes {
            try derivation.gap(Gap(logicalId: stackId, what: "AWS::Include snippet \(unread.location.displayText) is not under the template roots",
                                   location: unread.at ?? location),
                               allowed: derivation.options.allowUnexpandedMacros, category: .unsupportedFeature,
                               hint: "--template-root the folder it is under, or --allow-unexpanded-macros reports it as a gap")
        }
        // A snippet included by Fn::Transform alone runs the transform too.
        var transforms = stack.template.transforms
        if !stack.includedSnippets.isEmpty, !transforms.contains(IncludeTransform.transformName) {
            transforms.append(IncludeTransform.transformName)
        }
        for snippet in stack.includedSnippets {
            derivation.require(feature: \.includeSnippet, on: NestedStackTemplateRule.scope(forTemplateURL: snippet.location),
                               target: NestedStackTemplateRule.target(forTemplateURL: snippet.location),
                               Provenance(logicalId: stackId, resourceType: "AWS::CloudFormation::Stack",
                                          reason: "AWS::Include reads snippet \(snippet.location.displayText)", location: snippet.at))
        }
        for transform in transforms {
            if transform == IncludeTransform.transformName, !stack.unreadIncludes.isEmpty { continue }
            if let expanded = Self.expanded[transform] {
                if derivation.options.kind == .deployer {
                    let transformArn = ResourcePattern([
                        .literal("arn:"), .symbol(.pseudo(.partition)), .literal(":cloudformation:"),
                        .symbol(.pseudo(.region)), .literal(":aws:transform/\(expanded.arnName)"),
                    ])
                    derivation.require(feature: expanded.feature, on: GrantScope(resources: [transformArn]),
                                       target: transformArn.parts,
                                       Provenance(logicalId: stackId, resourceType: "AWS::CloudFormation::Stack",
                                                  reason: "change set on transform \(transform)", location: location))
                }
                continue
            }
            try derivation.gap(Gap(logicalId: stackId, what: "transform \(transform) is not expanded", location: location),
                               allowed: derivation.options.allowUnexpandedMacros, category: .unsupportedFeature,
                               hint: "--allow-unexpanded-macros reports it as a gap instead")
        }
        // The serverless transform asks the repository for each application's template: that application only.
        for application in stack.observations.repositoryApplications {
            let scope: GrantScope
            var target: [TextPart]?
            if let arn = application.applicationId.concreteString, arn.hasPrefix("arn:") {
                scope = GrantScope(resources: [ResourcePattern([.literal(arn)])])
                target = [.literal(arn)]
            } else {
                scope = GrantScope(resources: [ResourcePattern([.literal("arn:"), .symbol(.pseudo(.partition)),
                                                                .literal(":serverlessrepo:*:*:applications/*")])],
                                   note: "applications: the application is given only at deployment")
            }
            let provenance = Provenance(logicalId: application.logicalId, resourceType: "AWS::Serverless::Application",
                                        reason: "the serverless transform asks the Serverless Application Repository for its template",
                                        location: application.location)
            derivation.require(feature: \.serverlessApplicationTemplate, on: scope, target: target, provenance)
            derivation.require(feature: \.serverlessApplicationTemplateStatus, on: scope, target: target, provenance)
        }
        for macro in Set(stack.observations.macros).sorted() {
            try derivation.gap(Gap(logicalId: stackId, what: "macro \(macro.name) is not expanded",
                                   location: macro.location ?? location),
                               allowed: derivation.options.allowUnexpandedMacros, category: .unsupportedFeature,
                               hint: "--allow-unexpanded-macros reports it as a gap instead")
        }
    }
}
