import OrderedCollections

/// The existing resources (outside the stack) a resource's properties name by ID, per IAM resource type
/// (`existing-resource-ids.tsv`): a product-stack parameter of an AWS-specific type (`AWS::EC2::VPC::Id`),
/// a parameter or literal standing as the alternative of a `Ref` to a stack resource whose `Ref` is such an
/// ID (`VpcId: !If [NewVpc, !Ref Vpc, !Ref VpcId]`), or a literal ID of the service's shape (`vpc-0a1b2c3d`).
///
/// A grant then names the resource itself (`...:vpc/${VpcId}`), and the role template takes the same
/// parameter. Parameters count only in the root stack (a nested stack's parameter is given by its parent),
/// never a list, an SSM parameter type, or one named like the role template's own parameters.
struct ExistingResourceIds: Sendable {
    /// The ID of one existing resource.
    enum Identifier: Hashable, Sendable {
        /// A parameter of the product stack.
        case parameter(String)
        case literal(String)

        /// The ID as a part of an ARN pattern.
        var part: TextPart {
            switch self {
            case .parameter(let name): return .symbol(.parameter(name))
            case .literal(let text): return .literal(text)
            }
        }
    }

    /// What a resource's properties name: per ARN format shape (``ArnFormat/shape``), the IDs; and whether
    /// other values from outside the stack remain that name resources of unknown types.
    struct Found: Sendable {
        var identifiers: [String: [Identifier]] = [:]
        var hasUnidentifiedExternalValues = false
        /// The parameters among those other values (a list, an SSM parameter type, a String nothing says is
        /// an ID, a nested stack's), sorted.
        var unboundParameters: [String] = []
    }

    /// One row with its ARN format from the catalog.
    struct Kind: Sendable {
        let row: RuleData.ExistingResourceId
        let format: ArnFormat
    }

    let kinds: [Kind]
    private let byParameterType: [String: Int]
    private let byReferencedType: [String: [Int]]
    private let byIdPrefix: [(prefix: String, kind: Int)]
    /// The parameters the role template declares itself.
    static let reservedParameters: Set<String> = [
        RoleTemplateBuilder.stackNameParameter, RoleTemplateBuilder.lowercasedStackNameParameter,
        RoleTemplateBuilder.principalsParameter, RoleTemplateBuilder.boundaryParameter,
    ]

    init(data: RuleData, catalog: Catalog) {
        var kinds: [Kind] = []
        for row in data.existingResourceIds {
            let parts = row.iamResourceType.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let type = catalog.iamResourceType(service: parts[0], name: parts[1]),
                  type.format.idPlaceholder != nil else { continue }
            kinds.append(Kind(row: row, format: type.format))
        }
        self.kinds = kinds
        var byParameterType: [String: Int] = [:]
        var byReferencedType: [String: [Int]] = [:]
        var byIdPrefix: [(String, Int)] = []
        for (index, kind) in kinds.enumerated() {
            if let type = kind.row.parameterType { byParameterType[type] = index }
            for referenced in kind.row.referencedTypes { byReferencedType[referenced, default: []].append(index) }
            if let prefix = kind.row.idPrefix { byIdPrefix.append((prefix, index)) }
        }
        self.byParameterType = byParameterType
        self.byReferencedType = byReferencedType
        self.byIdPrefix = byIdPrefix
    }

    /// The kind whose ARN format has `shape`.
    func kind(shape: String) -> Kind? {
        kinds.first { $0.format.shape == shape }
    }

    /// The existing resources `properties` name, outside data properties.
    /// - Parameters:
    ///   - parameters: the root stack's parameters; nil in a nested stack.
    ///   - resourcesById: the stack's resources, to know the type a `Ref` alternative is of.
    func find(in properties: Value?, parameters: OrderedDictionary<String, TemplateParameter>?, resourcesById: [String: EvaluatedResource],
              dataProperties: Set<String>) -> Found {
        var found = Found()
        guard let properties else { return found }
        var walker = Walker(ids: self, parameters: parameters, resourcesById: resourcesById, dataProperties: dataProperties)
        walker.visit(properties)
        for (kind, identifiers) in walker.identified {
            found.identifiers[kinds[kind].format.shape] = identifiers
        }
        found.hasUnidentifiedExternalValues = walker.unidentified
        found.unboundParameters = walker.unboundParameters.sorted()
        return found
    }

