/// The `explain` report: for each granted action, the resources and lifecycle phases that need it, with
/// the reason and template position.
public struct ExplanationReport: Sendable {
    public let requirements: RequirementSet

    public init(requirements: RequirementSet) {
        self.requirements = requirements
    }

    /// The report for every action, or for the one named (case-insensitive).
    public func render(action wanted: String? = nil) throws -> String {
        let grouped = requirements.byAction
        let actions = requirements.actions.filter { wanted == nil || $0.lowercased() == wanted!.lowercased() }
        if let wanted, actions.isEmpty {
            throw DeployRoleError(.usage, "no resource of the release needs \(wanted)")
        }
        var lines: [String] = []
        for action in actions {
            lines.append(action)
            let byNeed = Dictionary(grouping: grouped[action] ?? [], by: \.provenance)
            for provenance in byNeed.keys.sorted() {
                let phases = Set(byNeed[provenance]!.map(\.phase)).sorted().map(\.rawValue).joined(separator: ",")
                let place = provenance.location.map { "  [\($0)]" } ?? ""
                lines.append("  \(phases): \(provenance.logicalId) (\(provenance.resourceType)): \(provenance.reason)\(place)")
            }
        }
        if !requirements.gaps.isEmpty {
            lines.append("gaps (not derived, reported as allowed):")
            lines.append(contentsOf: requirements.gaps.map { "  \($0)" })
        }
        if !requirements.notes.isEmpty {
            lines.append("notes:")
            lines.append(contentsOf: requirements.notes.map { "  \($0)" })
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
