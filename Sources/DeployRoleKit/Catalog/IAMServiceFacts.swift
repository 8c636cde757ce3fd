/// One service of the IAM service authorization reference, parsed on first use.
public struct IAMServiceFacts: Sendable {
    /// Service prefix, e.g. `s3`.
    public let prefix: String
    /// Service name, e.g. `Amazon S3`.
    public let name: String
    /// The service authorization reference page.
    public let referenceURL: String
    /// Actions sorted by name.
    public let actions: [IAMActionFacts]
    /// Resource types sorted by name.
    public let resourceTypes: [IAMResourceTypeFacts]
    /// Condition keys (as the reference spells them, possibly templated like `aws:RequestTag/${TagKey}`)
    /// with their type (`String`, `ARN`, `ArrayOfString`, ...).
    public let conditionKeys: [(key: String, type: String)]

    let actionsByLowercasedName: [String: Int]
    /// The actions' names lower-cased, sorted, with each one's index in `actions`, for prefix searches.
    private let sortedLowercasedNames: [(name: String, index: Int)]
    let resourceTypesByLowercasedName: [String: Int]

    init(prefix: String, name: String, referenceURL: String, actions: [IAMActionFacts],
         resourceTypes: [IAMResourceTypeFacts], conditionKeys: [(key: String, type: String)]) {
        self.prefix = prefix
        self.name = name
        self.referenceURL = referenceURL
        self.actions = actions
        self.resourceTypes = resourceTypes
        self.conditionKeys = conditionKeys
        var byName: [String: Int] = [:]
        for (i, a) in actions.enumerated() { byName[a.name.lowercased()] = i }
        actionsByLowercasedName = byName
        sortedLowercasedNames = actions.enumerated().map { ($0.element.name.lowercased(), $0.offset) }
            .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var rtByName: [String: Int] = [:]
        for (i, r) in resourceTypes.enumerated() { rtByName[r.name.lowercased()] = i }
        resourceTypesByLowercasedName = rtByName
    }

    /// The action with this name, case-insensitively.
    public func action(named name: String) -> IAMActionFacts? {
        actionsByLowercasedName[name.lowercased()].map { actions[$0] }
    }

    /// The actions whose lower-cased name starts with `prefix` (given lower-cased).
    func actions(withLowercasedPrefix prefix: String) -> [IAMActionFacts] {
        // Binary search for the first name not below the prefix; the matches follow it.
        var low = 0, high = sortedLowercasedNames.count
        while low < high {
            let mid = (low + high) / 2
            if sortedLowercasedNames[mid].name.utf8.lexicographicallyPrecedes(prefix.utf8) { low = mid + 1 } else { high = mid }
        }
        var matches: [IAMActionFacts] = []
        var next = low
        while next < sortedLowercasedNames.count, sortedLowercasedNames[next].name.hasPrefix(prefix) {
            matches.append(actions[sortedLowercasedNames[next].index])
            next += 1
        }
        return matches
    }

    /// The resource type with this name, case-insensitively.
    public func resourceType(named name: String) -> IAMResourceTypeFacts? {
        resourceTypesByLowercasedName[name.lowercased()].map { resourceTypes[$0] }
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
}
