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

    func document() -> OutputTree {
        .map([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .list([.map([
                ("tool", .map([("driver", .map([
                    ("name", .string("deployrole")),
                    ("informationUri", .string("https://github.com/deployrole/deployrole")),
                    ("rules", .list(Self.rules.map { rule in
                        .map([
                            ("id", .string(rule.id.rawValue)),
                            ("shortDescription", .map([("text", .string(rule.text))])),
                            ("defaultConfiguration", .map([("level", .string(rule.level))])),
                        ])
                    })),
                ]))])),
                ("results", .list(report.findings.map(result))),
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

    /// A relative path as a URI reference (forward slashes, spaces escaped).
    static func uri(_ path: String) -> String {
        var trimmed = path
        while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
        return trimmed.replacingOccurrences(of: " ", with: "%20")
    }
}
