/// Something the build script changed or ignored while validating handler actions against the IAM
/// reference (`deployrole catalog lint`).
public struct CatalogLintFinding: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Comparable {
        /// The action exists in another case; `corrected` holds the canonical name.
        case corrected
        /// The action (or wildcard) matches nothing in the IAM reference; `reason` says why.
        case dropped
        /// A supplement entry is ignored because the registry has handlers for the type.
        case shadowed

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let kind: Kind
    public let typeName: String
    /// `create`, `read`, `update`, `delete`, `list`, `tagging` (schema tagging permissions) or `-`.
    public let phase: String
    /// The action as the source wrote it.
    public let original: String
    /// The canonical action, for `.corrected`.
    public let corrected: String?
    /// `unknown-service`, `unknown-action`, `wildcard-matches-nothing`, `malformed`, or why shadowed.
    public let reason: String?

    public init(kind: Kind, typeName: String, phase: String, original: String, corrected: String? = nil,
                reason: String? = nil) {
        self.kind = kind
        self.typeName = typeName
        self.phase = phase
        self.original = original
        self.corrected = corrected
        self.reason = reason
    }

    /// The handler phase, when `phase` is one.
    public var handlerPhase: HandlerPhase? { HandlerPhase(rawValue: phase) }

    /// One line, e.g. `corrected AWS::Batch::ComputeEnvironment create Batch:TagResource -> batch:TagResource`.
    public func render() -> String {
        switch kind {
        case .corrected:
            "corrected \(typeName) \(phase) \(original) -> \(corrected ?? "?")"
        case .dropped:
            "dropped \(typeName) \(phase) \(original.isEmpty ? "\"\"" : original) (\(reason ?? "unknown"))"
        case .shadowed:
            "shadowed \(typeName): supplement entry ignored (\(reason ?? "registry has handlers"))"
        }
    }

    public var description: String { render() }

    /// All findings, one per line, followed by a count line.
    public static func render(_ findings: [CatalogLintFinding]) -> String {
        var out = findings.map { $0.render() + "\n" }.joined()
        let corrected = findings.count { $0.kind == .corrected }
        let dropped = findings.count { $0.kind == .dropped }
        let shadowed = findings.count { $0.kind == .shadowed }
        out += "\(corrected) corrected, \(dropped) dropped, \(shadowed) shadowed\n"
        return out
    }

    public static func < (lhs: CatalogLintFinding, rhs: CatalogLintFinding) -> Bool {
        (lhs.kind, lhs.typeName, lhs.phase, lhs.original) < (rhs.kind, rhs.typeName, rhs.phase, rhs.original)
    }
}
