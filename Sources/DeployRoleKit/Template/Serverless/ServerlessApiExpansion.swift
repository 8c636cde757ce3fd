import OrderedCollections

/// `AWS::Serverless::Api` and `AWS::Serverless::HttpApi`, explicit or implicit (`ServerlessRestApi`,
/// `ServerlessHttpApi`): the API, its deployment and stage, custom domain, usage plan and authorizer
/// permissions.
extension ServerlessStackExpansion {
    /// A REST API: `AWS::ApiGateway::RestApi`, `Deployment` and `Stage` (`<Api><StageName>Stage`, `Prod` for the
    /// implicit API), and what `Domain` and `Auth` ask for.
    mutating func expandRestApi(_ api: EvaluatedResource, logicalId id: String) {
        let properties = api.properties ?? .map([:])
        let endpoint = properties["EndpointConfiguration"].map { configuration -> Value in
            if case .map = configuration {
                return .object(["Types": configuration["Type"].map { .list([$0]) },
                                "VpcEndpointIds": configuration["VPCEndpointIds"]])
            }
            return .object(["Types": .list([configuration])])
        }
        output.add(id, "AWS::ApiGateway::RestApi", from: api, [
            "Name": properties["Name"],
            "Description": properties["Description"],
            "Body": properties["DefinitionBody"],
            "BodyS3Location": properties["DefinitionUri"].map {
                Self.s3Location($0, bucketKey: "Bucket", keyKey: "Key", versionKey: "Version")
            },
            "EndpointConfiguration": endpoint,
            "BinaryMediaTypes": properties["BinaryMediaTypes"],
            "MinimumCompressionSize": properties["MinimumCompressionSize"],
            "Mode": properties["Mode"],
            "DisableExecuteApiEndpoint": properties["DisableExecuteApiEndpoint"],
            "ApiKeySourceType": properties["ApiKeySourceType"],
            "Tags": properties["PropagateTags"]?.isTrue == true
                ? ServerlessNaming.tagList(properties["Tags"], createdBySAM: false) : nil,
        ])
        let stageName = properties["StageName"] ?? .string("Prod")
        let stageId = "\(id)\(ServerlessNaming.alphanumeric(stageName) ?? "")Stage"
        output.add("\(id)Deployment", "AWS::ApiGateway::Deployment", from: api, [
            "RestApiId": .ref(id),
            "Description": .string("RestApi deployment id"),
        ])
        output.add(stageId, "AWS::ApiGateway::Stage", from: api, [
            "RestApiId": .ref(id),
            "DeploymentId": .ref("\(id)Deployment"),
            "StageName": stageName,
            "Variables": properties["Variables"],
            "MethodSettings": properties["MethodSettings"],
            "AccessLogSetting": properties["AccessLogSetting"],
            "CacheClusterEnabled": properties["CacheClusterEnabled"],
            "CacheClusterSize": properties["CacheClusterSize"],
            "CanarySetting": properties["CanarySetting"],
            "TracingEnabled": properties["TracingEnabled"],
            "Tags": ServerlessNaming.tagList(properties["Tags"], createdBySAM: false),
        ])
        expandAuthorizerPermissions(api, apiId: id, auth: properties["Auth"])
        expandUsagePlan(api, apiId: id, stageId: stageId, usagePlan: properties["Auth"]?["UsagePlan"])
        if let domain = properties["Domain"] {
            expandDomain(api, apiId: id, domain: domain, stage: .ref(stageId), version: .rest)
        }
    }

