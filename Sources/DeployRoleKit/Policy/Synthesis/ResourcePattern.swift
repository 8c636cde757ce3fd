import Foundation

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

extension ResourcePattern {
    /// Parts with adjacent literals merged and runs of `*` collapsed.
    static func normalised(_ parts: [TextPart]) -> [TextPart] {
        var result: [TextPart] = []
        for part in parts {
            if case .literal(let text) = part, case .literal(let previous)? = result.last {
                result[result.count - 1] = .literal(previous + text)
            } else if case .literal("") = part {
                continue
            } else {
                result.append(part)
            }
        }
        return result.map { part in
            guard case .literal(var text) = part else { return part }
            while text.contains("**") { text = text.replacingOccurrences(of: "**", with: "*") }
            return .literal(text)
        }
    }

    /// Whether every ARN this pattern can match is also matched by `other`, judged with deploy-time parts
    /// as opaque tokens (so the answer holds whatever values they take).
    public func isCovered(by other: ResourcePattern) -> Bool {
        if other.isAny { return true }
        let token = { (symbol: Symbol) in "\u{1}\(symbol)\u{2}" }
        let mine = rendered(token), theirs = other.rendered(token)
        if mine == theirs { return true }
        // A pattern ending in `*` with no other wildcard covers anything that starts with its literal prefix.
        guard theirs.hasSuffix("*"), !theirs.dropLast().contains("*"), !theirs.contains("?") else { return false }
        return mine.hasPrefix(String(theirs.dropLast()))
    }
}
