import Foundation

/// Findings about permissions (missing, added, dropped, excess) and the summary around them, rendered in
/// every report format.
public struct FindingReport: Sendable {
    /// What was checked, in a line (`check release.yaml against role.yaml`).
    public var title: String
    /// The verdict, in a line.
    public var verdict: String
    /// The release template the findings' locations point into.
    public var templatePath: String
    public var findings: [PermissionFinding]
    /// The verdict and counts (`sufficient`, `requestsEvaluated`, ...).
    public var facts: [ReportFact]
    /// What the verdict rests on (parameters, resources left out, gaps), when a release was analysed.
    public var assumptions: AnalysisAssumptions?

    public init(title: String, verdict: String, templatePath: String, findings: [PermissionFinding], facts: [ReportFact],
                assumptions: AnalysisAssumptions? = nil) {
        self.title = title
        self.verdict = verdict
        self.templatePath = templatePath
        self.findings = findings.sorted()
        self.facts = facts
        self.assumptions = assumptions
    }

    /// The findings grouped by kind (missing, added, needed by the upgrade, dropped, excess), each group
    /// sorted by the resource that needs it, then the action.
    var byKind: [PermissionFinding] {
        PermissionFinding.Kind.allCases.flatMap { kind in
            findings.filter { $0.kind == kind }.sorted { ($0.neededBy, $0) < ($1.neededBy, $1) }
        }
    }

    public func render(_ format: ReportFormat) throws -> String {
        switch format {
        case .text: return text()
        case .json: return jsonTree().json()
        case .sarif: return SarifWriter(report: self).document().json()
        case .markdown: return markdown()
        }
    }

    /// The requirements of a finding, one line per resource and reason with its phases.
    static func needs(_ finding: PermissionFinding) -> [String] {
        let grouped = Dictionary(grouping: finding.requirements, by: \.provenance)
        return grouped.keys.sorted().map { provenance in
            let phases = Set(grouped[provenance]!.map(\.phase)).sorted().map(\.rawValue).joined(separator: ",")
            let place = provenance.location.map { " [\($0)]" } ?? ""
            let release = provenance.previousRelease.map { ", release upgraded from \($0)" } ?? ""
            return "\(phases): \(provenance.logicalId) (\(provenance.resourceType)): \(provenance.reason)\(release)\(place)"
        }
    }

    static func headline(_ finding: PermissionFinding) -> String {
        switch finding.kind {
        case .missing: return "missing \(finding.action) on \(finding.resources.joined(separator: ", "))"
        case .added: return "added \(finding.action) on \(finding.resources.joined(separator: ", "))"
        case .neededByUpgrade: return "needed by the upgrade only: \(finding.action) on \(finding.resources.joined(separator: ", "))"
        case .dropped: return "dropped \(finding.action) on \(finding.resources.joined(separator: ", "))"
        case .excess: return "excess \(finding.action)" + (finding.grantedBy.map { " (granted by \($0))" } ?? "")
        }
    }

    private func text() -> String {
        var lines = [title, verdict]
        lines += facts.map { "\($0.label): \($0.text)" }
        lines += assumptions?.lines ?? []
        for finding in byKind {
            lines.append(Self.headline(finding))
            lines += Self.needs(finding).map { "  \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func markdown() -> String {
        var lines = ["### \(title)", "", "**\(verdict)**", ""]
        if !facts.isEmpty {
            lines += ["| | |", "|---|---|"] + facts.map { "| \($0.label) | \(Self.escapeMarkdown($0.text)) |" } + [""]
        }
        if let assumptions {
            lines += ["#### Assumptions", "", "```"] + assumptions.lines + ["```", ""]
        }
        let byKind = Dictionary(grouping: self.byKind, by: \.kind)
        for kind in PermissionFinding.Kind.allCases {
            guard let group = byKind[kind], !group.isEmpty else { continue }
            lines += ["#### \(kind.title) (\(group.count))", "", "| Action | Resource | Needed by |", "|---|---|---|"]
            for finding in group {
                let needs = Self.needs(finding).map(Self.escapeMarkdown).joined(separator: "<br>")
                lines.append("| `\(finding.action)` | \(finding.resources.map { "`\($0)`" }.joined(separator: "<br>")) | "
                             + (needs.isEmpty ? (finding.grantedBy.map { "granted by `\($0)`" } ?? "") : needs) + " |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    static func escapeMarkdown(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    private func jsonTree() -> OutputTree {
        .map([
            ("title", .string(title)),
            ("verdict", .string(verdict)),
        ] + facts.map { ($0.key, $0.tree) } + (assumptions.map { [("assumptions", $0.tree)] } ?? []) + [
            ("findings", .list(byKind.map { finding in
                var pairs: [(String, OutputTree)] = [
                    ("kind", .string(finding.kind.rawValue)),
                    ("action", .string(finding.action)),
                    ("resources", .list(finding.resources.map(OutputTree.string))),
                ]
                if let grantedBy = finding.grantedBy { pairs.append(("grantedBy", .string(grantedBy))) }
                pairs.append(("neededBy", .list(finding.requirements.map { requirement in
                    var need: [(String, OutputTree)] = [
                        ("logicalId", .string(requirement.provenance.logicalId)),
                        ("type", .string(requirement.provenance.resourceType)),
                        ("phase", .string(requirement.phase.rawValue)),
                        ("reason", .string(requirement.provenance.reason)),
                    ]
                    if let release = requirement.provenance.previousRelease { need.append(("upgradedFrom", .string(release))) }
                    if let location = requirement.provenance.location {
                        need += [("file", .string(location.file)), ("line", .integer(location.line)), ("column", .integer(location.column))]
                    }
                    return .map(need)
                })))
                return .map(pairs)
            })),
        ])
    }
}
