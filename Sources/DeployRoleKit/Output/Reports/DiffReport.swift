/// The `diff` report: the permissions an upgrade adds, those only the upgrade still needs, those it
/// drops, attributed to resources and phases, and whether the role must be updated before upgrading.
public struct DiffReport: Sendable {
    public let report: FindingReport

    public init(old: String, new: String, diff: ReleaseDiff, assumptions: AnalysisAssumptions? = nil) {
        let verdict = diff.roleMustBeUpdated
            ? "update the role before upgrading: the upgrade needs \(diff.added.count) permissions the current role lacks"
            : "the current role covers the upgrade"
        var facts: [ReportFact] = [
            ReportFact("role update required", key: "roleUpdateRequired", .flag(diff.roleMustBeUpdated)),
            ReportFact("permissions added", key: "permissionsAdded", .count(diff.added.count)),
            ReportFact("permissions needed by the upgrade only", key: "permissionsNeededByUpgrade", .count(diff.neededByUpgrade.count)),
            ReportFact("permissions dropped", key: "permissionsDropped", .count(diff.dropped.count)),
        ]
        for kind in [ResourceChange.Kind.added, .removed, .modified, .replaced] {
            let changes = diff.resourceChanges.filter { $0.kind == kind }
            facts.append(ReportFact("resources \(kind.rawValue) (\(changes.count))", key: "resources\(kind.rawValue.capitalized)",
                                    .names(changes.map { "\($0.logicalId) (\($0.type))" })))
        }
        report = FindingReport(title: "diff \(old) → \(new)", verdict: verdict, templatePath: new,
                               findings: diff.added + diff.neededByUpgrade + diff.dropped, facts: facts, assumptions: assumptions)
    }

    public func render(_ format: ReportFormat) throws -> String { try report.render(format) }
}
