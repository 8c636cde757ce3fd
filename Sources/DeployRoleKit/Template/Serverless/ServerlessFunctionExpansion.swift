import OrderedCollections

/// `AWS::Serverless::Function`: the Lambda function, its execution role (unless `Role` is given), the version
/// and alias of `AutoPublishAlias`, CodeDeploy resources of `DeploymentPreference`, the function URL, the
/// event invoke configuration, and what each event source generates.
extension ServerlessStackExpansion {
    /// Properties of `AWS::Serverless::Function` passed to `AWS::Lambda::Function` unchanged.
    static let functionPassthroughProperties = [
        "Architectures", "CodeSigningConfigArn", "Description", "Environment", "EphemeralStorage",
        "FileSystemConfigs", "FunctionName", "Handler", "ImageConfig", "KmsKeyArn", "Layers", "LoggingConfig",
        "MemorySize", "PackageType", "RecursiveLoop", "ReservedConcurrentExecutions", "Runtime",
        "RuntimeManagementConfig", "SnapStart", "Timeout", "VpcConfig",
    ]

    mutating func expandFunction(_ function: EvaluatedResource) throws {
        let id = function.logicalId
        let properties = function.properties ?? .map([:])
        var role: ServerlessRole?
        if properties["Role"] == nil {
            role = executionRole(for: function, properties: properties)
        }

        var lambda = OrderedDictionary<String, Value>()
        for key in Self.functionPassthroughProperties {
            if let value = properties[key] { lambda[key] = value }
        }
        lambda["Code"] = Self.functionCode(properties)
        lambda["Role"] = properties["Role"] ?? .getAtt("\(id)Role", "Arn")
        if let tracing = properties["Tracing"] { lambda["TracingConfig"] = .object(["Mode": tracing]) }
        if let queue = properties["DeadLetterQueue"] { lambda["DeadLetterConfig"] = .object(["TargetArn": queue["TargetArn"]]) }
        lambda["Tags"] = ServerlessNaming.tagList(properties["Tags"], createdBySAM: true)
        var resource = function
        resource.type = "AWS::Lambda::Function"
        resource.properties = .map(lambda)
        resource.generatedFrom = "\(function.type) \(id)"
        output.keep(resource)

        // Events, URLs and invoke configurations target the alias when there is one.
        var target = ServerlessEventTarget(source: function, arn: .getAtt(id, "Arn"), name: .ref(id),
                                           isStateMachine: false)
        if let alias = properties["AutoPublishAlias"] {
            let aliasId = "\(id)Alias\(ServerlessNaming.alphanumeric(alias) ?? "")"
            output.add("\(id)Version", "AWS::Lambda::Version", from: function, [
                "FunctionName": .ref(id),
                "Description": properties["VersionDescription"],
            ])
            output.add(aliasId, "AWS::Lambda::Alias", from: function, [
                "Name": alias,
                "FunctionName": .ref(id),
                "FunctionVersion": .getAtt("\(id)Version", "Version"),
                "ProvisionedConcurrencyConfig": properties["ProvisionedConcurrencyConfig"],
            ])
            target = ServerlessEventTarget(source: function, arn: .ref(aliasId), name: .ref(aliasId),
                                           isStateMachine: false)
            expandDeploymentPreference(function, properties: properties, aliasId: aliasId)
        }

        for (name, event) in properties["Events"]?.mapEntries ?? [:] {
            try expandEvent(named: name, event, target: target, role: &role)
        }
        expandEventInvokeConfig(function, properties: properties, target: target, role: &role)
        expandFunctionUrl(function, properties: properties, target: target)
        role?.emit(into: &output, from: function)
    }

    /// The execution role SAM creates when a function has no `Role`.
    private func executionRole(for function: EvaluatedResource, properties: Value) -> ServerlessRole {
        var role = ServerlessRole(logicalId: "\(function.logicalId)Role", servicePrincipal: "lambda.amazonaws.com")
        role.addManagedPolicy(named: "service-role/AWSLambdaBasicExecutionRole")
        if properties["Tracing"]?.concreteString == "Active" { role.addManagedPolicy(named: "AWSXrayWriteOnlyAccess") }
        if properties["VpcConfig"] != nil { role.addManagedPolicy(named: "service-role/AWSLambdaVPCAccessExecutionRole") }
        role.addPolicies(properties["Policies"])
        if let queue = properties["DeadLetterQueue"], let targetArn = queue["TargetArn"] {
            let action = queue["Type"]?.concreteString == "SNS" ? "sns:Publish" : "sqs:SendMessage"
            role.addStatement(actions: [action], resource: targetArn)
        }
        role.permissionsBoundary = properties["PermissionsBoundary"]
        role.path = properties["RolePath"]
        role.assumeRolePolicyDocument = properties["AssumeRolePolicyDocument"]
        role.tags = ServerlessNaming.tagList(properties["Tags"], createdBySAM: true)
        return role
    }

    /// `Code` from `CodeUri` (`s3://bucket/key`, `{Bucket, Key, Version}` or a local path packaged at deploy
    /// time), `InlineCode` or `ImageUri`.
    static func functionCode(_ properties: Value) -> Value? {
        if let inline = properties["InlineCode"] { return .object(["ZipFile": inline]) }
        if let image = properties["ImageUri"] { return .object(["ImageUri": image]) }
        guard let uri = properties["CodeUri"] else { return nil }
        return s3Location(uri, bucketKey: "S3Bucket", keyKey: "S3Key", versionKey: "S3ObjectVersion")
    }

