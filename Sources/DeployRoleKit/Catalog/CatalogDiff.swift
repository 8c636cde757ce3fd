/// What one catalog adds to or removes from another (`deployrole catalog diff`): the CloudFormation types,
/// and for the types both have, the handler actions of each phase.
public struct CatalogDiff: Sendable, Hashable {
    /// One type's handler actions added or removed in one phase.
    public struct ActionChange: Sendable, Hashable, Comparable {
        public let typeName: String
        public let phase: HandlerPhase
        public let added: [String]
        public let removed: [String]

        public static func < (lhs: ActionChange, rhs: ActionChange) -> Bool {
            (lhs.typeName, lhs.phase) < (rhs.typeName, rhs.phase)
        }
    }

    /// Types `new` has that `old` lacks, sorted.
    public let addedTypes: [String]
    /// Types `old` has that `new` lacks, sorted.
    public let removedTypes: [String]
    /// Per type both have and phase, the handler actions that differ; sorted by type, then phase.
    public let actionChanges: [ActionChange]

    public init(from old: Catalog, to new: Catalog) {
        let oldTypes = Set(old.resourceTypeNames), newTypes = Set(new.resourceTypeNames)
        addedTypes = newTypes.subtracting(oldTypes).sorted()
        removedTypes = oldTypes.subtracting(newTypes).sorted()
        var changes: [ActionChange] = []
        for name in oldTypes.intersection(newTypes).sorted() {
            guard let before = old.resourceType(name), let after = new.resourceType(name) else { continue }
            for phase in HandlerPhase.allCases {
                let was = Set(before.actions(for: phase)), now = Set(after.actions(for: phase))
                guard was != now else { continue }
                changes.append(ActionChange(typeName: name, phase: phase, added: now.subtracting(was).sorted(),
                                            removed: was.subtracting(now).sorted()))
            }
        }
        actionChanges = changes
    }

    /// Whether the catalogs hold the same types and handler actions.
    public var isEmpty: Bool { addedTypes.isEmpty && removedTypes.isEmpty && actionChanges.isEmpty }

    /// One line per change: `+ type`, `- type`, `~ type phase: +action -action`.
    public func render() -> String {
        var lines = ["types added: \(addedTypes.count), removed: \(removedTypes.count); "
                     + "types whose handler actions changed: \(Set(actionChanges.map(\.typeName)).count)"]
        lines += addedTypes.map { "+ \($0)" }
        lines += removedTypes.map { "- \($0)" }
        for change in actionChanges {
            let parts = change.added.map { "+\($0)" } + change.removed.map { "-\($0)" }
            lines.append("~ \(change.typeName) \(change.phase.rawValue): \(parts.joined(separator: " "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same facts as JSON.
    public func json() -> String {
        OutputTree.map([
            ("addedTypes", .list(addedTypes.map(OutputTree.string))),
            ("removedTypes", .list(removedTypes.map(OutputTree.string))),
            ("actionChanges", .list(actionChanges.map { change in
                .map([("type", .string(change.typeName)), ("phase", .string(change.phase.rawValue)),
                      ("added", .list(change.added.map(OutputTree.string))),
                      ("removed", .list(change.removed.map(OutputTree.string)))])
            })),
        ]).json()
    }
}
