/// Parameters of an AWS-specific type (`AWS::EC2::KeyPair::KeyName`, `List<AWS::EC2::Subnet::Id>`,
/// `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>`): CloudFormation checks each value against the
/// account's resources when the stack is created or updated, with the caller's credentials, so a deployer
/// role needs the calls `parameter-validation.tsv` lists. A type of the `AWS::` family the table does not
/// know is an error: its check would be denied at deployment.
struct ParameterValidationRule: RequirementRule {
    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        guard derivation.options.kind == .deployer else { return }
        let stackId = stack.stackProvenanceId
        for (name, parameter) in stack.template.parameters {
            guard let type = Self.validatedType(of: parameter.type) else { continue }
            guard let actions = derivation.data.parameterValidation[type] else {
                try derivation.gap(Gap(logicalId: name, what: "parameter \(name) has type \(parameter.type), whose validation calls are not known",
                                       location: parameter.location),
                                   allowed: derivation.options.allowUnknownTypes, category: .unknownResourceType,
                                   hint: "--allow-unknown-types lets it pass as a gap")
                continue
            }
            let provenance = Provenance(logicalId: stackId, resourceType: "AWS::CloudFormation::Stack",
                                        reason: "parameter \(name) of type \(parameter.type) is validated against the account",
                                        location: parameter.location)
            for action in actions {
                derivation.require(action, phases: [.create, .update], on: Self.scope(of: action, catalog: derivation.catalog),
                                   provenance)
            }
        }
    }

    /// The AWS-specific type a parameter's values have (`AWS::EC2::Subnet::Id` for
    /// `List<AWS::EC2::Subnet::Id>` and `AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>`), nil for
    /// `String`, `Number`, lists of them and SSM parameter types of them.
    static func validatedType(of type: String) -> String? {
        var inner = Substring(type)
        for wrapper in ["AWS::SSM::Parameter::Value<", "List<"] where inner.hasPrefix(wrapper) && inner.hasSuffix(">") {
            inner = inner.dropFirst(wrapper.count).dropLast()
        }
        guard inner.hasPrefix("AWS::"), !inner.hasPrefix("AWS::SSM::Parameter::") else { return nil }
        return String(inner)
    }

    /// A validation call names a resource outside the stack (the value given): on `*` where the action has
    /// no resource-level permission, else on its resource types' ARNs in the account.
    static func scope(of action: String, catalog: Catalog) -> GrantScope {
        guard let facts = catalog.action(action), !facts.isWildcardOnly else {
            return .any("\(action) supports no resource-level permissions (IAM reference): validates a parameter's value")
        }
        let patterns = facts.resourceTypes.compactMap { catalog.iamResourceType(service: facts.service, name: $0.name)?.format.pattern() }
        return GrantScope(resources: patterns, note: "validates a parameter's value, a resource outside the stack")
    }
}
