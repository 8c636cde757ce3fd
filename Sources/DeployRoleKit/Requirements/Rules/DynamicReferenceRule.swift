/// `{{resolve:ssm:...}}`, `{{resolve:ssm-secure:...}}` and `{{resolve:secretsmanager:...}}` in resource
/// properties: CloudFormation reads the parameter or secret when it creates or updates the resource.
struct DynamicReferenceRule: RequirementRule {
    /// A dynamic reference found in a value: its service and the reference text (deploy-time parts as `${...}`).
    struct Reference: Hashable {
        var service: String
        var target: String
    }

    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        for resource in stack.resources {
            guard let properties = resource.properties else { continue }
            for reference in Self.references(in: properties) {
                derivation.require(feature: "dynamic-reference-\(reference.service)",
                                   resource.provenance("dynamic reference {{resolve:\(reference.service):\(reference.target)}}"))
            }
        }
    }

    static func references(in value: Value) -> [Reference] {
        var found: Set<Reference> = []
        value.forEachValue { item in
            switch item {
            case .string, .text:
                let text = item.displayText
                guard text.contains("{{resolve:") else { return }
                var rest = Substring(text)
                while let start = rest.range(of: "{{resolve:") {
                    let body = rest[start.upperBound...]
                    guard let end = body.range(of: "}}") else { break }
                    let inside = body[..<end.lowerBound]
                    if let colon = inside.firstIndex(of: ":") {
                        let service = String(inside[..<colon])
                        if ["ssm", "ssm-secure", "secretsmanager"].contains(service) {
                            found.insert(Reference(service: service, target: String(inside[inside.index(after: colon)...])))
                        }
                    }
                    rest = body[end.upperBound...]
                }
            default:
                break
            }
        }
        return found.sorted { ($0.service, $0.target) < ($1.service, $1.target) }
    }
}
