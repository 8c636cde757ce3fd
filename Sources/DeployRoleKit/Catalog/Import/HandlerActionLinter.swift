/// Checks the IAM actions a resource provider schema (or supplement entry) lists against the IAM reference
/// of the import: an action in another case is corrected to the reference's spelling, one the reference
/// does not know is dropped, and each change is recorded for `lint.tsv` (`deployrole catalog lint`).
struct HandlerActionLinter {
    /// Lowercased prefix → (lowercased action name → canonical name).
    private let actionsByService: [String: [String: String]]
    /// Lowercased prefix → canonical prefix.
    private let prefixes: [String: String]
    /// `lint.tsv` rows: kind, type, phase, action as written, corrected action or reason.
    private(set) var rows: Set<[String]> = []

    init(reference: IAMReference) {
        var byService: [String: [String: String]] = [:]
        var prefixes: [String: String] = [:]
        for (prefix, service) in reference.services {
            prefixes[prefix.lowercased()] = prefix
            var names: [String: String] = [:]
            for name in service.actions.keys { names[name.lowercased()] = name }
            byService[prefix.lowercased()] = names
        }
        actionsByService = byService
        self.prefixes = prefixes
    }

    /// The canonical actions among `actions`, sorted; corrections and drops are recorded against the
    /// type and phase (`create` ... `list`, or `tagging`).
    mutating func clean(_ actions: [String], type: String, phase: String) -> [String] {
        var kept = Set<String>()
        for action in actions {
            switch resolve(action) {
            case .kept(let canonical):
                kept.insert(canonical)
            case .corrected(let canonical):
                rows.insert(["corrected", type, phase, action, canonical])
                kept.insert(canonical)
            case .dropped(let reason):
                rows.insert(["dropped", type, phase, action, reason])
            }
        }
        return kept.sorted(by: CatalogSortOrder.precedes)
    }

    /// Records that a supplement entry is ignored because the schema has handlers.
    mutating func shadowed(_ type: String) {
        rows.insert(["shadowed", type, "-", "supplement", "registry has handlers"])
    }

    /// How many rows of a kind were recorded.
    func count(_ kind: String) -> Int { rows.count { $0[0] == kind } }

    /// The rows in the order `lint.tsv` lists them.
    var sortedRows: [[String]] {
        rows.sorted { a, b in
            for (x, y) in zip(a, b) where x != y { return CatalogSortOrder.bytes(x, y) }
            return a.count < b.count
        }
    }

    private enum Verdict {
        case kept(String), corrected(String), dropped(String)
    }

    private func resolve(_ action: String) -> Verdict {
        guard let colon = action.firstIndex(of: ":") else { return .dropped("malformed") }
        let service = action[..<colon].lowercased()
        let name = String(action[action.index(after: colon)...])
        guard let prefix = prefixes[service], let names = actionsByService[service] else {
            return .dropped("unknown-service")
        }
        if name.contains("*") || name.contains("?") {
            let pattern = CatalogWildcard(name)
            return names.keys.contains(where: pattern.matches) ? .kept(action) : .dropped("wildcard-matches-nothing")
        }
        guard let canonical = names[name.lowercased()] else { return .dropped("unknown-action") }
        let full = "\(prefix):\(canonical)"
        return full == action ? .kept(full) : .corrected(full)
    }
}
