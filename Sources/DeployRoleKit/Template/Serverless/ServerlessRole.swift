import OrderedCollections

/// An IAM role the transform creates for a resource that does not name one (`<Id>Role` for a function or a
/// state machine, a role per scheduler event...), with the policies SAM attaches to it.
struct ServerlessRole {
    let logicalId: String
    /// The service principal allowed to assume the role (`lambda.amazonaws.com`).
    let servicePrincipal: String
    var managedPolicyArns: [Value] = []
    /// Inline policies, each `{PolicyName, PolicyDocument}`.
    var inlinePolicies: [Value] = []
    var permissionsBoundary: Value?
    var path: Value?
    var tags: Value?
    /// Replaces the default trust policy (`AssumeRolePolicyDocument` of a function).
    var assumeRolePolicyDocument: Value?

    init(logicalId: String, servicePrincipal: String) {
        self.logicalId = logicalId
        self.servicePrincipal = servicePrincipal
    }

    /// Adds an AWS managed policy by path and name (`service-role/AWSLambdaBasicExecutionRole`) once.
    mutating func addManagedPolicy(named name: String) {
        let arn = Value.awsManagedPolicy(name)
        if !managedPolicyArns.contains(arn) { managedPolicyArns.append(arn) }
    }

    /// Adds an inline policy allowing `actions` on `resource`.
    mutating func addStatement(actions: [String], resource: Value) {
        let statement = Value.object(["Effect": .string("Allow"), "Action": .list(actions.map(Value.string)),
                                      "Resource": resource])
        addInlinePolicy(.object(["Version": .string("2012-10-17"), "Statement": .list([statement])]))
    }

    /// Adds the policies of a SAM `Policies` property: managed policy names or ARNs, policy documents, and
    /// SAM policy templates (kept by name: their document is built by the transform at deploy time).
    mutating func addPolicies(_ policies: Value?) {
        guard let policies else { return }
        for item in policies.asList {
            for alternative in item.alternatives() {
                addPolicy(alternative)
            }
        }
    }

    private mutating func addPolicy(_ policy: Value) {
        switch policy {
        case .string(let name):
            let arn = name.hasPrefix("arn:") ? policy : Value.awsManagedPolicy(name)
            if !managedPolicyArns.contains(arn) { managedPolicyArns.append(arn) }
        case .symbol, .text:
            managedPolicyArns.append(policy)
        case .map(let map) where map["Statement"] != nil:
            addInlinePolicy(policy)
        case .map(let map) where map.count == 1:
            let template = map.keys[0]
            addInlinePolicy(.symbol(.deployTime("SAM policy template \(template)")))
        default:
            addInlinePolicy(policy)
        }
    }

    private mutating func addInlinePolicy(_ document: Value) {
        let name = "\(logicalId)Policy\(inlinePolicies.count)"
        inlinePolicies.append(.object(["PolicyName": .string(name), "PolicyDocument": document]))
    }

    /// The trust policy letting the service assume the role.
    var trustPolicy: Value {
        let statement = Value.object([
            "Effect": .string("Allow"),
            "Principal": .object(["Service": .list([.string(servicePrincipal)])]),
            "Action": .list([.string("sts:AssumeRole")]),
        ])
        return .object(["Version": .string("2012-10-17"), "Statement": .list([statement])])
    }

    /// Adds the `AWS::IAM::Role` to the output.
    func emit(into output: inout ServerlessOutput, from source: EvaluatedResource) {
        output.add(logicalId, "AWS::IAM::Role", from: source, [
            "AssumeRolePolicyDocument": assumeRolePolicyDocument ?? trustPolicy,
            "ManagedPolicyArns": managedPolicyArns.isEmpty ? nil : .list(managedPolicyArns),
            "Policies": inlinePolicies.isEmpty ? nil : .list(inlinePolicies),
            "PermissionsBoundary": permissionsBoundary,
            "Path": path,
            "Tags": tags,
        ])
    }
}
