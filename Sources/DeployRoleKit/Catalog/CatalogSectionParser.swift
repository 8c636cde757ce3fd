import Foundation

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

    /// A service section's head, condition keys and where each action and resource type stands: those are
    /// decoded one at a time on first use (``IAMServiceSection``).
    /// - Parameter file: how errors name the file the section is of.
    static func service(_ records: [CatalogRecord], bytes: Data, file: String) throws -> IAMServiceFacts {
        guard let head = records.first, head.count >= 4, head.tag == UInt8(ascii: "S") else {
            throw Corrupt(description: "service section does not start with an S record")
        }
        let prefix = head.string(1)
        var actions: [(name: String, extent: Range<Int>)] = []
        var resources: [(name: String, extent: Range<Int>)] = []
        var keys: [(key: String, type: String)] = []
        var inAction = false  // whether `r` records may follow: they belong to the last action
        for f in records.dropFirst() {
            switch f.tag {
            case UInt8(ascii: "A"):
                guard f.count >= 5 else { throw Corrupt(description: "\(prefix): bad action record \(f.description)") }
                actions.append((f.string(1), f.extent))
                inAction = true
            case UInt8(ascii: "r"):
                guard inAction, let last = actions.indices.last else {
                    throw Corrupt(description: "\(prefix): resource type record outside an action")
                }
                actions[last].extent = actions[last].extent.lowerBound..<f.extent.upperBound
            case UInt8(ascii: "R"):
                guard f.count >= 4 else { throw Corrupt(description: "\(prefix): bad resource record") }
                resources.append((f.string(1), f.extent))
                inAction = false
            case UInt8(ascii: "K"):
                guard f.count >= 3 else { throw Corrupt(description: "\(prefix): bad condition key record") }
                keys.append((f.string(1), f.string(2)))
                inAction = false
            default:
                continue
            }
        }
        return IAMServiceFacts(prefix: prefix, name: head.string(2), referenceURL: head.string(3), conditionKeys: keys,
                               section: IAMServiceSection(prefix: prefix, file: file, bytes: bytes, actions: actions,
                                                          resourceTypes: resources))
    }

    /// One action: its `A` record and the `r` records of its resource types.
    static func action(_ records: [CatalogRecord], service prefix: String) throws -> IAMActionFacts {
        guard let head = records.first, head.tag == UInt8(ascii: "A"), head.count >= 5,
              let level = AccessLevel(rawValue: head.string(2)) else {
            throw Corrupt(description: "\(prefix): bad action record \(records.first?.description ?? "")")
        }
        var types: [IAMActionResourceType] = []
        for f in records.dropFirst() where f.tag == UInt8(ascii: "r") {  // other kinds: newer data, ignored
            guard f.count >= 4 else { throw Corrupt(description: "\(prefix): bad resource type record \(f.description)") }
            types.append(IAMActionResourceType(name: f.string(1), required: f.field(2, is: "1"), conditionKeys: f.list(3)))
        }
        return IAMActionFacts(service: prefix, name: head.string(1), accessLevel: level, resourceTypes: types,
                              conditionKeys: head.list(3), dependentActions: head.list(4))
    }

    /// One resource type: its `R` record.
    static func resourceType(_ records: [CatalogRecord], service prefix: String) throws -> IAMResourceTypeFacts {
        guard records.count == 1, let f = records.first, f.tag == UInt8(ascii: "R"), f.count >= 4 else {
            throw Corrupt(description: "\(prefix): bad resource record")
        }
        return IAMResourceTypeFacts(service: prefix, name: f.string(1), arnFormat: f.string(2), conditionKeys: f.list(3))
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
