/// One service of the IAM service authorization reference. Its actions and resource types are decoded
/// from the catalog one at a time, on first use. Immutable and shared: a catalog lookup hands out the one
/// opened instance.
public final class IAMServiceFacts: Sendable {
    /// Service prefix, e.g. `s3`.
    public let prefix: String
    /// Service name, e.g. `Amazon S3`.
    public let name: String
    /// The service authorization reference page.
    public let referenceURL: String
    /// Condition keys (as the reference spells them, possibly templated like `aws:RequestTag/${TagKey}`)
    /// with their type (`String`, `ARN`, `ArrayOfString`, ...).
    public let conditionKeys: [(key: String, type: String)]

    private let section: IAMServiceSection
    private let actionsByLowercasedName: [String: Int]
    /// The actions' names lower-cased, sorted, with each one's index, for prefix searches.
    private let sortedLowercasedNames: [(name: String, index: Int)]
    private let resourceTypesByLowercasedName: [String: Int]

    init(prefix: String, name: String, referenceURL: String, conditionKeys: [(key: String, type: String)],
         section: IAMServiceSection) {
        self.prefix = prefix
        self.name = name
        self.referenceURL = referenceURL
        self.conditionKeys = conditionKeys
        self.section = section
        var byName: [String: Int] = [:]
        for (i, name) in section.actionNames.enumerated() { byName[name.lowercased()] = i }
        actionsByLowercasedName = byName
        sortedLowercasedNames = section.actionNames.enumerated().map { ($0.element.lowercased(), $0.offset) }
            .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var typesByName: [String: Int] = [:]
        for (i, name) in section.resourceTypeNames.enumerated() { typesByName[name.lowercased()] = i }
        resourceTypesByLowercasedName = typesByName
    }

    /// Actions sorted by name (every one decoded).
    public var actions: [IAMActionFacts] { section.actionNames.indices.map(action(at:)) }

    /// Resource types sorted by name (every one decoded).
    public var resourceTypes: [IAMResourceTypeFacts] { section.resourceTypeNames.indices.map(resourceType(at:)) }

    /// The action with this name, case-insensitively.
    public func action(named name: String) -> IAMActionFacts? {
        actionsByLowercasedName[name.lowercased()].map(action(at:))
    }

    /// The actions whose name passes `test`, in name order (only those decoded).
    func actions(named test: (String) -> Bool) -> [IAMActionFacts] {
        section.actionNames.indices.filter { test(section.actionNames[$0]) }.map(action(at:))
    }

    /// The names of the actions whose lower-cased name starts with `prefix` (given lower-cased), as the
    /// reference spells them and lower-cased, in lower-cased order; no action is decoded.
    func actionNames(withLowercasedPrefix prefix: String) -> [(name: String, lowercased: String)] {
        // Binary search for the first name not below the prefix; the matches follow it.
        var low = 0, high = sortedLowercasedNames.count
        while low < high {
            let mid = (low + high) / 2
            if sortedLowercasedNames[mid].name.utf8.lexicographicallyPrecedes(prefix.utf8) { low = mid + 1 } else { high = mid }
        }
        var matches: [(name: String, lowercased: String)] = []
        var next = low
        while next < sortedLowercasedNames.count, sortedLowercasedNames[next].name.hasPrefix(prefix) {
            matches.append((section.actionNames[sortedLowercasedNames[next].index], sortedLowercasedNames[next].name))
            next += 1
        }
        return matches
    }

    /// The resource type with this name, case-insensitively.
    public func resourceType(named name: String) -> IAMResourceTypeFacts? {
        resourceTypesByLowercasedName[name.lowercased()].map(resourceType(at:))
    }

    /// The type of a condition key: exact (case-insensitive) match first, then templated keys such as
    /// `aws:RequestTag/${TagKey}` matching `aws:RequestTag/Env`.
    public func conditionKeyType(_ key: String) -> String? {
        let lowered = key.lowercased()
        if let hit = conditionKeys.first(where: { $0.key.lowercased() == lowered }) { return hit.type }
        for entry in conditionKeys where entry.key.contains("${") || entry.key.contains("<") {
            if CatalogWildcard(conditionKeyTemplate: entry.key).matches(key) { return entry.type }
        }
        return nil
    }

    /// Decodes every action and resource type; throws on the first corrupt one (``Catalog/validate()``).
    func decodeAll() throws {
        for index in section.actionNames.indices { _ = try section.action(at: index) }
        for index in section.resourceTypeNames.indices { _ = try section.resourceType(at: index) }
    }

    private func action(at index: Int) -> IAMActionFacts {
        decodedOrDie { try section.action(at: index) }
    }

    private func resourceType(at index: Int) -> IAMResourceTypeFacts {
        decodedOrDie { try section.resourceType(at: index) }
    }

    private func decodedOrDie<T>(_ decode: () throws -> T) -> T {
        CatalogFormat.decodedOrDie(file: section.file, section: prefix, decode)
    }
}
