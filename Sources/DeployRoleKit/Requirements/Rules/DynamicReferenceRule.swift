/// `{{resolve:ssm:...}}`, `{{resolve:ssm-secure:...}}` and `{{resolve:secretsmanager:...}}` in resource
/// properties: CloudFormation reads the parameter or secret when it creates or updates the resource.
struct DynamicReferenceRule: RequirementRule {
    /// A dynamic reference found in a value: its service and the reference's parts after the service.
    struct Reference: Hashable {
        var service: String
        var target: [TextPart]

        var targetText: String { Value.joining(target).displayText }
    }

    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        for resource in stack.resources {
            guard let properties = resource.properties else { continue }
            for reference in Self.references(in: properties) {
                let provenance = resource.provenance("dynamic reference {{resolve:\(reference.service):\(reference.targetText)}}")
                let id = Self.firstField(of: reference.target)
                if reference.service == "secretsmanager" {
                    derivation.require(feature: \.dynamicReferenceSecretsManager, on: secretScope(reference, derivation: &derivation),
                                       target: Self.secretTarget(id), provenance)
                } else {
                    let feature: KeyPath<ServiceFeatures, RuleData.ServiceFeature> = reference.service == "ssm-secure"
                        ? \.dynamicReferenceSSMSecure : \.dynamicReferenceSSM
                    derivation.require(feature: feature, on: SSMParameterScope.scope(forName: id),
                                       target: SSMParameterScope.target(forName: id), provenance)
                }
            }
        }
    }

    private static let secretFormat = ArnFormat("arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}")

    /// The secret's ARN: the stack's own secret when the id refers to it, the named secret, or any secret.
    private func secretScope(_ reference: Reference, derivation: inout Derivation) -> GrantScope {
        let id = Self.firstField(of: reference.target)
        let format = Self.secretFormat
        if id.count == 1, case .symbol(let symbol) = id[0] {
            switch symbol {
            case .resourceReference(let logicalId), .attribute(let logicalId, _):
                if let secret = derivation.scoper.stack.resources.first(where: { $0.logicalId == logicalId }),
                   let rule = derivation.data.ownResources[secret.type]?.first {
                    return GrantScope(resources: derivation.scoper.ownPatterns(of: secret, rule: rule, format: format))
                }
            default: break
            }
        }
        if let name = Value.joining(id).concreteString {
            if name.hasPrefix("arn:") { return GrantScope(resources: [ResourcePattern([.literal(name + "*")])]) }
            return GrantScope(resources: [format.pattern(namePlaceholder: "SecretId", name: [.literal(name + "-??????")])])
        }
        return GrantScope(resources: [format.pattern()], note: "the secret is named at deploy time: any secret of the account")
    }

    /// The secret's ARN as one deployment sees it: Secrets Manager appends six random characters to the
    /// name; a secret of the stack (nil: found through the resource's references) or named at deploy time
    /// gets a random name.
    static func secretTarget(_ id: [TextPart]) -> [TextPart]? {
        let prefix: [TextPart] = [.literal("arn:"), .symbol(.pseudo(.partition)), .literal(":secretsmanager:"),
                                  .symbol(.pseudo(.region)), .literal(":"), .symbol(.pseudo(.accountId)), .literal(":secret:")]
        if let name = Value.joining(id).concreteString {
            if name.hasPrefix("arn:") { return [.literal(name)] }
            return prefix + [.literal(name + "-"), .symbol(.deployTime("random:6"))]
        }
        if id.count == 1, case .symbol(let symbol) = id[0] {
            if case .resourceReference = symbol { return nil }
            if case .attribute = symbol { return nil }
        }
        return prefix + [.symbol(.deployTime("random:12")), .literal("-"), .symbol(.deployTime("random:6"))]
    }

    /// The parts up to the first `:` outside deploy-time values (the secret id or parameter name).
    static func firstField(of parts: [TextPart]) -> [TextPart] {
        var field: [TextPart] = []
        for part in parts {
            if case .literal(let text) = part, let colon = text.firstIndex(of: ":") {
                if colon > text.startIndex { field.append(.literal(String(text[..<colon]))) }
                return field
            }
            field.append(part)
        }
        return field
    }

    static func references(in value: Value) -> [Reference] {
        var found: Set<Reference> = []
        value.forEachValue { item in
            switch item {
            case .string(let text): collect([.literal(text)], into: &found)
            case .text(let parts): collect(parts, into: &found)
            default: break
            }
        }
        return found.sorted { ($0.service, $0.targetText) < ($1.service, $1.targetText) }
    }

    /// Scans literal text (with deploy-time parts between) for `{{resolve:service:...}}`.
    private static func collect(_ parts: [TextPart], into found: inout Set<Reference>) {
        let marker = "{{resolve:"
        var index = 0
        while index < parts.count {
            // Most literals hold no `{{`: skip them without a substring search.
            guard case .literal(let text) = parts[index], text.utf8.contains(UInt8(ascii: "{")),
                  let start = text.firstRange(ofUTF8: marker) else { index += 1; continue }
            var body: [TextPart] = [.literal(String(text[start.upperBound...]))]
            var cursor = index
            var closed: [TextPart]? = nil
            while closed == nil {
                if case .literal(let piece)? = body.last, let end = piece.firstRange(ofUTF8: "}}") {
                    body[body.count - 1] = .literal(String(piece[..<end.lowerBound]))
                    closed = body
                    let rest = String(piece[end.upperBound...])
                    if rest.contains(utf8: marker) { collect([.literal(rest)] + parts[(cursor + 1)...], into: &found) }
                    break
                }
                cursor += 1
                guard cursor < parts.count else { break }
                body.append(parts[cursor])
            }
            if let closed, case .literal(let head)? = closed.first, let colon = head.firstIndex(of: ":") {
                let service = String(head[..<colon])
                if ["ssm", "ssm-secure", "secretsmanager"].contains(service) {
                    let target = [TextPart.literal(String(head[head.index(after: colon)...]))] + closed.dropFirst()
                    found.insert(Reference(service: service, target: ResourcePattern.normalised(target)))
                }
            }
            index = cursor + 1
        }
    }
}
