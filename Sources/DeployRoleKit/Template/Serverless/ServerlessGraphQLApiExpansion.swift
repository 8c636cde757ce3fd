import OrderedCollections

/// `AWS::Serverless::GraphQLApi`: the AppSync API and schema, its data sources (each with a role unless
/// `ServiceRoleArn` is given), functions, resolvers, API keys, cache, custom domain, and the logging role.
extension ServerlessStackExpansion {
    /// The actions a data source's role gets, per data source kind.
    static let graphQLDataSourceKinds: [String: (type: String, arnKey: String, actions: [String])] = [
        "DynamoDb": ("AMAZON_DYNAMODB", "TableArn", [
            "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem",
            "dynamodb:ConditionCheckItem", "dynamodb:PartiQLSelect", "dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLDelete", "dynamodb:PartiQLInsert",
            "dynamodb:PartiQLUpdate"]),
        "Lambda": ("AWS_LAMBDA", "FunctionArn", ["lambda:InvokeAsync", "lambda:InvokeFunction"]),
    ]

    mutating func expandGraphQLApi(_ api: EvaluatedResource) {
        let id = api.logicalId
        let properties = api.properties ?? .map([:])
        let apiId = Value.getAtt(id, "ApiId")
        let logging = properties["Logging"]
        let createsLoggingRole = logging != nil && logging?.concreteString?.lowercased() != "false"
            && logging?["CloudWatchLogsRoleArn"] == nil
        var resource = api
        resource.type = "AWS::AppSync::GraphQLApi"
        resource.generatedFrom = "\(api.type) \(id)"
        resource.properties = .object([
            "Name": properties["Name"] ?? .string(id),
            "AuthenticationType": properties["Auth"]?["Type"],
            "AdditionalAuthenticationProviders": properties["Auth"]?["Additional"],
            "LambdaAuthorizerConfig": properties["Auth"]?["LambdaAuthorizer"],
            "UserPoolConfig": properties["Auth"]?["UserPool"],
            "OpenIDConnectConfig": properties["Auth"]?["OpenIDConnect"],
            "LogConfig": logging.map { _ in .object([
                "CloudWatchLogsRoleArn": logging?["CloudWatchLogsRoleArn"]
                    ?? (createsLoggingRole ? .getAtt("\(id)CloudWatchRole", "Arn") : nil),
                "FieldLogLevel": logging?["FieldLogLevel"], "ExcludeVerboseContent": logging?["ExcludeVerboseContent"],
            ]) },
            "XrayEnabled": properties["XrayEnabled"],
            "Visibility": properties["Visibility"],
            "IntrospectionConfig": properties["IntrospectionConfig"],
            "Tags": ServerlessNaming.tagList(properties["Tags"], createdBySAM: false),
        ])
        output.keep(resource)
        if createsLoggingRole {
            var role = ServerlessRole(logicalId: "\(id)CloudWatchRole", servicePrincipal: "appsync.amazonaws.com")
            role.addManagedPolicy(named: "service-role/AWSAppSyncPushToCloudWatchLogs")
            role.emit(into: &output, from: api)
        }
        output.add("\(id)Schema", "AWS::AppSync::GraphQLSchema", from: api, [
            "ApiId": apiId,
            "Definition": properties["SchemaInline"],
            "DefinitionS3Location": properties["SchemaUri"],
        ])
        if let authorizer = properties["Auth"]?["LambdaAuthorizer"]?["AuthorizerUri"] {
            output.add("\(id)LambdaAuthorizerPermission", "AWS::Lambda::Permission", from: api, [
                "Action": .string("lambda:InvokeFunction"), "FunctionName": authorizer,
                "Principal": .string("appsync.amazonaws.com"), "SourceArn": .ref(id),
            ])
        }
        for (name, key) in properties["ApiKeys"]?.mapEntries ?? [:] {
            output.add("\(id)\(name)", "AWS::AppSync::ApiKey", from: api, [
                "ApiId": apiId, "Description": key["Description"], "Expires": key["ExpiresOn"],
            ])
        }
        for (kind, sources) in properties["DataSources"]?.mapEntries ?? [:] {
            for (name, source) in sources.mapEntries {
                expandGraphQLDataSource(api, apiId: apiId, kind: kind, name: name, source)
            }
        }
        for (name, function) in properties["Functions"]?.mapEntries ?? [:] {
            output.add("\(id)\(name)", "AWS::AppSync::FunctionConfiguration", from: api, [
                "ApiId": apiId, "Name": function["Name"] ?? .string(name),
                "DataSourceName": function["DataSource"], "Runtime": function["Runtime"],
                "Code": function["InlineCode"], "CodeS3Location": function["CodeUri"],
                "Description": function["Description"], "MaxBatchSize": function["MaxBatchSize"],
            ])
        }
        for (operation, resolvers) in properties["Resolvers"]?.mapEntries ?? [:] {
            for (name, resolver) in resolvers.mapEntries {
                output.add("\(id)\(operation)\(name)", "AWS::AppSync::Resolver", from: api, [
                    "ApiId": apiId, "TypeName": .string(operation), "FieldName": resolver["FieldName"] ?? .string(name),
                    "Kind": .string("PIPELINE"), "Runtime": resolver["Runtime"],
                    "Code": resolver["InlineCode"], "CodeS3Location": resolver["CodeUri"],
                    "PipelineConfig": resolver["Pipeline"].map { .object(["Functions": $0]) },
                    "CachingConfig": resolver["Caching"], "MaxBatchSize": resolver["MaxBatchSize"],
                ])
            }
        }
        if let cache = properties["Cache"] {
            output.add("\(id)ApiCache", "AWS::AppSync::ApiCache", from: api, properties: cache.mapEntries
                .merging(["ApiId": apiId]) { $1 })
        }
        if let domain = properties["DomainName"] {
            output.add("\(id)DomainName", "AWS::AppSync::DomainName", from: api, [
                "DomainName": domain["DomainName"], "CertificateArn": domain["CertificateArn"],
                "Description": domain["Description"],
            ])
            output.add("\(id)DomainNameApiAssociation", "AWS::AppSync::DomainNameApiAssociation", from: api, [
                "ApiId": apiId, "DomainName": domain["DomainName"],
            ])
        }
    }

