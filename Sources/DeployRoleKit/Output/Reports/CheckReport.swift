/// The `check` report: the role's missing permissions (and, on request, its excess grants).
public struct CheckReport: Sendable {
    public let report: FindingReport

    public init(release: String, role: String, check: RoleCheck, includeExcess: Bool) {
        let verdict = check.isSufficient
            ? "sufficient: the role allows all \(check.requestCount) requests of the release"
            : "insufficient: \(check.missing.count) permissions missing"
        var facts: [(String, String)] = [("requests evaluated", String(check.requestCount)),
                                         ("missing", String(check.missing.count))]
        if includeExcess { facts.append(("excess actions", String(check.excess.count))) }
        report = FindingReport(title: "check \(release) against \(role)", verdict: verdict, templatePath: release,
                               findings: check.missing + (includeExcess ? check.excess : []), facts: facts)
    }

    public func render(_ format: ReportFormat) throws -> String { try report.render(format) }
}
