import OrderedCollections

/// Serverless resources that become one CloudFormation resource: `AWS::Serverless::SimpleTable`,
/// `AWS::Serverless::LayerVersion` and `AWS::Serverless::Application`.
extension ServerlessStackExpansion {
    /// `AWS::Serverless::SimpleTable` → `AWS::DynamoDB::Table` with a single-attribute key (`id` of type String
    /// unless `PrimaryKey` says otherwise), on-demand unless `ProvisionedThroughput` is given.
    mutating func expandSimpleTable(_ table: EvaluatedResource) {
        let properties = table.properties ?? .map([:])
        let keyName = properties["PrimaryKey"]?["Name"] ?? .string("id")
        let keyType = properties["PrimaryKey"]?["Type"]?.concreteString.map { $0 == "Number" ? "N" : $0 == "Binary" ? "B" : "S" }
        output.keep(replaced(table, type: "AWS::DynamoDB::Table", [
            "TableName": properties["TableName"],
            "AttributeDefinitions": .list([.object(["AttributeName": keyName,
                                                    "AttributeType": .string(keyType ?? "S")])]),
            "KeySchema": .list([.object(["AttributeName": keyName, "KeyType": .string("HASH")])]),
            "ProvisionedThroughput": properties["ProvisionedThroughput"],
            "BillingMode": properties["ProvisionedThroughput"] == nil ? .string("PAY_PER_REQUEST") : nil,
            "SSESpecification": properties["SSESpecification"],
            "PointInTimeRecoverySpecification": properties["PointInTimeRecoverySpecification"],
            "Tags": ServerlessNaming.tagList(properties["Tags"], createdBySAM: false),
        ]))
    }

    /// `AWS::Serverless::LayerVersion` → `AWS::Lambda::LayerVersion` (SAM appends a content hash to the logical
    /// ID; the ID is kept here). `RetentionPolicy: Retain` becomes the deletion policy.
    mutating func expandLayerVersion(_ layer: EvaluatedResource) {
        let properties = layer.properties ?? .map([:])
        var resource = replaced(layer, type: "AWS::Lambda::LayerVersion", [
            "LayerName": properties["LayerName"],
            "Description": properties["Description"],
            "Content": properties["ContentUri"].map {
                Self.s3Location($0, bucketKey: "S3Bucket", keyKey: "S3Key", versionKey: "S3ObjectVersion")
            },
            "CompatibleRuntimes": properties["CompatibleRuntimes"],
            "CompatibleArchitectures": properties["CompatibleArchitectures"],
            "LicenseInfo": properties["LicenseInfo"],
        ])
        if properties["RetentionPolicy"]?.concreteString?.lowercased() == "retain" { resource.deletionPolicy = "Retain" }
        output.keep(resource)
    }

    /// `AWS::Serverless::Application` → `AWS::CloudFormation::Stack`. An application of the Serverless
    /// Application Repository (`Location: {ApplicationId, SemanticVersion}`) has a template that cannot be
    /// read offline: it is reported.
    mutating func expandApplication(_ application: EvaluatedResource) {
        let properties = application.properties ?? .map([:])
        var templateURL = properties["Location"]
        if let location = properties["Location"], let applicationId = location["ApplicationId"] {
            let version = location["SemanticVersion"]?.displayText ?? "(no version)"
            output.reportUnexpandable("\(application.type) \(application.logicalId): Serverless Application Repository "
                                      + "application \(applicationId.displayText) \(version), its template is not "
                                      + "available offline", at: application.location)
            templateURL = .symbol(.deployTime("template of SAR application \(applicationId.displayText) \(version)"))
            output.recordRepositoryApplication(RepositoryApplication(logicalId: application.qualifiedId,
                                                                     applicationId: applicationId, location: application.location))
        }
        output.keep(replaced(application, type: "AWS::CloudFormation::Stack", [
            "TemplateURL": templateURL,
            "Parameters": properties["Parameters"],
            "NotificationARNs": properties["NotificationARNs"],
            "TimeoutInMinutes": properties["TimeoutInMinutes"],
            "Tags": ServerlessNaming.tagList(properties["Tags"], createdBySAM: false),
        ]))
    }

    /// A serverless resource replaced by one resource of `type`, keeping its logical ID and resource attributes.
    func replaced(_ source: EvaluatedResource, type: String, _ properties: KeyValuePairs<String, Value?>)
        -> EvaluatedResource {
        var resource = source
        resource.type = type
        resource.properties = .object(properties)
        resource.generatedFrom = "\(source.type) \(source.logicalId)"
        return resource
    }
}
