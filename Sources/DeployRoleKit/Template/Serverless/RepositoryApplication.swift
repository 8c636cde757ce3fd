/// An `AWS::Serverless::Application` of the Serverless Application Repository
/// (`Location: {ApplicationId, SemanticVersion}`): the serverless transform asks the repository for its
/// template, which cannot be read offline.
public struct RepositoryApplication: Hashable, Sendable {
    /// The application resource's qualified logical ID.
    public var logicalId: String
    /// The application's ARN (`arn:aws:serverlessrepo:us-east-1:123456789012:applications/my-app`), as resolved.
    public var applicationId: Value
    public var location: SourceLocation?

    public init(logicalId: String, applicationId: Value, location: SourceLocation?) {
        self.logicalId = logicalId
        self.applicationId = applicationId
        self.location = location
    }
}
