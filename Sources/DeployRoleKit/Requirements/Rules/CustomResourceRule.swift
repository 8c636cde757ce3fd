/// Custom resources: CloudFormation invokes the ServiceToken (a Lambda function or an SNS topic) on create,
/// update and delete.
struct CustomResourceRule: RequirementRule {
    static func isCustomResource(_ type: String) -> Bool {
        type.hasPrefix("Custom::") || type == "AWS::CloudFormation::CustomResource"
    }

    enum TokenKind { case lambda, sns, unknown }

    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        let typesById = Dictionary(stack.resources.map { ($0.logicalId, $0.type) }, uniquingKeysWith: { first, _ in first })
        for resource in stack.resources where Self.isCustomResource(resource.type) {
            guard let token = resource.properties?["ServiceToken"] else {
                throw DeployRoleError(.invalidTemplate, "the custom resource has no ServiceToken",
                                      location: resource.location, logicalId: resource.qualifiedId)
            }
            let kinds = Set(token.alternatives().map { Self.kind(of: $0, typesById: typesById) })
            for kind in kinds.sorted(by: { "\($0)" < "\($1)" }) {
                switch kind {
                case .lambda:
                    derivation.require(feature: \.customResourceLambda, for: resource, resource.provenance("custom resource ServiceToken (Lambda)"))
                case .sns:
                    derivation.require(feature: \.customResourceSNS, for: resource, resource.provenance("custom resource ServiceToken (SNS)"))
                case .unknown:
                    let reason = "custom resource ServiceToken \(token.displayText) (Lambda or SNS, known at deploy time)"
                    derivation.require(feature: \.customResourceLambda, for: resource, resource.provenance(reason))
                    derivation.require(feature: \.customResourceSNS, for: resource, resource.provenance(reason))
                }
            }
        }
    }

    static func kind(of token: Value, typesById: [String: String]) -> TokenKind {
        switch token {
        case .symbol(.attribute(let logicalId, _)), .symbol(.resourceReference(let logicalId)):
            switch typesById[logicalId] {
            case "AWS::Lambda::Function", "AWS::Serverless::Function", "AWS::Lambda::Alias", "AWS::Lambda::Version":
                return .lambda
            case "AWS::SNS::Topic": return .sns
            default: return .unknown
            }
        default:
            let text = token.displayText
            if text.contains(":lambda:") { return .lambda }
            if text.contains(":sns:") { return .sns }
            return .unknown
        }
    }
}
