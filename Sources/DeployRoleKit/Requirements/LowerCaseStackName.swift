/// Resources whose names the release builds from the stack name where the service accepts names only in
/// lower case (`lower-case-names.tsv`: an S3 bucket named `${AWS::StackName}-data`): the product stack can
/// only be deployed under a lower-case name, and the role template's stack-name parameter says so.
enum LowerCaseStackName {
    /// The qualified IDs of such resources in the stack and its nested stacks, in template order.
    static func resources(in root: EvaluatedStack, data: RuleData) -> [String] {
        root.allStacks.flatMap { stack in
            stack.resources.compactMap { resource -> String? in
                guard let properties = data.lowerCaseNames[resource.type] else { return nil }
                let builtFromStackName = properties.contains { property in
                    resource.properties?[property]?.alternatives().contains { value in
                        value.textParts?.contains(.symbol(.pseudo(.stackName))) == true
                    } == true
                }
                return builtFromStackName ? resource.qualifiedId : nil
            }
        }
    }
}
