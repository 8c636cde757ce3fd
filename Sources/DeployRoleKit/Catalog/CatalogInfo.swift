/// Where the embedded catalog comes from and how much it holds (`deployrole catalog info`).
public struct CatalogInfo: Sendable, Hashable {
    /// One input of the catalog import: a registry package, AWS's schema files, the curated supplement.
    public struct Source: Sendable, Hashable {
        public let name: String
        /// `-` when the input has no version (the supplement is versioned with the repository).
        public let version: String
        /// sha256 of the file (for a folder, of its sorted `path sha256` lines).
        public let sha256: String
        public let file: String
        /// When the data was published (`YYYY-MM-DD` or `YYYY-MM`), when known.
        public let published: String?

        public init(name: String, version: String, sha256: String, file: String, published: String?) {
            self.name = name
            self.version = version
            self.sha256 = sha256
            self.file = file
            self.published = published
        }
    }

    public let formatVersion: String
    public let sources: [Source]
    /// All CloudFormation types in the catalog (registry schemas plus supplement-only types).
    public let resourceTypes: Int
    /// Registry types that carry handler permissions.
    public let resourceTypesWithHandlers: Int
    /// Types whose handler data comes from `supplement.json`.
    public let supplementTypes: Int
    /// Entries in `supplement.json` (some may be shadowed by registry data).
    public let supplementEntries: Int
    public let iamServices: Int
    public let iamActions: Int
    /// Handler actions corrected to canonical case by the build script.
    public let correctedActions: Int
    /// Handler actions dropped because the IAM reference does not know them.
    public let droppedActions: Int
    /// The import's other figures, in the manifest's order: types kept from the base catalog, what later
    /// IAM references filled in, the types each schema source supplied (`types-from:<source>`).
    public let importFigures: [Figure]

    /// One figure of the manifest.
    public struct Figure: Sendable, Hashable {
        public let name: String
        public let value: Int
    }

    /// The manifest counts that have a field of their own.
    static let namedCounts: Set<String> = ["cfn-types", "cfn-types-with-handlers", "supplement-types", "supplement-entries",
                                           "iam-services", "iam-actions", "corrected-actions", "dropped-actions"]

    /// The same facts as JSON (numbers as numbers).
    public func json() -> String {
        OutputTree.map([
            ("formatVersion", .string(formatVersion)),
            ("sources", .list(sources.map { source in
                .map([("name", .string(source.name)), ("version", .string(source.version)), ("sha256", .string(source.sha256)),
                      ("file", .string(source.file)), ("published", .string(source.published ?? "unknown"))])
            })),
            ("resourceTypes", .integer(resourceTypes)),
            ("resourceTypesWithHandlers", .integer(resourceTypesWithHandlers)),
            ("supplementTypes", .integer(supplementTypes)),
            ("supplementEntries", .integer(supplementEntries)),
            ("iamServices", .integer(iamServices)),
            ("iamActions", .integer(iamActions)),
            ("correctedActions", .integer(correctedActions)),
            ("droppedActions", .integer(droppedActions)),
            ("importFigures", .map(importFigures.map { ($0.name, .integer($0.value)) })),
        ]).json()
    }

    /// Human-readable summary, one fact per line.
    public func render() -> String {
        var lines = ["catalog format \(formatVersion)", "sources:"]
        for s in sources {
            lines.append("  \(s.name) \(s.version) published \(s.published ?? "unknown") sha256:\(s.sha256)")
        }
        lines += [
            "cloudformation types: \(resourceTypes)",
            "  with registry handlers: \(resourceTypesWithHandlers)",
            "  with supplement handlers: \(supplementTypes) (of \(supplementEntries) entries)",
            "iam services: \(iamServices)",
            "iam actions: \(iamActions)",
            "handler actions corrected: \(correctedActions)",
            "handler actions dropped: \(droppedActions)",
        ] + importFigures.map { "\($0.name): \($0.value)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
