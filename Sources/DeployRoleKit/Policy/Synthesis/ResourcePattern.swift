/// A resource ARN (or pattern) in a grant, whose partition, region, account and product stack name may be
/// left for the role template to fill in.
///
/// One pattern renders two ways: as `Fn::Sub` text in the role template (`${AWS::Partition}`,
/// `${ProductStackName}`), and as a concrete ARN for plain policy JSON.
public struct ResourcePattern: Hashable, Sendable, Comparable {
    public var parts: [TextPart]

    public init(_ parts: [TextPart]) {
        self.parts = parts
    }

    /// Every resource.
    public static let any = ResourcePattern([.literal("*")])

    public var isAny: Bool { parts == [.literal("*")] }

    /// The pattern with each deploy-time part replaced by `substitute` (or left out when it returns nil).
    public func rendered(_ substitute: (Symbol) -> String) -> String {
        parts.map { part in
            switch part {
            case .literal(let text): return text
            case .symbol(let symbol): return substitute(symbol)
            }
        }.joined()
    }

    /// A sort key independent of the concrete values.
    var sortKey: String { rendered { "${\($0)}" } }

    public static func < (lhs: ResourcePattern, rhs: ResourcePattern) -> Bool { lhs.sortKey < rhs.sortKey }
}
