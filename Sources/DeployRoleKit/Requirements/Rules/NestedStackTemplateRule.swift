/// Nested stacks: CloudFormation fetches each child's template from S3 with the caller's permissions.
struct NestedStackTemplateRule: RequirementRule {
    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        for resource in stack.resources where resource.type == "AWS::CloudFormation::Stack" {
            let url = resource.properties?["TemplateURL"] ?? .string("")
            derivation.require(feature: \.nestedStackTemplate, on: Self.scope(forTemplateURL: url),
                               target: Self.target(forTemplateURL: url),
                               resource.provenance("read nested template \(url.displayText)"))
        }
    }

    /// The template object's ARN as one deployment sees it (a packaged template gets a random bucket and key).
    static func target(forTemplateURL url: Value) -> [TextPart] {
        if let first = scope(forTemplateURL: url.alternatives().first ?? url).resources.first, !first.rendered({ _ in "" }).contains("*") {
            return first.parts
        }
        return [.literal("arn:"), .symbol(.pseudo(.partition)), .literal(":s3:::"), .symbol(.deployTime("random:12")),
                .literal("/"), .symbol(.deployTime("random:32"))]
    }

    /// The template object's ARN when the URL names its bucket (`https://BUCKET.s3...amazonaws.com/KEY`,
    /// `https://s3...amazonaws.com/BUCKET/KEY`, `s3://BUCKET/KEY`); any object otherwise (a local path is
    /// uploaded by `aws cloudformation package` to a bucket chosen then).
    static func scope(forTemplateURL url: Value) -> GrantScope {
        var patterns: [ResourcePattern] = []
        for alternative in url.alternatives() {
            guard let text = alternative.concreteString, let schemeEnd = text.range(of: "://") else { continue }
            let rest = text[schemeEnd.upperBound...]
            let host = rest.prefix { $0 != "/" }
            var path = rest.dropFirst(host.count).drop { $0 == "/" }
            let bucket: Substring
            if text.hasPrefix("s3://") {
                bucket = host
            } else if let range = host.range(of: ".s3") {
                bucket = host[..<range.lowerBound]
            } else if host.hasPrefix("s3") {
                bucket = path.prefix { $0 != "/" }
                path = path.dropFirst(bucket.count).drop { $0 == "/" }
            } else {
                continue
            }
            guard !bucket.isEmpty, !path.isEmpty else { continue }
            patterns.append(ResourcePattern([.literal("arn:"), .symbol(.pseudo(.partition)),
                                             .literal(":s3:::\(bucket)/\(path)")]))
        }
        if patterns.count == url.alternatives().count { return GrantScope(resources: patterns) }
        return GrantScope(resources: patterns + [ResourcePattern([.literal("arn:"), .symbol(.pseudo(.partition)), .literal(":s3:::*/*")])],
                          note: "the template's bucket is chosen when it is packaged: any object")
    }
}
