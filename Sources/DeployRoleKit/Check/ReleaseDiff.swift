/// What an upgrade from one release to the next changes in the permissions the deployment role needs:
/// the permissions the new release adds (which the old release's role lacks: the role must be updated
/// before upgrading), those it drops, and the resources that change.
public struct ReleaseDiff: Sendable {
    /// Permissions the new release needs that the role generated for the old release does not grant.
    public let added: [PermissionFinding]
    /// Permissions the old release needed that the role generated for the new release does not grant.
    public let dropped: [PermissionFinding]
    public let resourceChanges: [ResourceChange]

    /// - Parameters:
    ///   - oldRole, newRole: the roles generated for each release (`RoleGeneration`).
    public init(old: ReleaseAnalysis, new: ReleaseAnalysis, oldRole: RoleGeneration, newRole: RoleGeneration,
                target: DeploymentTarget, options: ScopingOptions = ScopingOptions()) throws {
        let oldDefinition = try Self.definition(of: oldRole, target: target)
        let newDefinition = try Self.definition(of: newRole, target: target)
        added = RoleCheck(analysis: new, role: oldDefinition, target: target, options: options).missing.map {
            PermissionFinding(kind: .added, action: $0.action, resources: $0.resources, requirements: $0.requirements)
        }
        dropped = RoleCheck(analysis: old, role: newDefinition, target: target, options: options).missing.map {
            PermissionFinding(kind: .dropped, action: $0.action, resources: $0.resources, requirements: $0.requirements)
        }
        resourceChanges = ResourceChange.changes(from: old.stack, to: new.stack, catalog: new.catalog)
    }

    /// Whether the role must be updated before upgrading.
    public var roleMustBeUpdated: Bool { !added.isEmpty }

    /// A generated role's policies as one deployment sees them.
    static func definition(of generation: RoleGeneration, target: DeploymentTarget) throws -> RoleDefinition {
        var settings = generation.settings
        settings.stackName = target.stackName
        settings.account = target.account
        settings.region = target.region
        settings.partition = target.partition
        let renderer = PolicyRenderer(substitute: { [settings] in settings.concreteValue($0) })
        let policies = try generation.policies.enumerated().map { index, draft in
            do {
                return NamedPolicy(name: "\(settings.name)-\(index + 1)",
                                   document: try PolicyDocument(jsonString: renderer.document(draft).json()))
            } catch let error as PolicyDocumentError {
                throw error.deployRoleError(file: settings.name)
            }
        }
        return RoleDefinition(policies: policies, source: settings.name)
    }
}
