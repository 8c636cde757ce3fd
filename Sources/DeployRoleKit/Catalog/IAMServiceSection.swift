import Foundation

/// The bytes of one service's `iam.tsv` section with where each action and resource type stands in them:
/// each is decoded alone, on first use (a release uses a few of the hundreds of actions a service such as
/// `ec2` has). Safe to use from any thread.
final class IAMServiceSection: @unchecked Sendable {
    let prefix: String
    /// How errors name the catalog file the section is of.
    let file: String
    /// The action names, in file order (sorted by name).
    let actionNames: [String]
    /// The resource type names, in file order.
    let resourceTypeNames: [String]
    private let bytes: Data
    private let actionExtents: [Range<Int>]
    private let resourceTypeExtents: [Range<Int>]
    /// The actions and resource types decoded, by index.
    private let actions = ReadMostlyCache<Int, IAMActionFacts>()
    private let resourceTypes = ReadMostlyCache<Int, IAMResourceTypeFacts>()

    /// - Parameters:
    ///   - bytes: the section.
    ///   - actions: each action's name and the bytes of its `A` record and the `r` records after it.
    ///   - resourceTypes: each resource type's name and the bytes of its `R` record.
    init(prefix: String, file: String, bytes: Data, actions: [(name: String, extent: Range<Int>)],
         resourceTypes: [(name: String, extent: Range<Int>)]) {
        self.prefix = prefix
        self.file = file
        self.bytes = bytes
        actionNames = actions.map(\.name)
        actionExtents = actions.map(\.extent)
        resourceTypeNames = resourceTypes.map(\.name)
        resourceTypeExtents = resourceTypes.map(\.extent)
    }

    /// The action at `index` of ``actionNames``.
    /// - Throws: ``CatalogSectionParser/Corrupt`` when its records are malformed.
    func action(at index: Int) throws -> IAMActionFacts {
        try actions.value(for: index) {
            try CatalogRecord.read(bytes, range: actionExtents[index]) { try CatalogSectionParser.action($0, service: prefix) }
        }
    }

    /// The resource type at `index` of ``resourceTypeNames``.
    /// - Throws: ``CatalogSectionParser/Corrupt`` when its record is malformed.
    func resourceType(at index: Int) throws -> IAMResourceTypeFacts {
        try resourceTypes.value(for: index) {
            try CatalogRecord.read(bytes, range: resourceTypeExtents[index]) { try CatalogSectionParser.resourceType($0, service: prefix) }
        }
    }
}
