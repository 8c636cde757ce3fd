import Foundation

/// The embedded, read-only AWS catalog: handler permissions per CloudFormation type (registry schemas
/// plus the curated supplement) and the IAM service authorization reference (actions, access levels,
/// resource types, ARN formats, condition keys). Data only; built by ``CatalogImport`` (`Scripts/catalog/build.sh`).
///
/// Opening reads the manifest and the two section indexes; each type or service is decoded on first use
/// and cached. All methods are safe to call from any thread.
public final class Catalog: @unchecked Sendable {
    /// The catalog compiled into DeployRoleKit, loaded once on first use. It comes from the files of
    /// `Resources/catalog` at build time (CatalogTests decode every section of it), so opening it cannot
    /// fail at run time whatever the environment.
    public static let embedded: Catalog = {
        do {
            return try Catalog(folder: .embedded("catalog"))
        } catch {
            preconditionFailure("the compiled-in catalog does not open (a build defect): \(error)")
        }
    }()

    /// The folder the catalog was loaded from.
    public let folder: DataFolder
    /// Sources and counts from `manifest.tsv`.
    public let info: CatalogInfo

    private let cfn: IndexedCatalogFile
    private let iam: IndexedCatalogFile
    /// Lowercased service prefix -> section name.
    private let servicePrefixes: [String: String]

    /// Each type and service decoded once (nil: not in the catalog), read without waiting by every thread.
    private let typeCache = ReadMostlyCache<String, ResourceTypeFacts?>()
    private let serviceCache = ReadMostlyCache<String, IAMServiceFacts?>()
    /// Guards the lint findings and dropped actions, read rarely.
    private let lock = NSLock()
    private var lintCache: [CatalogLintFinding]?
    /// The handler actions dropped, by type (``droppedHandlerActions(of:)``), sorted.
    private var droppedCache: [String: [String]]?

    /// Name of the `iam.tsv` section holding `aws:` condition keys gathered from all services.
    static let globalKeysSection = "*"

    /// Loads a catalog folder on disk (`manifest.tsv`, `cfn.tsv`, `iam.tsv`, `lint.tsv`).
    /// - Throws: `DeployRoleError` (category `io`) when a file is missing or its header is malformed.
    public convenience init(directory: URL) throws {
        try self.init(folder: .directory(directory))
    }

    /// Loads a catalog folder.
    /// - Throws: `DeployRoleError` (category `io`) when a file is missing or its header is malformed.
    public init(folder: DataFolder) throws {
        self.folder = folder
        let manifest = try folder.text("manifest.tsv")
        do {
            info = try CatalogSectionParser.manifest(manifest)
        } catch {
            throw DeployRoleError(.io, "corrupt catalog: \(error)", file: folder.path("manifest.tsv"))
        }
        cfn = try IndexedCatalogFile(folder: folder, kind: "cfn")
        iam = try IndexedCatalogFile(folder: folder, kind: "iam")
        var prefixes: [String: String] = [:]
        for name in iam.names where name != Self.globalKeysSection { prefixes[name.lowercased()] = name }
        servicePrefixes = prefixes
    }

    // MARK: CloudFormation types

    /// All CloudFormation type names in the catalog, sorted.
    public var resourceTypeNames: [String] { cfn.names.sorted() }

    /// Facts for a CloudFormation type (exact name, e.g. `AWS::S3::Bucket`), or nil when unknown.
    public func resourceType(_ typeName: String) -> ResourceTypeFacts? {
        typeCache.value(for: typeName) {
            guard let bytes = cfn.section(typeName) else { return nil }
            return decodeOrDie("cfn.tsv", typeName) { try CatalogRecord.read(bytes, CatalogSectionParser.resourceType) }
        }
    }

    /// The IAM service whose resources a CloudFormation type creates (``ResourceTypeFacts/primaryService``).
    public func primaryService(of typeName: String) -> String? { resourceType(typeName)?.primaryService }

    // MARK: IAM reference

    /// All IAM service prefixes, sorted.
    public var servicePrefixNames: [String] { servicePrefixes.values.sorted() }

    /// One IAM service by prefix (case-insensitive), or nil when unknown.
    public func service(_ prefix: String) -> IAMServiceFacts? {
        guard let name = servicePrefixes[prefix.lowercased()] else { return nil }
        return serviceSection(name)
    }

    /// An IAM action by `service:Action`, case-insensitively; nil when unknown or malformed.
    public func action(_ name: String) -> IAMActionFacts? {
        guard let colon = name.firstIndex(of: ":") else { return nil }
        let actionName = name[name.index(after: colon)...]
        guard !actionName.isEmpty else { return nil }
        return service(String(name[..<colon]))?.action(named: String(actionName))
    }

