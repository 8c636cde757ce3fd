/// An error a user can act on: what went wrong, where (file, line, logical ID) and which category it falls in.
///
/// Every failure deployrole reports on bad input is one of these; the CLI prints `description` on one line
/// and exits with status 2.
public struct DeployRoleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Broad kinds of failure, used to count and categorise outcomes (for example over a corpus).
    public enum Category: String, Hashable, Sendable, CaseIterable, Comparable {
        case malformedDocument = "malformed-document"
        case invalidTemplate = "invalid-template"
        case invalidParameter = "invalid-parameter"
        case unresolvableValue = "unresolvable-value"
        case unknownResourceType = "unknown-resource-type"
        case nestedStack = "nested-stack"
        case unsupportedFeature = "unsupported-feature"
        case policyTooLarge = "policy-too-large"
        case invalidPolicy = "invalid-policy"
        case usage = "usage"
        case io = "io"

        public static func < (lhs: Category, rhs: Category) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var category: Category
    public var message: String
    public var location: SourceLocation?
    /// The logical ID of the resource (or parameter, condition, output) the error is about, when known.
    public var logicalId: String?
    /// The file the error is about when no precise location is known.
    public var file: String?

    public init(_ category: Category, _ message: String, location: SourceLocation? = nil,
                logicalId: String? = nil, file: String? = nil) {
        self.category = category
        self.message = message
        self.location = location
        self.logicalId = logicalId
        self.file = file ?? location?.file
    }

    public var description: String {
        var prefix = ""
        if let location { prefix = "\(location): " } else if let file { prefix = "\(file): " }
        let subject = logicalId.map { "\($0): " } ?? ""
        return "\(prefix)error[\(category.rawValue)]: \(subject)\(message)"
    }
}
