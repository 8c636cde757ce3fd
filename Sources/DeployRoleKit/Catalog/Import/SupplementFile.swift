import Foundation

/// `supplement.json`, the curated handler actions of CloudFormation types that the schemas carry no handler
/// data for, each entry with the AWS documentation it comes from. A type whose schema has handlers ignores
/// its entry (recorded as `shadowed` in `lint.tsv`).
struct SupplementFile: Sendable {
    struct Entry: Sendable {
        var typeName: String
        /// AWS documentation URLs.
        var sources: [String]
        var handlers: [HandlerPhase: [String]]
        var properties: [String]?
        var primaryIdentifier: [String]?
        var createOnlyProperties: [String]?
    }

    /// Entries sorted by type name.
    let entries: [Entry]

    /// Reads and checks the file: every entry an `AWS::` type named once, with AWS documentation URLs and
    /// at least one handler phase.
    init(_ input: ImportInput) throws {
        func bad(_ why: String) -> DeployRoleError { DeployRoleError(.io, "supplement: \(why)", file: input.label) }
        guard let data = input.files.first?.data,
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let types = root["types"] as? [Any] else {
            throw bad("not a JSON object with a types list")
        }
        var seen = Set<String>()
        var entries: [Entry] = []
        for case let e as [String: Any] in types {
            guard let type = e["type"] as? String, type.hasPrefix("AWS::") else { throw bad("an entry without an AWS:: type") }
            guard seen.insert(type).inserted else { throw bad("\(type) is listed twice") }
            let sources = (e["source"] as? String).map { [$0] } ?? (e["source"] as? [Any])?.compactMap { $0 as? String } ?? []
            guard !sources.isEmpty, sources.allSatisfy({ $0.hasPrefix("https://docs.aws.amazon.com/") }) else {
                throw bad("\(type): source must be AWS documentation URL(s)")
            }
            guard let handlerBlock = e["handlers"] as? [String: Any], !handlerBlock.isEmpty else {
                throw bad("\(type): handlers must be a non-empty object")
            }
            var handlers: [HandlerPhase: [String]] = [:]
            for (key, value) in handlerBlock {
                guard let phase = HandlerPhase(rawValue: key), let actions = value as? [Any] else {
                    throw bad("\(type): bad handler phase \(key)")
                }
                handlers[phase] = actions.compactMap { $0 as? String }
            }
            func strings(_ key: String) -> [String]? { (e[key] as? [Any])?.compactMap { $0 as? String } }
            entries.append(Entry(typeName: type, sources: sources, handlers: handlers, properties: strings("properties"),
                                 primaryIdentifier: strings("primaryIdentifier"),
                                 createOnlyProperties: strings("createOnlyProperties")))
        }
        self.entries = entries.sorted { CatalogSortOrder.bytes($0.typeName, $1.typeName) }
    }

    /// The catalog type an entry makes, on top of the type's schema when there is one (its properties,
    /// identifiers and tagging block stay unless the entry lists its own).
    func resourceType(_ entry: Entry, schema: ImportedResourceType?) -> ImportedResourceType {
        var type = schema ?? ImportedResourceType(typeName: entry.typeName)
        type.origin = .supplement(source: entry.sources.joined(separator: " "))
        type.handlers = entry.handlers
        if let p = entry.properties { type.properties = p.sorted(by: CatalogSortOrder.precedes) }
        if let p = entry.primaryIdentifier { type.primaryIdentifier = p.map(ImportedResourceType.pointer) }
        if let p = entry.createOnlyProperties {
            type.createOnlyProperties = Array(Set(p.map(ImportedResourceType.pointer))).sorted(by: CatalogSortOrder.precedes)
        }
        return type
    }
}
