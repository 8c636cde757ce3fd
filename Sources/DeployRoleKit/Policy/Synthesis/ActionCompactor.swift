/// Exact wildcard compaction: within one statement, `svc:Prefix*` replaces the actions it matches only when
/// every action the IAM reference has under that prefix is in the statement (so the statement grants
/// nothing more, on the same resources and conditions).
final class ActionCompactor: Sendable {
    let catalog: Catalog

    init(catalog: Catalog) {
        self.catalog = catalog
    }

    func compact(_ statement: PolicyStatementDraft) -> PolicyStatementDraft {
        let byService = Dictionary(grouping: statement.actions) { $0.prefix { $0 != ":" }.lowercased() }
        var actions: [String] = []
        for service in byService.keys.sorted() {
            actions.append(contentsOf: compact(service: service, actions: byService[service]!))
        }
        return PolicyStatementDraft(actions: actions, resources: statement.resources, conditions: statement.conditions)
    }

    /// Whether an action is already a wildcard pattern (`s3:Get*`, `ec2:Describe?pcs`).
    private static func isPattern(_ action: String) -> Bool {
        action.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }
    }

    private func compact(service: String, actions: [String]) -> [String] {
        let names = actions.compactMap { action -> String? in
            guard !Self.isPattern(action), let colon = action.firstIndex(of: ":") else { return nil }
            return String(action[action.index(after: colon)...])
        }
        let present = Set(names.map { $0.lowercased() })
        var remaining = Set(names)
        var result = actions.filter(Self.isPattern)
        // Candidate prefixes at word boundaries (Put, PutBucket, ...), longest coverage first.
        var candidates: Set<String> = []
        for name in names {
            // Action names are ASCII: a word starts at an upper-case letter.
            let bytes = Array(name.utf8)
            for index in bytes.indices.dropFirst() where bytes[index] >= 65 && bytes[index] <= 90 {
                candidates.insert(String(decoding: bytes[..<index], as: UTF8.self))
            }
        }
        guard let facts = catalog.service(service) else { return actions }
        var scored: [(prefix: String, covered: [String])] = []
        for prefix in candidates {
            let matched = facts.actionNames(withLowercasedPrefix: prefix.lowercased())
            guard matched.count >= 2, matched.allSatisfy({ present.contains($0.lowercased) }) else { continue }
            scored.append((prefix, matched.map(\.name)))
        }
        scored.sort { lhs, rhs in
            lhs.covered.count != rhs.covered.count ? lhs.covered.count > rhs.covered.count : lhs.prefix < rhs.prefix
        }
        for candidate in scored {
            let covered = Set(candidate.covered)
            guard covered.isSubset(of: remaining) else { continue }
            // Only worth it when the wildcard is shorter than the names it replaces.
            let saved = candidate.covered.reduce(0) { $0 + $1.count + service.count + 4 } - (candidate.prefix.count + service.count + 5)
            guard saved > 0 else { continue }
            remaining.subtract(covered)
            result.append("\(service):\(candidate.prefix)*")
        }
        let serviceName = actions.first.map { String($0.prefix { $0 != ":" }) } ?? service
        result.append(contentsOf: remaining.map { "\(serviceName):\($0)" })
        return result
    }
}
