/// A product-stack parameter by which grants name an existing resource (a VPC, a subnet, a hosted zone the
/// release is given): the role template takes the same parameter, and the customer gives both stacks the
/// same value.
public struct BoundParameter: Sendable, Hashable, Comparable {
    public var name: String
    /// The product template's type (`AWS::EC2::VPC::Id`, `String`).
    public var type: String
    /// The product template's default.
    public var defaultValue: String?
    /// The longest ID the parameter holds (`existing-resource-ids.tsv`): it bounds the policy size.
    public var maximumLength: Int

    public init(name: String, type: String, defaultValue: String?, maximumLength: Int) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.maximumLength = maximumLength
    }

    public static func < (lhs: BoundParameter, rhs: BoundParameter) -> Bool { lhs.name < rhs.name }

    /// The parameters of `lengths` as `template` declares them.
    static func parameters(_ lengths: [String: Int], declaredBy template: Template) -> [BoundParameter] {
        lengths.compactMap { name, length in
            template.parameters[name].map {
                BoundParameter(name: name, type: $0.type, defaultValue: $0.defaultValue, maximumLength: length)
            }
        }.sorted()
    }

    /// One entry per name: the first list's where several declare it, the longest ID of all.
    static func union(_ lists: [[BoundParameter]]) -> [BoundParameter] {
        var byName: [String: BoundParameter] = [:]
        for parameter in lists.joined() {
            if var known = byName[parameter.name] {
                known.maximumLength = max(known.maximumLength, parameter.maximumLength)
                byName[parameter.name] = known
            } else {
                byName[parameter.name] = parameter
            }
        }
        return byName.values.sorted()
    }
}
