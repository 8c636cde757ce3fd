import ArgumentParser
import DeployRoleKit

/// The product stack's deployment: its name, account, region and partition.
struct DeploymentOptions: ParsableArguments {
    @Option(help: "The product stack's name (the role template's default, and the name in concrete ARNs).")
    var stackName: String = RoleSettings.defaultStackName

    @Option(help: "The account ID in concrete ARNs.")
    var account: String = RoleSettings.defaultAccount

    @Option(help: "The region in concrete ARNs.")
    var region: String = RoleSettings.defaultRegion

    @Option(help: "The partition in concrete ARNs (aws, aws-cn, aws-us-gov).")
    var partition: String = RoleSettings.defaultPartition

    var target: DeploymentTarget {
        DeploymentTarget(stackName: stackName, account: account, region: region, partition: partition)
    }
}