    /// An S3 location property from a SAM URI: `s3://bucket/key`, `{Bucket, Key, Version}`, or a local path
    /// that packaging replaces before deployment.
    static func s3Location(_ uri: Value, bucketKey: String, keyKey: String, versionKey: String) -> Value {
        if case .map(let map) = uri {
            return .object([bucketKey: map["Bucket"], keyKey: map["Key"], versionKey: map["Version"]])
        }
        if let text = uri.concreteString, text.hasPrefix("s3://") {
            let path = text.dropFirst("s3://".count)
            let slash = path.firstIndex(of: "/") ?? path.endIndex
            let key = slash < path.endIndex ? String(path[path.index(after: slash)...]) : ""
            return .object([bucketKey: .string(String(path[..<slash])), keyKey: .string(key)])
        }
        return .symbol(.deployTime("packaged location of \(uri.displayText)"))
    }

    /// `DeploymentPreference`: the shared CodeDeploy application and service role, and a deployment group.
    private mutating func expandDeploymentPreference(_ function: EvaluatedResource, properties: Value, aliasId: String) {
        guard let preference = properties["DeploymentPreference"],
              preference["Enabled"]?.concreteString?.lowercased() != "false" else { return }
        let application = "ServerlessDeploymentApplication"
        if !output.contains(application) {
            output.add(application, "AWS::CodeDeploy::Application", from: function, ["ComputePlatform": .string("Lambda")])
        }
        let serviceRole = "CodeDeployServiceRole"
        if preference["Role"] == nil, !output.contains(serviceRole) {
            var role = ServerlessRole(logicalId: serviceRole, servicePrincipal: "codedeploy.amazonaws.com")
            role.addManagedPolicy(named: "service-role/AWSCodeDeployRoleForLambda")
            role.emit(into: &output, from: function)
        }
        output.add("\(function.logicalId)DeploymentGroup", "AWS::CodeDeploy::DeploymentGroup", from: function, [
            "ApplicationName": .ref(application),
            "ServiceRoleArn": preference["Role"] ?? .getAtt(serviceRole, "Arn"),
            "DeploymentConfigName": preference["Type"],
            "AlarmConfiguration": preference["Alarms"].map { .object(["Enabled": .bool(true), "Alarms": $0]) },
            "DeploymentStyle": .object(["DeploymentType": .string("BLUE_GREEN"),
                                        "DeploymentOption": .string("WITH_TRAFFIC_CONTROL")]),
        ])
    }

    /// `FunctionUrlConfig`: the URL, and a public permission when its `AuthType` is `NONE`.
    private mutating func expandFunctionUrl(_ function: EvaluatedResource, properties: Value,
                                            target: ServerlessEventTarget) {
        guard let config = properties["FunctionUrlConfig"] else { return }
        let id = function.logicalId
        output.add("\(id)Url", "AWS::Lambda::Url", from: function, [
            "TargetFunctionArn": target.name,
            "AuthType": config["AuthType"],
            "Cors": config["Cors"],
            "InvokeMode": config["InvokeMode"],
        ])
        if config["AuthType"]?.concreteString != "AWS_IAM" {
            output.add("\(id)UrlPublicPermissions", "AWS::Lambda::Permission", from: function, [
                "Action": .string("lambda:InvokeFunctionUrl"),
                "FunctionName": target.name,
                "Principal": .string("*"),
                "FunctionUrlAuthType": config["AuthType"],
            ])
        }
    }

    /// `EventInvokeConfig`: the configuration, and for SQS or SNS destinations without an ARN the queue or
    /// topic SAM creates; the execution role may send to each destination.
    private mutating func expandEventInvokeConfig(_ function: EvaluatedResource, properties: Value,
                                                  target: ServerlessEventTarget, role: inout ServerlessRole?) {
        guard let config = properties["EventInvokeConfig"] else { return }
        let id = function.logicalId
        var destinations = OrderedDictionary<String, Value>()
        for outcome in ["OnSuccess", "OnFailure"] {
            guard let destination = config["DestinationConfig"]?[outcome] else { continue }
            let type = destination["Type"]?.concreteString ?? ""
            var arn = destination["Destination"]
            if arn == nil, let kind = Self.invokeDestinationKinds[type] {
                let generatedId = "\(id)EventInvokeConfig\(outcome)\(kind.suffix)"
                output.add(generatedId, kind.resourceType, from: function, [:])
                arn = kind.suffix == "Queue" ? .getAtt(generatedId, "Arn") : .ref(generatedId)
            }
            if let arn {
                destinations[outcome] = .object(["Destination": arn])
                if let actions = Self.invokeDestinationActions[type] {
                    role?.addStatement(actions: actions, resource: arn)
                }
            }
        }
        output.add("\(id)EventInvokeConfig", "AWS::Lambda::EventInvokeConfig", from: function, [
            "FunctionName": .ref(id),
            "Qualifier": properties["AutoPublishAlias"] ?? .string("$LATEST"),
            "MaximumEventAgeInSeconds": config["MaximumEventAgeInSeconds"],
            "MaximumRetryAttempts": config["MaximumRetryAttempts"],
            "DestinationConfig": destinations.isEmpty ? nil : .map(destinations),
        ])
    }

    /// Destination types for which SAM creates the destination when none is given.
    static let invokeDestinationKinds: [String: (suffix: String, resourceType: String)] = [
        "SQS": ("Queue", "AWS::SQS::Queue"),
        "SNS": ("Topic", "AWS::SNS::Topic"),
    ]

    /// What the execution role may do on each type of invoke destination.
    static let invokeDestinationActions: [String: [String]] = [
        "SQS": ["sqs:SendMessage"],
        "SNS": ["sns:Publish"],
        "Lambda": ["lambda:InvokeFunction"],
        "EventBridge": ["events:PutEvents"],
        "S3": ["s3:PutObject", "s3:ListBucket"],
    ]
}
