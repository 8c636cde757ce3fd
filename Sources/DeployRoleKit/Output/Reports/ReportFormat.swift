/// How `check` and `diff` print their findings.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// For a terminal.
    case text
    /// For programs.
    case json
    /// SARIF 2.1.0, for GitHub code scanning: results located at the template line of the resource.
    case sarif
    /// For a pull-request comment or release notes.
    case markdown
}
