extension EvaluatedStack {
    /// The stack itself as a resource, for requirements on the stack rather than on one of its resources
    /// (stack operations, `Fn::GetAZs`, transforms).
    var stackResource: EvaluatedResource {
        EvaluatedResource(logicalId: "(stack)", type: "AWS::CloudFormation::Stack", properties: nil,
                          location: template.root.location, stackPath: path, file: file)
    }

    /// How requirements of the stack itself name it: `(stack)` for the root, the nesting path otherwise.
    var stackProvenanceId: String { stackResource.qualifiedId }
}
