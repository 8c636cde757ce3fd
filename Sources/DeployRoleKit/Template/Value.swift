import OrderedCollections

/// A value known only when the stack is deployed, kept symbolic so that it can be rendered later
/// (as a role template parameter, a pseudo parameter, or a wildcard).
public enum Symbol: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A pseudo parameter such as `AWS::StackName`.
    case pseudo(PseudoParameter)
    /// A template parameter with no value and no default.
    case parameter(String)
    /// `Ref` to a resource: its physical ID, generated or named at deploy time.
    case resourceReference(logicalId: String)
    /// `Fn::GetAtt` of a resource.
    case attribute(logicalId: String, name: String)
    /// `Fn::ImportValue` of an export.
    case importedValue(String)
    /// Any other value computed at deploy time, described for the reader.
    case deployTime(String)
    /// The product stack's name in lower case, as the services that lower-case the names CloudFormation
    /// generates store them (S3 buckets, RDS instances): a parameter of the role template, not a value of
    /// the release template.
    case lowercasedStackName

    public var description: String {
        switch self {
        case .pseudo(let pseudo): return pseudo.rawValue
        case .parameter(let name): return name
        case .resourceReference(let logicalId): return logicalId
        case .attribute(let logicalId, let name): return "\(logicalId).\(name)"
        case .importedValue(let name): return "ImportValue(\(name))"
        case .deployTime(let what): return what
        case .lowercasedStackName: return "lower(AWS::StackName)"
        }
    }
}

/// The pseudo parameters CloudFormation defines.
public enum PseudoParameter: String, Hashable, Sendable, CaseIterable, Comparable {
    case accountId = "AWS::AccountId"
    case notificationARNs = "AWS::NotificationARNs"
    case partition = "AWS::Partition"
    case region = "AWS::Region"
    case stackId = "AWS::StackId"
    case stackName = "AWS::StackName"
    case urlSuffix = "AWS::URLSuffix"

    public static func < (lhs: PseudoParameter, rhs: PseudoParameter) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One piece of a string that mixes literal text and deploy-time values (the result of `Fn::Sub` or `Fn::Join`).
public enum TextPart: Hashable, Sendable {
    case literal(String)
    case symbol(Symbol)
}

/// A template value after intrinsic functions are resolved as far as the known inputs allow.
public indirect enum Value: Hashable, Sendable {
    case string(String)
    /// A number kept as written.
    case number(String)
    case bool(Bool)
    case null
    case list([Value])
    case map(OrderedDictionary<String, Value>)
    /// A value known only at deploy time.
    case symbol(Symbol)
    /// A string made of literal text and deploy-time values.
    case text([TextPart])
    /// One of several values, chosen by a condition that cannot be decided before deployment.
    case either([Value])

    /// The text of a concrete scalar.
    public var concreteString: String? {
        switch self {
        case .string(let text), .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    /// Whether the value contains nothing symbolic or undecided.
    public var isConcrete: Bool {
        switch self {
        case .string, .number, .bool, .null: return true
        case .list(let items): return items.allSatisfy(\.isConcrete)
        case .map(let map): return map.values.allSatisfy(\.isConcrete)
        case .symbol, .text, .either: return false
        }
    }

    public subscript(key: String) -> Value? {
        if case .map(let map) = self { return map[key] }
        return nil
    }

    /// The entries of a map value.
    public var mapValue: [String: Value]? {
        if case .map(let map) = self { return Dictionary(uniqueKeysWithValues: map.map { ($0.key, $0.value) }) }
        return nil
    }

    public var listValue: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }

    /// The value as string parts (literal and symbolic), when it is a string-like scalar.
    public var textParts: [TextPart]? {
        switch self {
        case .string(let text), .number(let text): return [.literal(text)]
        case .bool(let flag): return [.literal(flag ? "true" : "false")]
        case .symbol(let symbol): return [.symbol(symbol)]
        case .text(let parts): return parts
        default: return nil
        }
    }

    /// Builds the simplest value for a sequence of parts: a plain string when every part is literal.
    public static func joining(_ parts: [TextPart]) -> Value {
        var merged: [TextPart] = []
        for part in parts {
            if case .literal(let next) = part, case .literal(let previous)? = merged.last {
                merged[merged.count - 1] = .literal(previous + next)
            } else if case .literal("") = part {
                continue
            } else {
                merged.append(part)
            }
        }
        if merged.isEmpty { return .string("") }
        if merged.count == 1 {
            switch merged[0] {
            case .literal(let text): return .string(text)
            case .symbol(let symbol): return .symbol(symbol)
            }
        }
        return .text(merged)
    }

    /// Every alternative this value may take, expanding `either` choices at any depth (bounded).
    public func alternatives(limit: Int = 64) -> [Value] {
        switch self {
        case .either(let options):
            var result: [Value] = []
            for option in options {
                for alternative in option.alternatives(limit: limit) where result.count < limit {
                    result.append(alternative)
                }
            }
            return result
        default:
            return [self]
        }
    }

    /// Calls `visit` for this value and every value below it, including every branch of `either`.
    public func forEachValue(_ visit: (Value) -> Void) {
        visit(self)
        switch self {
        case .list(let items), .either(let items): for item in items { item.forEachValue(visit) }
        case .map(let map): for value in map.values { value.forEachValue(visit) }
        default: break
        }
    }

    /// Every deploy-time value inside this value except under the map keys given (at any depth).
    public func symbols(outside keys: Set<String>) -> [Symbol] {
        switch self {
        case .symbol(let symbol): return [symbol]
        case .text(let parts): return parts.compactMap { if case .symbol(let symbol) = $0 { return symbol } else { return nil } }
        case .list(let items), .either(let items): return items.flatMap { $0.symbols(outside: keys) }
        case .map(let map): return map.filter { !keys.contains($0.key) }.values.flatMap { $0.symbols(outside: keys) }
        default: return []
        }
    }

    /// Every deploy-time value inside this value (in `either` branches and `Fn::Sub` text too).
    public var symbols: [Symbol] {
        var found: [Symbol] = []
        forEachValue { item in
            switch item {
            case .symbol(let symbol): found.append(symbol)
            case .text(let parts):
                for case .symbol(let symbol) in parts { found.append(symbol) }
            default: break
            }
        }
        return found
    }

    /// A readable rendering: literal text, with `${...}` around deploy-time parts.
    public var displayText: String {
        switch self {
        case .string(let text), .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .symbol(let symbol): return "${\(symbol)}"
        case .text(let parts):
            return parts.map { part in
                switch part {
                case .literal(let text): return text
                case .symbol(let symbol): return "${\(symbol)}"
                }
            }.joined()
        case .list(let items): return "[" + items.map(\.displayText).joined(separator: ", ") + "]"
        case .map(let map): return "{" + map.map { "\($0.key): \($0.value.displayText)" }.joined(separator: ", ") + "}"
        case .either(let options): return options.map(\.displayText).joined(separator: " | ")
        }
    }
}