    /// One data source `<Api><Name><Kind>DataSource`, with its role `<Api><Name><Kind>DataSourceRole` unless
    /// `ServiceRoleArn` is given.
    private mutating func expandGraphQLDataSource(_ api: EvaluatedResource, apiId: Value, kind: String, name: String,
                                                  _ source: Value) {
        let dataSourceId = "\(api.logicalId)\(name)\(kind)DataSource"
        let facts = Self.graphQLDataSourceKinds[kind]
        let roleId = "\(dataSourceId)Role"
        let createsRole = source["ServiceRoleArn"] == nil && facts != nil
        let resourceArn = facts.flatMap { source[$0.arnKey] }
            ?? source["TableName"].map { Self.regionalArn(service: "dynamodb", [.string("table/"), $0]) }
        output.add(dataSourceId, "AWS::AppSync::DataSource", from: api, [
            "ApiId": apiId,
            "Name": source["Name"] ?? .string(name),
            "Description": source["Description"],
            "Type": facts.map { .string($0.type) },
            "ServiceRoleArn": source["ServiceRoleArn"] ?? (createsRole ? .getAtt(roleId, "Arn") : nil),
            "DynamoDBConfig": kind == "DynamoDb" ? .object([
                "TableName": source["TableName"], "AwsRegion": source["Region"] ?? .symbol(.pseudo(.region)),
                "UseCallerCredentials": source["UseCallerCredentials"],
                "DeltaSyncConfig": source["DeltaSync"], "Versioned": source["Versioned"],
            ]) : nil,
            "LambdaConfig": kind == "Lambda" ? .object(["LambdaFunctionArn": source["FunctionArn"]]) : nil,
        ])
        if createsRole, let facts, let resourceArn {
            var role = ServerlessRole(logicalId: roleId, servicePrincipal: "appsync.amazonaws.com")
            role.addStatement(actions: facts.actions, resource: resourceArn)
            role.emit(into: &output, from: api)
        }
    }
}
