/// Decodes one section of `cfn.tsv` or `iam.tsv` into facts. Record tags:
///
/// - `cfn.tsv`: `T` type/origin/source, `H` phase/actions, `P` properties, `I` primary identifier,
///   `C` create-only properties, `G` tagging (taggable, tagOnCreate, tagUpdatable, tagProperty, permissions,
///   cloudFormationSystemTags).
/// - `iam.tsv`: `S` prefix/name/url, `A` action/access level/request keys/dependent actions, `r` resource
///   type of the preceding action (name, required, keys), `R` resource type (name, ARN, keys), `K` key/type.
///
/// Lists inside a field are separated by single spaces.
enum CatalogSectionParser {
    struct Corrupt: Error, CustomStringConvertible {
        let description: String
    }

    static func resourceType(_ lines: [[Substring]]) throws -> ResourceTypeFacts {
        guard let head = lines.first, head.count >= 4, head[0] == "T" else {
            throw Corrupt(description: "type section does not start with a T record")
        }
        let typeName = String(head[1])
        let origin: ResourceTypeFacts.Origin
        switch head[2] {
        case "registry": origin = .registry
        case "supplement": origin = .supplement(source: String(head[3]))
        default: throw Corrupt(description: "\(typeName): unknown origin \(head[2])")
        }
        var handlers: [HandlerPhase: [String]] = [:]
        var properties: [String] = [], primary: [String] = [], createOnly: [String] = []
        var tagging: TaggingFacts?
        for f in lines.dropFirst() {
            switch f[0] {
            case "H":
                guard f.count >= 3, let phase = HandlerPhase(rawValue: String(f[1])) else {
                    throw Corrupt(description: "\(typeName): bad handler record")
                }
                handlers[phase] = CatalogFormat.list(f[2])
            case "P": properties = CatalogFormat.list(CatalogFormat.field(f, 1))
            case "I": primary = CatalogFormat.list(CatalogFormat.field(f, 1))
            case "C": createOnly = CatalogFormat.list(CatalogFormat.field(f, 1))
            case "G":
                guard f.count >= 6 else { throw Corrupt(description: "\(typeName): bad tagging record") }
                func tri(_ s: Substring) -> Bool? { s == "-" ? nil : s == "1" }
                tagging = TaggingFacts(taggable: f[1] == "1", tagOnCreate: tri(f[2]), tagUpdatable: tri(f[3]),
                                       tagProperty: f[4].isEmpty ? nil : String(f[4]),
                                       permissions: CatalogFormat.list(f[5]),
                                       cloudFormationSystemTags: f.count >= 7 ? tri(f[6]) : nil)
            default:
                continue  // unknown record kinds are ignored so newer data stays readable
            }
        }
        return ResourceTypeFacts(typeName: typeName, handlers: handlers, createOnlyProperties: createOnly,
                                 primaryIdentifier: primary, properties: properties, origin: origin,
                                 tagging: tagging)
    }

    static func service(_ lines: [[Substring]]) throws -> IAMServiceFacts {
        guard let head = lines.first, head.count >= 4, head[0] == "S" else {
            throw Corrupt(description: "service section does not start with an S record")
        }
        let prefix = String(head[1])
        var actions: [IAMActionFacts] = []
        var resources: [IAMResourceTypeFacts] = []
        var keys: [(key: String, type: String)] = []
        // The action being read: its resource types follow it as `r` records.
        var pending: (name: String, level: AccessLevel, keys: [String], dependent: [String])?
        var pendingTypes: [IAMActionResourceType] = []
        func flush() {
            if let p = pending {
                actions.append(IAMActionFacts(service: prefix, name: p.name, accessLevel: p.level,
                                              resourceTypes: pendingTypes, conditionKeys: p.keys,
                                              dependentActions: p.dependent))
            }
            pending = nil
            pendingTypes = []
        }
        for f in lines.dropFirst() {
            switch f[0] {
            case "A":
                flush()
                guard f.count >= 5, let level = AccessLevel(rawValue: String(f[2])) else {
                    throw Corrupt(description: "\(prefix): bad action record \(f.joined(separator: "|"))")
                }
                pending = (String(f[1]), level, CatalogFormat.list(f[3]), CatalogFormat.list(f[4]))
            case "r":
                guard pending != nil, f.count >= 4 else {
                    throw Corrupt(description: "\(prefix): resource type record outside an action")
                }
                pendingTypes.append(IAMActionResourceType(name: String(f[1]), required: f[2] == "1",
                                                          conditionKeys: CatalogFormat.list(f[3])))
            case "R":
                flush()
                guard f.count >= 4 else { throw Corrupt(description: "\(prefix): bad resource record") }
                resources.append(IAMResourceTypeFacts(service: prefix, name: String(f[1]), arnFormat: String(f[2]),
                                                      conditionKeys: CatalogFormat.list(f[3])))
            case "K":
                flush()
                guard f.count >= 3 else { throw Corrupt(description: "\(prefix): bad condition key record") }
                keys.append((String(f[1]), String(f[2])))
            default:
                continue
            }
        }
        flush()
        return IAMServiceFacts(prefix: prefix, name: String(head[2]), referenceURL: String(head[3]),
                               actions: actions, resourceTypes: resources, conditionKeys: keys)
    }

    static func manifest(_ text: String) throws -> CatalogInfo {
        var lines = text.split(separator: "\n")[...]
        guard let first = lines.popFirst(),
              first.split(separator: "\t", omittingEmptySubsequences: false).prefix(2)
                == ["#deployrole-catalog", "manifest"] else {
            throw Corrupt(description: "manifest.tsv: not a deployrole catalog manifest")
        }
        let version = first.split(separator: "\t").last.map(String.init) ?? "?"
        var sources: [CatalogInfo.Source] = []
        var counts: [String: Int] = [:]
        var order: [String] = []
        for line in lines {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            if f.first == "source", f.count >= 5 {
                let published = f.count >= 6 && f[5] != "-" ? String(f[5]) : nil
                sources.append(.init(name: String(f[1]), version: String(f[2]), sha256: String(f[3]),
                                     file: String(f[4]), published: published))
            } else if f.first == "count", f.count >= 3, let n = Int(f[2]) {
                counts[String(f[1])] = n
                order.append(String(f[1]))
            }
        }
        return CatalogInfo(formatVersion: version, sources: sources,
                           resourceTypes: counts["cfn-types"] ?? 0,
                           resourceTypesWithHandlers: counts["cfn-types-with-handlers"] ?? 0,
                           supplementTypes: counts["supplement-types"] ?? 0,
                           supplementEntries: counts["supplement-entries"] ?? 0,
                           iamServices: counts["iam-services"] ?? 0, iamActions: counts["iam-actions"] ?? 0,
                           correctedActions: counts["corrected-actions"] ?? 0,
                           droppedActions: counts["dropped-actions"] ?? 0,
                           importFigures: order.filter { !CatalogInfo.namedCounts.contains($0) }
                               .map { CatalogInfo.Figure(name: $0, value: counts[$0] ?? 0) })
    }

    static func lint(_ text: String) -> [CatalogLintFinding] {
        var findings: [CatalogLintFinding] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 5, let kind = CatalogLintFinding.Kind(rawValue: f[0]) else { continue }
            switch kind {
            case .corrected:
                findings.append(.init(kind: kind, typeName: f[1], phase: f[2], original: f[3], corrected: f[4]))
            case .dropped, .shadowed:
                findings.append(.init(kind: kind, typeName: f[1], phase: f[2], original: f[3], reason: f[4]))
            }
        }
        return findings
    }
}
