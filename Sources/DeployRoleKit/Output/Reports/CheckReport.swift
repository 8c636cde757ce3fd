/// The `check` report: the role's missing permissions (and, on request, its excess grants), with the
/// assumptions the verdict rests on.
public struct CheckReport: Sendable {
    public let report: FindingReport

    public init(release: String, role: String, check: RoleCheck, includeExcess: Bool, assumptions: AnalysisAssumptions? = nil) {
        let upgrades = assumptions?.releases.filter(\.isPrevious).map(\.file) ?? []
        let subject = upgrades.isEmpty ? "the release" : "the upgrade from \(upgrades.joined(separator: ", "))"
        let gaps = assumptions?.gaps.count ?? 0
        let unchecked = gaps == 0 ? "" : "; \(gaps) gaps let pass were not checked"
        let verdict = (check.isSufficient
            ? "sufficient: the role allows all \(check.requestCount) requests of \(subject)"
            : "insufficient: \(check.missing.count) permissions missing for \(subject)") + unchecked
        var facts: [ReportFact] = [
            ReportFact("sufficient", key: "sufficient", .flag(check.isSufficient)),
            ReportFact("requests evaluated", key: "requestsEvaluated", .count(check.requestCount)),
            ReportFact("missing", key: "missing", .count(check.missing.count)),
        ]
        if includeExcess { facts.append(ReportFact("excess actions", key: "excessActions", .count(check.excess.count))) }
        report = FindingReport(title: "check \(release) against \(role)", verdict: verdict, templatePath: release,
                               findings: check.missing + (includeExcess ? check.excess : []), facts: facts,
                               assumptions: assumptions)
    }

    public func render(_ format: ReportFormat) throws -> String { try report.render(format) }
}
