import OrderedCollections

/// `AWS::Serverless::StateMachine`: the state machine, its role (unless `Role` is given), the version and
/// alias of `AutoPublishAlias`, and its events (each with a role allowed to start executions).
extension ServerlessStackExpansion {
    mutating func expandStateMachine(_ machine: EvaluatedResource) throws {
        let id = machine.logicalId
        let properties = machine.properties ?? .map([:])
        var role: ServerlessRole?
        if properties["Role"] == nil {
            var created = ServerlessRole(logicalId: "\(id)Role", servicePrincipal: "states.amazonaws.com")
            created.addPolicies(properties["Policies"])
            created.permissionsBoundary = properties["PermissionsBoundary"]
            created.path = properties["RolePath"]
            created.tags = ServerlessNaming.tagList(properties["Tags"], createdBySAM: false)
            role = created
        }
        var resource = machine
        resource.type = "AWS::StepFunctions::StateMachine"
        resource.generatedFrom = "\(machine.type) \(id)"
        resource.properties = .object([
            "StateMachineName": properties["Name"],
            "StateMachineType": properties["Type"],
            "RoleArn": properties["Role"] ?? .getAtt("\(id)Role", "Arn"),
            "Definition": properties["Definition"],
            "DefinitionS3Location": properties["DefinitionUri"].map {
                Self.s3Location($0, bucketKey: "Bucket", keyKey: "Key", versionKey: "Version")
            },
            "DefinitionSubstitutions": properties["DefinitionSubstitutions"],
            "LoggingConfiguration": properties["Logging"],
            "TracingConfiguration": properties["Tracing"],
            "Tags": ServerlessNaming.tagList(properties["Tags"], createdBySAM: false),
        ])
        output.keep(resource)

        var target = ServerlessEventTarget(source: machine, arn: .ref(id), name: .getAtt(id, "Name"),
                                           isStateMachine: true)
        if let alias = properties["AutoPublishAlias"] {
            output.add("\(id)Version", "AWS::StepFunctions::StateMachineVersion", from: machine, [
                "StateMachineArn": .ref(id),
            ])
            let aliasId = "\(id)Alias\(ServerlessNaming.alphanumeric(alias) ?? "")"
            output.add(aliasId, "AWS::StepFunctions::StateMachineAlias", from: machine, [
                "Name": alias,
                "DeploymentPreference": properties["DeploymentPreference"],
                "RoutingConfiguration": properties["DeploymentPreference"] == nil
                    ? .list([.object(["StateMachineVersionArn": .ref("\(id)Version"), "Weight": .number("100")])]) : nil,
            ])
            target = ServerlessEventTarget(source: machine, arn: .ref(aliasId), name: .ref(aliasId),
                                           isStateMachine: true)
        }
        for (name, event) in properties["Events"]?.mapEntries ?? [:] {
            try expandEvent(named: name, event, target: target, role: &role)
        }
        role?.emit(into: &output, from: machine)
    }

    /// The role an event source assumes to start the state machine: `<Machine><Event>Role`.
    mutating func expandStateMachineEventRole(eventId: String, type: String, properties: Value,
                                              target: ServerlessEventTarget) {
        if type == "ScheduleV2" {
            expandSchedulerRole(eventId: eventId, properties: properties, target: target,
                                action: "states:StartExecution")
            return
        }
        let principal = type == "Api" ? "apigateway.amazonaws.com" : "events.amazonaws.com"
        var role = ServerlessRole(logicalId: "\(eventId)Role", servicePrincipal: principal)
        role.addStatement(actions: ["states:StartExecution"], resource: target.arn)
        role.emit(into: &output, from: target.source)
    }
}
