import Foundation

/// Writes the records of the catalog files that ``CatalogSectionParser`` reads back: `cfn.tsv` and
/// `iam.tsv` sections (behind a byte-offset index), `lint.tsv` and `manifest.tsv`. Every field is checked:
/// a tab or newline in a field, or a space in a list item, would corrupt the file and is an error.
enum CatalogFileWriter {
    static let magic = "#deployrole-catalog"

    /// The `cfn.tsv` section of one type whose actions are already checked.
    static func resourceSection(_ type: ImportedResourceType) throws -> [String] {
        let origin: String, source: String
        switch type.origin {
        case .registry: (origin, source) = ("registry", "")
        case .supplement(let urls): (origin, source) = ("supplement", urls)
        }
        let name = type.typeName
        var lines = ["T\t\(try field(name, name))\t\(origin)\t\(try field(source, name))"]
        for phase in HandlerPhase.allCases {
            if let actions = type.handlers?[phase] { lines.append("H\t\(phase.rawValue)\t\(try list(actions, name))") }
        }
        lines.append("P\t\(try list(type.properties, name))")
        lines.append("I\t\(try list(type.primaryIdentifier, name))")
        lines.append("C\t\(try list(type.createOnlyProperties, name))")
        if let t = type.tagging {
            lines.append(["G", t.taggable ? "1" : "0", tri(t.tagOnCreate), tri(t.tagUpdatable), try field(t.tagProperty, name),
                          try list(t.permissions, name), tri(t.cloudFormationSystemTags)].joined(separator: "\t"))
        }
        return lines
    }

    /// The `iam.tsv` section of one service.
    static func serviceSection(_ service: IAMReference.Service) throws -> [String] {
        let w = "iam \(service.prefix)"
        var lines = ["S\t\(try field(service.prefix, w))\t\(try field(service.name, w))\t\(try field(service.referenceURL, w))"]
        for name in service.actions.keys.sorted(by: CatalogSortOrder.precedes) {
            guard let action = service.actions[name] else { continue }
            let requestKeys = Array(Set(action.conditionKeys)).sorted(by: CatalogSortOrder.precedes)
            let dependent = Array(Set(action.dependentActions)).sorted(by: CatalogSortOrder.precedes)
            lines.append("A\t\(try field(name, w))\t\(action.accessLevel.rawValue)\t\(try list(requestKeys, w))\t\(try list(dependent, w))")
            for type in action.resourceTypes.filter({ !$0.name.isEmpty }).sorted(by: { CatalogSortOrder.precedes($0.name, $1.name) }) {
                let keys = Array(Set(type.conditionKeys)).sorted(by: CatalogSortOrder.precedes)
                lines.append("r\t\(try field(type.name, w))\t\(type.required ? "1" : "0")\t\(try list(keys, w))")
            }
        }
        for name in service.resourceTypes.keys.sorted(by: CatalogSortOrder.precedes) {
            guard let type = service.resourceTypes[name] else { continue }
            let keys = Array(Set(type.conditionKeys)).sorted(by: CatalogSortOrder.precedes)
            lines.append("R\t\(try field(name, w))\t\(try field(type.arnFormat, w))\t\(try list(keys, w))")
        }
        for key in service.conditionKeys.keys.sorted(by: CatalogSortOrder.precedes) {
            lines.append("K\t\(try field(key, w))\t\(try field(service.conditionKeys[key] ?? "", w))")
        }
        return lines
    }

    /// The `*` section: every `aws:` condition key any service lists, with every type it is given there.
    static func globalKeysSection(_ reference: IAMReference) throws -> [String] {
        var types: [String: Set<String>] = [:]
        for service in reference.services.values {
            for (key, type) in service.conditionKeys where key.lowercased().hasPrefix("aws:") {
                types[key, default: []].insert(type)
            }
        }
        var lines = ["S\t\(Catalog.globalKeysSection)\t\t"]
        for key in types.keys.sorted(by: CatalogSortOrder.precedes) {
            lines.append("K\t\(try field(key, "global"))\t\((types[key] ?? []).sorted(by: CatalogSortOrder.bytes).joined(separator: "|"))")
        }
        return lines
    }

    /// A file of sections behind their index: a header, `name<TAB>offset<TAB>length` per section (offsets
    /// from the byte after `#data`), `#data`, then the sections in name order.
    static func indexedFile(kind: String, sections: [String: [String]]) throws -> Data {
        let names = sections.keys.sorted(by: CatalogSortOrder.precedes)
        let blobs = names.map { Data(((sections[$0] ?? []).joined(separator: "\n") + "\n").utf8) }
        var head = ["\(magic)\t\(kind)\t\(CatalogFormat.version)", "#index\t\(names.count)"]
        var offset = 0
        for (name, blob) in zip(names, blobs) {
            head.append("\(try field(name, "section"))\t\(offset)\t\(blob.count)")
            offset += blob.count
        }
        head.append("#data")
        var out = Data((head.joined(separator: "\n") + "\n").utf8)
        for blob in blobs { out.append(blob) }
        return out
    }

    /// `lint.tsv`.
    static func lintFile(_ rows: [[String]]) throws -> Data {
        var lines = ["\(magic)\tlint\t\(CatalogFormat.version)"]
        for row in rows { lines.append(try row.map { try field($0, "lint") }.joined(separator: "\t")) }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// `manifest.tsv`: one `source` line per input (name, version, sha256, file, publication date) and
    /// one `count` line per figure, in the order given.
    static func manifestFile(sources: [CatalogInfo.Source], counts: [(String, Int)]) throws -> Data {
        var lines = ["\(magic)\tmanifest\t\(CatalogFormat.version)"]
        for s in sources {
            lines.append(try ["source", s.name, s.version, s.sha256, s.file, s.published ?? "-"]
                .map { try field($0, "manifest") }.joined(separator: "\t"))
        }
        for (key, value) in counts { lines.append("count\t\(key)\t\(value)") }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    private static func tri(_ value: Bool?) -> String { value.map { $0 ? "1" : "0" } ?? "-" }

    private static func field(_ value: String, _ what: String) throws -> String {
        guard !value.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" }) else {
            throw DeployRoleError(.io, "\(what): a tab or newline in \(value.debugDescription) cannot be written to the catalog")
        }
        return value
    }

    private static func list(_ values: [String], _ what: String) throws -> String {
        for v in values where v.isEmpty || v.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == " " }) {
            throw DeployRoleError(.io, "\(what): the list item \(v.debugDescription) is empty or holds whitespace")
        }
        return values.joined(separator: " ")
    }
}