    /// An HTTP API: `AWS::ApiGatewayV2::Api` and its stage (`<Api>ApiGatewayDefaultStage` for `$default`),
    /// and what `Domain` and `Auth` ask for.
    mutating func expandHttpApi(_ api: EvaluatedResource, logicalId id: String) {
        let properties = api.properties ?? .map([:])
        output.add(id, "AWS::ApiGatewayV2::Api", from: api, [
            "Name": properties["Name"],
            "Description": properties["Description"],
            "Body": properties["DefinitionBody"],
            "BodyS3Location": properties["DefinitionUri"].map {
                Self.s3Location($0, bucketKey: "Bucket", keyKey: "Key", versionKey: "Version")
            },
            "ProtocolType": properties["DefinitionBody"] == nil && properties["DefinitionUri"] == nil
                ? .string("HTTP") : nil,
            "CorsConfiguration": properties["CorsConfiguration"],
            "DisableExecuteApiEndpoint": properties["DisableExecuteApiEndpoint"],
            "Tags": .map(OrderedDictionary(uniqueKeysWithValues: [("httpapi:createdBy", Value.string("SAM"))])
                .merging(properties["Tags"]?.mapEntries ?? [:]) { $1 }),
        ])
        let stageName = properties["StageName"] ?? .string("$default")
        let stageId = stageName.concreteString == "$default"
            ? "\(id)ApiGatewayDefaultStage" : "\(id)\(ServerlessNaming.alphanumeric(stageName) ?? "")Stage"
        output.add(stageId, "AWS::ApiGatewayV2::Stage", from: api, [
            "ApiId": .ref(id),
            "StageName": stageName,
            "AutoDeploy": .bool(true),
            "AccessLogSettings": properties["AccessLogSettings"],
            "DefaultRouteSettings": properties["DefaultRouteSettings"],
            "RouteSettings": properties["RouteSettings"],
            "StageVariables": properties["StageVariables"],
            "Tags": properties["Tags"],
        ])
        expandAuthorizerPermissions(api, apiId: id, auth: properties["Auth"])
        if let domain = properties["Domain"] {
            expandDomain(api, apiId: id, domain: domain, stage: .ref(stageId), version: .http)
        }
    }

    /// Lambda authorizers (`Auth.Authorizers.<Name>.FunctionArn`): API Gateway may invoke each function.
    private mutating func expandAuthorizerPermissions(_ api: EvaluatedResource, apiId: String, auth: Value?) {
        for (name, authorizer) in auth?["Authorizers"]?.mapEntries ?? [:] {
            guard let function = authorizer["FunctionArn"] else { continue }
            output.add("\(apiId)\(name)AuthorizerPermission", "AWS::Lambda::Permission", from: api, [
                "Action": .string("lambda:InvokeFunction"),
                "FunctionName": function,
                "Principal": .string("apigateway.amazonaws.com"),
                "SourceArn": Self.regionalArn(service: "execute-api", [.ref(apiId), .string("/authorizers/*")]),
            ])
        }
    }

    /// `Auth.UsagePlan`: a usage plan, API key and usage plan key, per API or shared by the stack's APIs.
    private mutating func expandUsagePlan(_ api: EvaluatedResource, apiId: String, stageId: String, usagePlan: Value?) {
        guard let usagePlan, let mode = usagePlan["CreateUsagePlan"]?.concreteString, mode != "NONE" else { return }
        let prefix = mode == "SHARED" ? "Serverless" : apiId
        guard !output.contains("\(prefix)UsagePlan") else { return }
        output.add("\(prefix)UsagePlan", "AWS::ApiGateway::UsagePlan", from: api, [
            "ApiStages": .list([.object(["ApiId": .ref(apiId), "Stage": .ref(stageId)])]),
            "UsagePlanName": usagePlan["UsagePlanName"],
            "Description": usagePlan["Description"],
            "Quota": usagePlan["Quota"],
            "Throttle": usagePlan["Throttle"],
            "Tags": usagePlan["Tags"],
        ])
        output.add("\(prefix)ApiKey", "AWS::ApiGateway::ApiKey", from: api, [
            "Enabled": .bool(true),
            "StageKeys": .list([.object(["RestApiId": .ref(apiId), "StageName": .ref(stageId)])]),
        ])
        output.add("\(prefix)UsagePlanKey", "AWS::ApiGateway::UsagePlanKey", from: api, [
            "KeyId": .ref("\(prefix)ApiKey"),
            "KeyType": .string("API_KEY"),
            "UsagePlanId": .ref("\(prefix)UsagePlan"),
        ])
    }

