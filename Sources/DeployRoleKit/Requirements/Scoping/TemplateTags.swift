/// The tags a template sets on a resource, read from the property its type's schema names for tags
/// (`Tags`, `HostedZoneTags`): a list of `Key`/`Value` maps, or a map of keys to values (Batch, SSM).
///
/// A tag whose value is the stack's own name (`codeocean:deployment: !Ref AWS::StackName`) binds grants
/// on the resource to the stack the way CloudFormation's system tags do, for types that carry no system
/// tags (see ``StackTagBinding``).
public struct TemplateTags: Sendable, Hashable {
    /// One tag: its key (always literal) and its value as the template gives it.
    public struct Tag: Sendable, Hashable {
        public let key: String
        public let value: Value
    }

    /// In the order the template lists them; tags with a key that is not literal, or set only under a
    /// condition, are left out.
    public let tags: [Tag]
    /// Every literal key the template may set, under any condition, sorted.
    public let possibleKeys: [String]

    /// The tags of `resource`, empty when its type is not taggable or the template sets none.
    public init(of resource: EvaluatedResource, catalog: Catalog) {
        guard let tagging = catalog.resourceType(resource.type)?.tagging, tagging.taggable,
              let value = resource.properties?[Self.propertyName(tagging.tagProperty)] else {
            tags = []
            possibleKeys = []
            return
        }
        tags = Self.tags(in: value)
        var keys: Set<String> = []
        value.forEachValue { item in
            if let key = item["Key"]?.concreteString { keys.insert(key) }
        }
        if case .map(let map) = value { keys.formUnion(map.keys) }
        possibleKeys = keys.sorted()
    }

    /// The tags whose every alternative value contains the stack's name, with their values as patterns
    /// (`pattern`: the scoper's rendering of a name, the stack's name as its parts and any other deploy-time
    /// part as `*`). Sorted by key.
    func stackNameTags(pattern: (Value) -> [TextPart]) -> [(key: String, values: [[TextPart]])] {
        var found: [(key: String, values: [[TextPart]])] = []
        for tag in tags where !tag.key.hasPrefix("aws:") && !found.contains(where: { $0.key == tag.key }) {
            let alternatives = tag.value.alternatives()
            guard !alternatives.isEmpty, alternatives.allSatisfy({ $0.textParts?.contains(.symbol(.pseudo(.stackName))) == true })
            else { continue }
            found.append((tag.key, alternatives.map(pattern)))
        }
        return found.sorted { $0.key < $1.key }
    }

    /// `Tags` from a schema's `tagProperty` (`/properties/Tags`, or a bare name).
    static func propertyName(_ tagProperty: String?) -> String {
        guard let tagProperty else { return "Tags" }
        return tagProperty.split(separator: "/").last.map(String.init) ?? tagProperty
    }

    private static func tags(in value: Value) -> [Tag] {
        switch value {
        case .list(let items):
            return items.compactMap { item in
                guard let key = item["Key"]?.concreteString, let tagValue = item["Value"] else { return nil }
                return Tag(key: key, value: tagValue)
            }
        case .map(let map):
            return map.map { Tag(key: $0.key, value: $0.value) }
        default:
            return []
        }
    }
}
