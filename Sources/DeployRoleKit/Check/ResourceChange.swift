/// How a resource changes from one release to the next.
public struct ResourceChange: Hashable, Sendable, Comparable {
    public enum Kind: String, Hashable, Sendable {
        case added, removed
        /// Updated in place.
        case modified
        /// A create-only property (or the type) changes: CloudFormation creates a new resource and deletes
        /// the old one.
        case replaced
    }

    public var kind: Kind
    /// The logical ID qualified by its nested-stack path.
    public var logicalId: String
    public var type: String
    /// Top-level properties that change (for modified and replaced resources).
    public var properties: [String]

    public static func < (lhs: ResourceChange, rhs: ResourceChange) -> Bool { lhs.logicalId < rhs.logicalId }

    /// The changes between two evaluated releases (nested stacks included).
    public static func changes(from old: EvaluatedStack, to new: EvaluatedStack, catalog: Catalog) -> [ResourceChange] {
        let before = Dictionary(old.allStacks.flatMap(\.resources).map { ($0.qualifiedId, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.allStacks.flatMap(\.resources).map { ($0.qualifiedId, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [ResourceChange] = []
        for (id, resource) in after where before[id] == nil {
            changes.append(ResourceChange(kind: .added, logicalId: id, type: resource.type, properties: []))
        }
        for (id, resource) in before where after[id] == nil {
            changes.append(ResourceChange(kind: .removed, logicalId: id, type: resource.type, properties: []))
        }
        for (id, newer) in after {
            guard let older = before[id] else { continue }
            if older.type != newer.type {
                changes.append(ResourceChange(kind: .replaced, logicalId: id, type: newer.type, properties: ["Type"]))
                continue
            }
            let oldProperties = older.properties?.mapValue ?? [:], newProperties = newer.properties?.mapValue ?? [:]
            let changed = Set(oldProperties.keys).union(newProperties.keys).filter { oldProperties[$0] != newProperties[$0] }.sorted()
            guard !changed.isEmpty else { continue }
            let createOnly = Set((catalog.resourceType(newer.type)?.createOnlyProperties ?? []).map {
                String($0.prefix { $0 != "/" })
            })
            let replaced = changed.contains { createOnly.contains($0) }
            changes.append(ResourceChange(kind: replaced ? .replaced : .modified, logicalId: id, type: newer.type, properties: changed))
        }
        return changes.sorted()
    }
}
