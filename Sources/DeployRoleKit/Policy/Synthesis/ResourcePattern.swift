import Foundation

/// A resource ARN (or pattern) in a grant, whose partition, region, account and product stack name may be
/// left for the role template to fill in.
///
/// One pattern renders two ways: as `Fn::Sub` text in the role template (`${AWS::Partition}`,
/// `${ProductStackName}`), and as a concrete ARN for plain policy JSON.
public struct ResourcePattern: Hashable, Sendable, Comparable {
    public let parts: [TextPart]
    /// The pattern with deploy-time parts as opaque tokens, so that comparisons hold whatever values they
    /// take; rendered once, as sorting, covering and hashing all read it.
    let coverageKey: String

    public init(_ parts: [TextPart]) {
        self.parts = parts
        coverageKey = parts.map { part in
            switch part {
            case .literal(let text): return text
            case .symbol(let symbol): return "\u{1}\(symbol)\u{2}"
            }
        }.joined()
    }

    public static func == (lhs: ResourcePattern, rhs: ResourcePattern) -> Bool {
        lhs.coverageKey == rhs.coverageKey && lhs.parts == rhs.parts
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(coverageKey)
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

    /// A sort key independent of the concrete values (the order matches `coverageKey`'s).
    var sortKey: String { coverageKey }

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
            guard case .literal(let text) = part, text.utf8.count > 1 else { return part }
            var collapsed = ""
            collapsed.reserveCapacity(text.utf8.count)
            for character in text where !(character == "*" && collapsed.last == "*") { collapsed.append(character) }
            return .literal(collapsed)
        }
    }


    /// Whether the pattern is `prefix*` with no other wildcard: it then covers every pattern starting with
    /// its prefix.
    var coversPrefix: Bool {
        let star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        guard case .literal(let last)? = parts.last, last.utf8.last == star else { return false }
        // Byte scans: this runs for every pattern of every grant.
        for (index, part) in parts.enumerated() {
            guard case .literal(let text) = part else { continue }
            let bytes = index == parts.count - 1 ? text.utf8.dropLast() : text.utf8[...]
            if bytes.contains(star) || bytes.contains(question) { return false }
        }
        return true
    }

    /// Whether every ARN this pattern can match is also matched by `other`.
    public func isCovered(by other: ResourcePattern) -> Bool {
        if other.isAny || other == self { return true }
        return other.coversPrefix && coverageKey.hasPrefix(String(other.coverageKey.dropLast()))
    }
}
