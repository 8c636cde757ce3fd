import Foundation

/// SARIF 2.1.0 for GitHub code scanning: one rule per finding kind, one result per finding, located at the
/// template line of the resource that needs it (the template's first line for stack-level needs).
struct SarifWriter {
    let report: FindingReport

    static let rules: [(id: PermissionFinding.Kind, level: String, text: String)] = [
        (.missing, "error", "The role lacks a permission the release needs"),
        (.added, "warning", "The upgrade needs a permission the previous release did not"),
        (.neededByUpgrade, "note", "The upgrade still needs a permission of the previous release that the new release alone does not"),
        (.dropped, "note", "The upgrade no longer needs a permission"),
        (.excess, "note", "The role grants a permission nothing needs"),
    ]
    /// The rule of a gap: a permission that could not be derived and was let pass.
    static let gapRule = (id: "gap", level: "warning", text: "A permission could not be derived and was let pass unchecked")

    func document() -> OutputTree {
        .map([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .list([.map([
                ("tool", .map([("driver", .map([
                    ("name", .string("deployrole")),
                    ("informationUri", .string("https://github.com/deployrole/deployrole")),
                    ("rules", .list((Self.rules.map { ($0.id.rawValue, $0.level, $0.text) } + [Self.gapRule]).map { rule in
                        .map([
                            ("id", .string(rule.0)),
                            ("shortDescription", .map([("text", .string(rule.2))])),
                            ("defaultConfiguration", .map([("level", .string(rule.1))])),
                        ])
                    })),
                ]))])),
                ("results", .list(report.findings.map(result) + (report.assumptions?.gaps ?? []).map(gapResult))),
            ])])),
        ])
    }

    private func result(_ finding: PermissionFinding) -> OutputTree {
        let level = Self.rules.first { $0.id == finding.kind }?.level ?? "note"
        let location = finding.location
        let needs = FindingReport.needs(finding)
        let message = FindingReport.headline(finding) + (needs.isEmpty ? "" : "; needed by " + needs.joined(separator: "; "))
        return .map([
            ("ruleId", .string(finding.kind.rawValue)),
            ("level", .string(level)),
            ("message", .map([("text", .string(message))])),
            ("locations", .list([.map([("physicalLocation", .map([
                ("artifactLocation", .map([("uri", .string(Self.uri(location?.file ?? report.templatePath)))])),
                ("region", .map([("startLine", .integer(location?.line ?? 1)), ("startColumn", .integer(location?.column ?? 1))])),
            ]))])])),
            ("partialFingerprints", .map([("deployrole/v1", .string("\(finding.kind.rawValue):\(finding.action):\(finding.resources.joined(separator: ","))"))])),
        ])
    }

    private func gapResult(_ gap: String) -> OutputTree {
        .map([
            ("ruleId", .string(Self.gapRule.id)),
            ("level", .string(Self.gapRule.level)),
            ("message", .map([("text", .string("gap let pass: " + gap))])),
            ("locations", .list([.map([("physicalLocation", .map([
                ("artifactLocation", .map([("uri", .string(Self.uri(report.templatePath)))])),
                ("region", .map([("startLine", .integer(1)), ("startColumn", .integer(1))])),
            ]))])])),
            ("partialFingerprints", .map([("deployrole/v1", .string("gap:\(gap)"))])),
        ])
    }

    /// A path as a URI reference relative to the current folder (the repository root, where code scanning
    /// runs): absolute paths under it are made relative; forward slashes, spaces escaped.
    static func uri(_ path: String, base: String = FileManager.default.currentDirectoryPath) -> String {
        var trimmed = path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        if trimmed.hasPrefix(prefix) { trimmed.removeFirst(prefix.count) }
        while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
        return trimmed.replacingOccurrences(of: " ", with: "%20")
    }
}