    /// The kind of a literal ID by its prefix and shape (`vpc-0a1b2c3d`).
    fileprivate func kind(ofLiteral text: String) -> Int? {
        guard ResourceScoper.isLiteralResourceID(text) else { return nil }
        return byIdPrefix.first { text.hasPrefix($0.prefix) && text.dropFirst($0.prefix.count).allSatisfy(\.isHexDigit) }?.kind
    }

    fileprivate func kind(ofParameterType type: String) -> Int? { byParameterType[type] }

    fileprivate func kinds(referencedBy type: String) -> [Int] { byReferencedType[type] ?? [] }

    /// Whether a parameter may bind a grant: declared by the root stack, a single value, not read from SSM,
    /// not one of the role template's own.
    fileprivate static func isBindable(_ parameter: TemplateParameter?) -> Bool {
        guard let parameter, !reservedParameters.contains(parameter.name) else { return false }
        return !parameter.isList && !parameter.isSSMParameterType
    }
}

/// Walks a value, collecting identified IDs in order and noting any other value from outside the stack.
private struct Walker {
    let ids: ExistingResourceIds
    let parameters: OrderedDictionary<String, TemplateParameter>?
    let resourcesById: [String: EvaluatedResource]
    let dataProperties: Set<String>
    var identified: [Int: [ExistingResourceIds.Identifier]] = [:]
    var unidentified = false
    var unboundParameters: Set<String> = []

    mutating func visit(_ value: Value) {
        switch value {
        case .map(let map):
            for (key, item) in map {
                if dataProperties.contains(key) {
                    // Data never names a resource the handler acts on, but it may still be one outside the stack.
                    if ResourceScoper.mayNameOutsideResources(item) { unidentified = true }
                } else {
                    visit(item)
                }
            }
        case .list(let items):
            for item in items { visit(item) }
        case .either(let options):
            let kinds = Set(options.flatMap { option -> [Int] in
                guard case .symbol(.resourceReference(let id)) = option, let type = resourcesById[id]?.type else { return [] }
                return ids.kinds(referencedBy: type)
            })
            for option in options {
                if kinds.count == 1, let kind = kinds.first, let identifier = alternative(option, kind: kind) {
                    add(identifier, kind)
                } else {
                    visit(option)
                }
            }
        case .symbol(.parameter(let name)):
            if let parameter = parameters?[name], ExistingResourceIds.isBindable(parameter),
               let kind = ids.kind(ofParameterType: parameter.type) {
                add(.parameter(name), kind)
            } else {
                unidentified = true
                unboundParameters.insert(name)
            }
        case .symbol(.importedValue):
            unidentified = true
        case .string(let text):
            if let kind = ids.kind(ofLiteral: text) {
                add(.literal(text), kind)
            } else if text.hasPrefix("arn:") || ResourceScoper.isLiteralResourceID(text) {
                unidentified = true
            }
        case .text(let parts):
            for part in parts {
                switch part {
                case .symbol(.parameter(let name)):
                    unidentified = true
                    unboundParameters.insert(name)
                case .symbol(.importedValue):
                    unidentified = true
                default:
                    break
                }
            }
        default:
            break
        }
    }

    /// The ID an alternative beside a `Ref` of `kind` gives: a bindable parameter (of type String or the
    /// kind's own parameter type) or a literal of the kind's shape (or any single word, for kinds without a
    /// prefix).
    private func alternative(_ option: Value, kind: Int) -> ExistingResourceIds.Identifier? {
        let row = ids.kinds[kind].row
        switch option {
        case .symbol(.parameter(let name)):
            guard let parameter = parameters?[name], ExistingResourceIds.isBindable(parameter),
                  parameter.type == "String" || parameter.type == row.parameterType else { return nil }
            return .parameter(name)
        case .string(let text):
            if let prefix = row.idPrefix {
                return text.hasPrefix(prefix) && ids.kind(ofLiteral: text) == kind ? .literal(text) : nil
            }
            return !text.isEmpty && !text.contains(where: { $0 == "/" || $0 == ":" || $0 == " " || $0 == "*" }) ? .literal(text) : nil
        default:
            return nil
        }
    }

    private mutating func add(_ identifier: ExistingResourceIds.Identifier, _ kind: Int) {
        if identified[kind]?.contains(identifier) != true { identified[kind, default: []].append(identifier) }
    }
}
