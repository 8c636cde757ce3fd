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

    static func resourceType(_ records: [CatalogRecord]) throws -> ResourceTypeFacts {
        guard let head = records.first, head.count >= 4, head.tag == UInt8(ascii: "T") else {
            throw Corrupt(description: "type section does not start with a T record")
        }
        let typeName = head.string(1)
        let origin: ResourceTypeFacts.Origin
        if head.field(2, is: "registry") {
            origin = .registry
        } else if head.field(2, is: "supplement") {
            origin = .supplement(source: head.string(3))
        } else {
            throw Corrupt(description: "\(typeName): unknown origin \(head.string(2))")
        }
        var handlers: [HandlerPhase: [String]] = [:]
        var properties: [String] = [], primary: [String] = [], createOnly: [String] = []
        var tagging: TaggingFacts?
        for f in records.dropFirst() {
            switch f.tag {
            case UInt8(ascii: "H"):
                guard f.count >= 3, let phase = HandlerPhase(rawValue: f.string(1)) else {
                    throw Corrupt(description: "\(typeName): bad handler record")
                }
                handlers[phase] = f.list(2)
            case UInt8(ascii: "P"): properties = f.list(1)
            case UInt8(ascii: "I"): primary = f.list(1)
            case UInt8(ascii: "C"): createOnly = f.list(1)
            case UInt8(ascii: "G"):
                guard f.count >= 6 else { throw Corrupt(description: "\(typeName): bad tagging record") }
                func tri(_ i: Int) -> Bool? { f.field(i, is: "-") ? nil : f.field(i, is: "1") }
                tagging = TaggingFacts(taggable: f.field(1, is: "1"), tagOnCreate: tri(2), tagUpdatable: tri(3),
                                       tagProperty: f.isEmpty(4) ? nil : f.string(4),
                                       permissions: f.list(5),
                                       cloudFormationSystemTags: f.count >= 7 ? tri(6) : nil)
            default:
                continue  // unknown record kinds are ignored so newer data stays readable
            }
        }
        return ResourceTypeFacts(typeName: typeName, handlers: handlers, createOnlyProperties: createOnly,
                                 primaryIdentifier: primary, properties: properties, origin: origin,
                                 tagging: tagging)
    }

    static func service(_ records: [CatalogRecord]) throws -> IAMServiceFacts {
        guard let head = records.first, head.count >= 4, head.tag == UInt8(ascii: "S") else {
            throw Corrupt(description: "service section does not start with an S record")
        }
        let prefix = head.string(1)
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
        for f in records.dropFirst() {
            switch f.tag {
            case UInt8(ascii: "A"):
                flush()
                guard f.count >= 5, let level = AccessLevel(rawValue: f.string(2)) else {
                    throw Corrupt(description: "\(prefix): bad action record \(f.description)")
                }
                pending = (f.string(1), level, f.list(3), f.list(4))
            case UInt8(ascii: "r"):
                guard pending != nil, f.count >= 4 else {
                    throw Corrupt(description: "\(prefix): resource type record outside an action")
                }
                pendingTypes.append(IAMActionResourceType(name: f.string(1), required: f.field(2, is: "1"),
                                                          conditionKeys: f.list(3)))
            case UInt8(ascii: "R"):
                flush()
                guard f.count >= 4 else { throw Corrupt(description: "\(prefix): bad resource record") }
                resources.append(IAMResourceTypeFacts(service: prefix, name: f.string(1), arnFormat: f.string(2),
                                                      conditionKeys: f.list(3)))
            case UInt8(ascii: "K"):
                flush()
                guard f.count >= 3 else { throw Corrupt(description: "\(prefix): bad condition key record") }
                keys.append((f.string(1), f.string(2)))
            default:
                continue
            }
        }
        flush()
        return IAMServiceFacts(prefix: prefix, name: head.string(2), referenceURL: head.string(3),
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

    static func lint(_ records: [CatalogRecord]) -> [CatalogLintFinding] {
        var findings: [CatalogLintFinding] = []
        for record in records where !record.isComment {
            guard record.count >= 5, let kind = CatalogLintFinding.Kind(rawValue: record.string(0)) else { continue }
            let f = record.strings
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
