/// Transforms: the serverless transform needs a change set on the transform; other transforms and macros
/// cannot be expanded offline and are reported by name.
struct TransformRule: RequirementRule {
    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        let stackId = stack.stackProvenanceId
        let location = stack.template.root["Transform"]?.location
        for transform in stack.template.transforms {
            if transform == ServerlessTransform.transformName {
                if derivation.options.kind == .deployer {
                    let transformArn = ResourcePattern([
                        .literal("arn:"), .symbol(.pseudo(.partition)), .literal(":cloudformation:"),
                        .symbol(.pseudo(.region)), .literal(":aws:transform/Serverless-2016-10-31"),
                    ])
                    derivation.require(feature: "serverless-transform", on: GrantScope(resources: [transformArn]),
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
        for macro in Set(stack.observations.macros).sorted() {
            try derivation.gap(Gap(logicalId: stackId, what: "macro \(macro.name) is not expanded",
                                   location: macro.location ?? location),
                               allowed: derivation.options.allowUnexpandedMacros, category: .unsupportedFeature,
                               hint: "--allow-unexpanded-macros reports it as a gap instead")
        }
    }
}