    /// The actions an IAM action pattern (`s3:Get*`, `ec2:Describe?pcs`, `*:List*`) matches, case-insensitively,
    /// sorted by full name. `*` alone matches every action.
    public func actions(matching pattern: String) -> [IAMActionFacts] {
        let servicePattern: Substring, actionPattern: Substring
        if pattern == "*" {
            servicePattern = "*"
            actionPattern = "*"
        } else if let colon = pattern.firstIndex(of: ":") {
            servicePattern = pattern[..<colon]
            actionPattern = pattern[pattern.index(after: colon)...]
        } else {
            return []
        }
        let services: [String]
        if servicePattern.contains("*") || servicePattern.contains("?") {
            let p = CatalogWildcard(String(servicePattern))
            services = servicePrefixNames.filter { p.matches($0) }
        } else if let name = servicePrefixes[servicePattern.lowercased()] {
            services = [name]
        } else {
            return []
        }
        let matcher = CatalogWildcard(String(actionPattern))
        var out: [IAMActionFacts] = []
        for prefix in services {
            guard let svc = serviceSection(prefix) else { continue }
            if !matcher.hasWildcard {
                if let a = svc.action(named: String(actionPattern)) { out.append(a) }
                continue
            }
            out += svc.actions(named: matcher.matches)
        }
        return out.sorted { $0.fullName < $1.fullName }
    }

    /// The resource types of a service (case-insensitive prefix), sorted by name; empty when unknown.
    public func resourceTypes(ofService prefix: String) -> [IAMResourceTypeFacts] {
        service(prefix)?.resourceTypes ?? []
    }

    /// One resource type of a service, both names case-insensitive.
    public func iamResourceType(service: String, name: String) -> IAMResourceTypeFacts? {
        self.service(service)?.resourceType(named: name)
    }

    /// The type (`String`, `ARN`, `Bool`, `ArrayOfString`, ...) of a condition key as `service` defines it.
    /// Templated keys match (`aws:RequestTag/Env` finds `aws:RequestTag/${TagKey}`). Keys of another service
    /// are looked up there; `aws:` keys the service does not list fall back to those of all services (several
    /// types found there are joined with `|`).
    public func conditionKeyType(_ key: String, service prefix: String) -> String? {
        if let t = service(prefix)?.conditionKeyType(key) { return t }
        guard let colon = key.firstIndex(of: ":") else { return nil }
        let keyPrefix = key[..<colon].lowercased()
        if keyPrefix == "aws" {
            return serviceSection(Self.globalKeysSection)?.conditionKeyType(key)
        }
        if keyPrefix != prefix.lowercased() { return service(keyPrefix)?.conditionKeyType(key) }
        return nil
    }

    // MARK: Lint

    /// What the build script corrected, dropped or shadowed (from `lint.tsv`), sorted.
    public var lintFindings: [CatalogLintFinding] {
        lock.lock()
        defer { lock.unlock() }
        if let lintCache { return lintCache }
        let data = (try? folder.data("lint.tsv")) ?? Data()
        let findings = CatalogRecord.read(data, CatalogSectionParser.lint).sorted()
        lintCache = findings
        return findings
    }

    /// The handler actions of a type the build script dropped because the IAM reference does not know them
    /// (a service or action newer than the reference), sorted: not granted, so a release using the type is
    /// told.
    public func droppedHandlerActions(of typeName: String) -> [String] {
        let findings = lintFindings
        lock.lock()
        defer { lock.unlock() }
        if let droppedCache { return droppedCache[typeName] ?? [] }
        var byType: [String: Set<String>] = [:]
        for finding in findings where finding.kind == .dropped && finding.phase != "tagging" {
            byType[finding.typeName, default: []].insert(finding.original)
        }
        let dropped = byType.mapValues { $0.sorted() }
        droppedCache = dropped
        return dropped[typeName] ?? []
    }

    /// Decodes every section; throws on the first corrupt one. Loading is lazy, so this is how to check
    /// refreshed data in full.
    public func validate() throws {
        for name in cfn.names {
            guard let bytes = cfn.section(name) else { continue }
            let facts = try CatalogRecord.read(bytes, CatalogSectionParser.resourceType)
            guard facts.typeName == name else {
                throw DeployRoleError(.io, "corrupt catalog: index entry \(name) points at \(facts.typeName)",
                                      file: folder.path("cfn.tsv"))
            }
        }
        for name in iam.names {
            guard let bytes = iam.section(name) else { continue }
            let svc = try CatalogRecord.read(bytes) {
                try CatalogSectionParser.service($0, bytes: bytes, file: folder.path("iam.tsv"))
            }
            try svc.decodeAll()
            guard svc.prefix == name else {
                throw DeployRoleError(.io, "corrupt catalog: index entry \(name) points at \(svc.prefix)",
                                      file: folder.path("iam.tsv"))
            }
        }
    }

    // MARK: Private

    private func serviceSection(_ name: String) -> IAMServiceFacts? {
        serviceCache.value(for: name) {
            guard let bytes = iam.section(name) else { return nil }
            return decodeOrDie("iam.tsv", name) {
                try CatalogRecord.read(bytes) { try CatalogSectionParser.service($0, bytes: bytes, file: folder.path("iam.tsv")) }
            }
        }
    }

    private func decodeOrDie<T>(_ file: String, _ section: String, _ body: () throws -> T) -> T {
        CatalogFormat.decodedOrDie(file: folder.path(file), section: section, body)
    }
}
