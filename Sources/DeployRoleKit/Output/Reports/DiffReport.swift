/// The `diff` report: the permissions an upgrade adds and drops, attributed to resources and phases, and
/// whether the role must be updated before upgrading.
public struct DiffReport: Sendable {
    public let report: FindingReport

    public init(old: String, new: String, diff: ReleaseDiff) {
        let verdict = diff.roleMustBeUpdated
            ? "update the role before upgrading: the new release needs \(diff.added.count) permissions the current role lacks"
            : "the current role covers the new release"
        let counts = Dictionary(grouping: diff.resourceChanges, by: \.kind).mapValues(\.count)
        var facts: [(String, String)] = [
            ("permissions added", String(diff.added.count)),
            ("permissions dropped", String(diff.dropped.count)),
        ]
        for kind in [ResourceChange.Kind.added, .removed, .modified, .replaced] {
            let changes = diff.resourceChanges.filter { $0.kind == kind }
            guard !changes.isEmpty else { continue }
            facts.append(("resources \(kind.rawValue) (\(counts[kind] ?? 0))",
                          changes.map { "\($0.logicalId) (\($0.type))" }.joined(separator: ", ")))
        }
        report = FindingReport(title: "diff \(old) → \(new)", verdict: verdict, templatePath: new,
                               findings: diff.added + diff.dropped, facts: facts)
    }

    public func render(_ format: ReportFormat) throws -> String { try report.render(format) }
}