    /// Which API Gateway generation a custom domain is for.
    enum ApiGatewayVersion {
        case rest, http
    }

    /// `Domain`: the domain name (`ApiGatewayDomainName<Api>`, or `ApiGatewayDomainNameV2<Api>`), a base path
    /// mapping (or API mapping) per base path, and the Route 53 records when `Route53` is given.
    private mutating func expandDomain(_ api: EvaluatedResource, apiId: String, domain: Value, stage: Value,
                                       version: ApiGatewayVersion) {
        let domainId: String
        switch version {
        case .rest:
            domainId = "ApiGatewayDomainName\(apiId)"
            output.add(domainId, "AWS::ApiGateway::DomainName", from: api, [
                "DomainName": domain["DomainName"],
                "RegionalCertificateArn": domain["EndpointConfiguration"]?.concreteString == "EDGE"
                    ? nil : domain["CertificateArn"],
                "CertificateArn": domain["EndpointConfiguration"]?.concreteString == "EDGE"
                    ? domain["CertificateArn"] : nil,
                "EndpointConfiguration": .object(["Types": .list([domain["EndpointConfiguration"] ?? .string("REGIONAL")])]),
                "MutualTlsAuthentication": domain["MutualTlsAuthentication"],
                "SecurityPolicy": domain["SecurityPolicy"],
                "OwnershipVerificationCertificateArn": domain["OwnershipVerificationCertificateArn"],
            ])
        case .http:
            domainId = "ApiGatewayDomainNameV2\(apiId)"
            output.add(domainId, "AWS::ApiGatewayV2::DomainName", from: api, [
                "DomainName": domain["DomainName"],
                "DomainNameConfigurations": .list([.object([
                    "CertificateArn": domain["CertificateArn"],
                    "EndpointType": domain["EndpointConfiguration"] ?? .string("REGIONAL"),
                    "SecurityPolicy": domain["SecurityPolicy"],
                ])]),
                "MutualTlsAuthentication": domain["MutualTlsAuthentication"],
            ])
        }
        let basePaths = domain["BasePath"]?.asList ?? []
        for basePath in basePaths.isEmpty ? [nil] : basePaths.map(Optional.some) {
            let suffix = ServerlessNaming.alphanumeric(basePath) ?? ""
            switch version {
            case .rest:
                output.add("\(apiId)\(suffix)BasePathMapping", "AWS::ApiGateway::BasePathMapping", from: api, [
                    "DomainName": .ref(domainId), "RestApiId": .ref(apiId), "Stage": stage, "BasePath": basePath,
                ])
            case .http:
                output.add("\(apiId)\(suffix)ApiMapping", "AWS::ApiGatewayV2::ApiMapping", from: api, [
                    "DomainName": .ref(domainId), "ApiId": .ref(apiId), "Stage": stage, "ApiMappingKey": basePath,
                ])
            }
        }
        if let route53 = domain["Route53"] {
            output.add("RecordSetGroup\(apiId)", "AWS::Route53::RecordSetGroup", from: api, [
                "HostedZoneId": route53["HostedZoneId"],
                "HostedZoneName": route53["HostedZoneName"],
                "RecordSets": .list([.object([
                    "Name": domain["DomainName"], "Type": .string("A"),
                    "AliasTarget": .object(["DNSName": .getAtt(domainId, "RegionalDomainName"),
                                            "HostedZoneId": .getAtt(domainId, "RegionalHostedZoneId"),
                                            "EvaluateTargetHealth": route53["EvaluateTargetHealth"]]),
                ])]),
            ])
        }
    }
}
