/// A key a mapping of the template repeats, of which CloudFormation reads the last occurrence (it
/// accepts duplicates and deploys the last value: aws-cloudformation/cfn-language-discussion#96,
/// aws/aws-cli#2404; `validate-template` and `get-template-summary` return the last,
/// go-to-k/cdk-real-drift#1074). deployrole reads it the same way and reports each ignored occurrence.
public struct IgnoredDuplicateKey: Hashable, Sendable, CustomStringConvertible {
    public var key: String
    /// Where the ignored (earlier) occurrence is.
    public var location: SourceLocation

    public var description: String {
        "\(location): duplicate key \(key): this earlier occurrence is ignored, as CloudFormation reads the last"
    }
}
