/// The `explain` report: for each granted action, the resources and lifecycle phases that need it with the
/// reason and template position, the ARNs and conditions it is granted on (and why, when that is wider
/// than the stack's own resources); then what was left out on purpose.
public struct ExplanationReport: Sendable {
    public let requirements: RequirementSet

    public init(requirements: RequirementSet) {
        self.requirements = requirements
    }

    /// The report's formats.
    public enum Format: String, Sendable, CaseIterable {
        case text, json
    }

    /// The report for every action, or for the one named (case-insensitive).
    public func render(action wanted: String? = nil, format: Format = .text) throws -> String {
        let matches = { (action: String) in wanted == nil || action.lowercased() == wanted!.lowercased() }
        let grouped = requirements.byAction
        let actions = requirements.actions.filter(matches)
        let pruned = requirements.pruned.filter { matches($0.action) }
        if let wanted, actions.isEmpty, pruned.isEmpty {
            throw DeployRoleError(.usage, "no resource of the release needs \(wanted)")
        }
        if format == .json { return json(actions: actions, grouped: grouped, pruned: pruned, whole: wanted == nil) }
        var lines: [String] = []
        for action in actions {
            lines.append(action)
            let needs = grouped[action] ?? []
            let byNeed = Dictionary(grouping: needs, by: \.provenance)
            for provenance in byNeed.keys.sorted() {
                let phases = Set(byNeed[provenance]!.map(\.phase)).sorted().map(\.rawValue).joined(separator: ",")
                let place = provenance.location.map { "  [\($0)]" } ?? ""
                let release = provenance.previousRelease.map { ", release upgraded from \($0)" } ?? ""
                lines.append("  \(phases): \(provenance.logicalId) (\(provenance.resourceType)): \(provenance.reason)\(release)\(place)")
            }
            for scope in Set(needs.map(\.scope)).sorted(by: { Self.describe($0) < Self.describe($1) }) {
                lines.append("  granted on \(Self.describe(scope))")
            }
        }
        if !pruned.isEmpty {
            lines.append("not granted (left out on purpose):")
            for entry in pruned {
                lines.append("  \(entry.action) \(entry.phase.rawValue): \(entry.provenance.logicalId) "
                             + "(\(entry.provenance.resourceType)): \(entry.reason)")
            }
        }
        if wanted == nil, !requirements.gaps.isEmpty {
            lines.append("gaps (not derived, reported as allowed):")
            lines.append(contentsOf: requirements.gaps.map { "  \($0)" })
        }
        if wanted == nil, !requirements.notes.isEmpty {
            lines.append("notes:")
            lines.append(contentsOf: requirements.notes.map { "  \($0)" })
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same content as JSON: per action its needs and grants, then what was left out, the gaps and the
    /// notes.
    private func json(actions: [String], grouped: [String: [Requirement]], pruned: [PrunedRequirement], whole: Bool) -> String {
        func need(_ provenance: Provenance, _ phases: [HandlerPhase]) -> OutputTree {
            var pairs: [(String, OutputTree)] = [
                ("logicalId", .string(provenance.logicalId)), ("type", .string(provenance.resourceType)),
                ("phases", .list(phases.map { .string($0.rawValue) })), ("reason", .string(provenance.reason)),
            ]
            if let location = provenance.location {
                pairs += [("file", .string(location.file)), ("line", .integer(location.line)), ("column", .integer(location.column))]
            }
            if let release = provenance.previousRelease { pairs.append(("upgradedFrom", .string(release))) }
            return .map(pairs)
        }
        let entries: [OutputTree] = actions.map { action in
            let needs = grouped[action] ?? []
            let byNeed = Dictionary(grouping: needs, by: \.provenance)
            return .map([
                ("action", .string(action)),
                ("neededBy", .list(byNeed.keys.sorted().map { need($0, Set(byNeed[$0]!.map(\.phase)).sorted()) })),
                ("grantedOn", .list(Set(needs.map(\.scope)).sorted { Self.describe($0) < Self.describe($1) }.map { scope in
                    .map([
                        ("resources", .list(scope.resources.map { .string($0.rendered { "${\($0)}" }) })),
                        ("conditions", .list(scope.conditions.map { condition in
                            .map([("operator", .string(condition.conditionOperator.description)), ("key", .string(condition.key)),
                                  ("values", .list(condition.values.map { .string($0.rendered { "${\($0)}" }) }))])
                        })),
                        ("boundBy", .string(scope.binding)),
                    ] + (scope.note.map { [("note", OutputTree.string($0))] } ?? []))
                })),
            ])
        }
        var pairs: [(String, OutputTree)] = [
            ("actions", .list(entries)),
            ("notGranted", .list(pruned.map { entry in
                .map([("action", .string(entry.action)), ("phase", .string(entry.phase.rawValue)),
                      ("logicalId", .string(entry.provenance.logicalId)), ("type", .string(entry.provenance.resourceType)),
                      ("reason", .string(entry.reason))])
            })),
        ]
        if whole {
            pairs.append(("gaps", .list(requirements.gaps.map { .string($0.description) })))
            pairs.append(("notes", .list(requirements.notes.map(OutputTree.string))))
        }
        return OutputTree.map(pairs).json()
    }

    /// `arn:...` patterns, conditions, the note, and what binds the grant to the stack, on one line.
    static func describe(_ scope: GrantScope) -> String {
        var text = scope.resources.map { $0.rendered { symbol in "${\(symbol)}" } }.joined(separator: ", ")
        for condition in scope.conditions {
            text += " if \(condition.conditionOperator) \(condition.key) = "
                + condition.values.map { $0.rendered { "${\($0)}" } }.joined(separator: "|")
        }
        if let note = scope.note { text += " (\(note))" }
        return text + " [bound by \(scope.binding)]"
    }
}
