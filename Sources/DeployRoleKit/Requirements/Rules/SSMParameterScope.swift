/// The ARN of an SSM parameter CloudFormation reads: a name the template fixes, a public AWS parameter
/// (`/aws/service/...`, owned by no account), or any parameter when the name is known only at deploy time.
enum SSMParameterScope {
    static func scope(forName name: [TextPart]) -> GrantScope {
        guard let text = Value.joining(name).concreteString else {
            return GrantScope(resources: [pattern(account: true, name: "*"), publicPattern(name: "aws/*")],
                              note: "the parameter is named at deploy time: any parameter of the account")
        }
        if text.hasPrefix("arn:") { return GrantScope(resources: [ResourcePattern([.literal(text)])]) }
        let trimmed = text.hasPrefix("/") ? String(text.dropFirst()) : text
        return GrantScope(resources: [trimmed.hasPrefix("aws/") ? publicPattern(name: trimmed) : pattern(account: true, name: trimmed)])
    }

    /// A public AWS parameter's ARN has an empty account; `*` matches it too (no customer can create a name
    /// starting with `aws`) and is the form policy linters accept.
    private static func publicPattern(name: String) -> ResourcePattern {
        ResourcePattern([.literal("arn:"), .symbol(.pseudo(.partition)), .literal(":ssm:"), .symbol(.pseudo(.region)),
                         .literal(":*:parameter/\(name)")])
    }

    /// The parameter's ARN as one deployment sees it (a name known only then is a random token).
    static func target(forName name: [TextPart]) -> [TextPart] {
        guard let text = Value.joining(name).concreteString else {
            return pattern(account: true, name: "").parts + [.symbol(.deployTime("random:12"))]
        }
        if text.hasPrefix("arn:") { return [.literal(text)] }
        let trimmed = text.hasPrefix("/") ? String(text.dropFirst()) : text
        return pattern(account: !trimmed.hasPrefix("aws/"), name: trimmed).parts
    }

    private static func pattern(account: Bool, name: String) -> ResourcePattern {
        ResourcePattern([.literal("arn:"), .symbol(.pseudo(.partition)), .literal(":ssm:"), .symbol(.pseudo(.region)),
                         .literal(":")] + (account ? [.symbol(.pseudo(.accountId))] : [])
                        + [.literal(":parameter/\(name)")])
    }
}
