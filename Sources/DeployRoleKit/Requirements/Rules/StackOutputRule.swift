/// `Fn::GetStackOutput`: CloudFormation reads another stack's outputs when the stack is created or updated,
/// with the stack's execution role (the service role, else the caller): `cloudformation:DescribeStacks`
/// on that stack, or, with `RoleArn` (another account's stack), `sts:AssumeRole` on that role.
struct StackOutputRule: RequirementRule {
    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        for read in Set(stack.observations.stackOutputReads).sorted(by: { ($0.location?.line ?? 0, $0.stackName.displayText) < ($1.location?.line ?? 0, $1.stackName.displayText) }) {
            let provenance = Provenance(logicalId: stack.stackProvenanceId, resourceType: "AWS::CloudFormation::Stack",
                                        reason: "Fn::GetStackOutput of stack \(read.stackName.displayText)", location: read.location)
            if let role = read.roleArn {
                let arn = Self.parts(role)
                derivation.require(feature: \.stackOutputRole, on: Self.scope(arn, what: "role"), target: Self.target(arn), provenance)
                continue
            }
            let region = read.region.map(Self.parts) ?? [.symbol(.pseudo(.region))]
            let arn: [TextPart] = [.literal("arn:"), .symbol(.pseudo(.partition)), .literal(":cloudformation:")] + region
                + [.literal(":"), .symbol(.pseudo(.accountId)), .literal(":stack/")] + Self.parts(read.stackName) + [.literal("/*")]
            derivation.require(feature: \.stackOutput, on: Self.scope(arn, what: "stack"), target: Self.target(arn), provenance)
        }
    }

    /// A value's parts: literal text and pseudo parameters; anything else known only at deployment.
    static func parts(_ value: Value) -> [TextPart] {
        (value.textParts ?? [.symbol(.deployTime("random:12"))]).map { part in
            switch part {
            case .literal: return part
            case .symbol(.pseudo(let pseudo)) where pseudo == .region || pseudo == .accountId || pseudo == .partition: return part
            case .symbol: return .symbol(.deployTime("random:12"))
            }
        }
    }

    /// The grant: the ARN with deploy-time parts as `*`, said so when there are any.
    static func scope(_ arn: [TextPart], what: String) -> GrantScope {
        let deployTime = arn.contains { if case .symbol(.deployTime) = $0 { return true } else { return false } }
        let pattern = ResourcePattern(arn.map { part in
            if case .symbol(.deployTime) = part { return .literal("*") }
            return part
        })
        return GrantScope(resources: [pattern], note: deployTime ? "the \(what) is named at deploy time" : nil)
    }

    /// The ARN one deployment reads (`*` in a stack ID is a random token there).
    static func target(_ arn: [TextPart]) -> [TextPart] {
        arn.map { part in
            if case .literal(let text) = part, text.hasSuffix("/*") {
                return .literal(String(text.dropLast()) + "0a1b2c3d-0000-4000-8000-000000000000")
            }
            return part
        }
    }
}
