/// An ARN format from the IAM reference (`arn:${Partition}:s3:::${BucketName}`), to build patterns and to
/// recognise literal ARNs of its resource type. Immutable and shared: its IAM resource type holds the one
/// instance that every grant and request of the type reads.
final class ArnFormat: Hashable, Sendable {
    enum Segment: Hashable, Sendable {
        case literal(String)
        case placeholder(String)
    }

    /// The format as the IAM reference writes it: everything else is derived from it, so it alone is
    /// compared and hashed.
    let text: String
    let segments: [Segment]
    /// The format with its placeholders erased, to compare IAM types across services (`ssm`'s `iam-role`
    /// is `iam`'s `role`).
    let shape: String
    /// The normalised words just before each placeholder (`securitygroup` for `...:security-group/${Id}`),
    /// to recognise a CloudFormation type's own IAM type by name.
    let placeholderWords: Set<String>
    /// The service of the ARN (`ec2` in `arn:${Partition}:ec2:...`, also for `ssm`'s `instance` type).
    let service: String
    /// Every resource of the type in the account and region (``pattern(namePlaceholder:name:)`` without a
    /// name), built once per format.
    let accountWidePattern: ResourcePattern
    /// Every resource of the format's service in the account and region (``ResourceScoper/serviceWide(_:)``).
    let serviceWidePattern: ResourcePattern
    /// ``accountWidePattern`` with its pseudo parameters as `*`, to match literal ARNs against.
    private let literalGlob: String

    static func == (lhs: ArnFormat, rhs: ArnFormat) -> Bool { lhs === rhs || lhs.text == rhs.text }

    func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// Lower-cased ASCII letters and digits only (`Security-Group` → `securitygroup`).
    static func normalised<S: StringProtocol>(_ text: S) -> String {
        String(decoding: text.utf8.compactMap { byte -> UInt8? in
            switch byte {
            case 65...90: return byte + 32
            case 97...122, 48...57: return byte
            default: return nil
            }
        }, as: UTF8.self)
    }

    init(_ format: String) {
        var segments: [Segment] = []
        let bytes = Array(format.utf8)
        var literalStart = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{"),
               let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}")) {
                if index > literalStart { segments.append(.literal(String(decoding: bytes[literalStart..<index], as: UTF8.self))) }
                segments.append(.placeholder(String(decoding: bytes[(index + 2)..<close], as: UTF8.self)))
                index = close + 1
                literalStart = index
            } else {
                index += 1
            }
        }
        if literalStart < bytes.count { segments.append(.literal(String(decoding: bytes[literalStart...], as: UTF8.self))) }
        text = format
        self.segments = segments
        var words: Set<String> = []
        for (index, segment) in segments.enumerated() {
            guard case .placeholder = segment, index > 0, case .literal(let text) = segments[index - 1],
                  let word = text.split(whereSeparator: { $0 == "/" || $0 == ":" }).last else { continue }
            words.insert(Self.normalised(word))
        }
        placeholderWords = words
        service = format.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).dropFirst(2).first.map(String.init) ?? ""
        shape = segments.map { segment in
            if case .literal(let text) = segment { return text }
            return "*"
        }.joined()
        accountWidePattern = Self.pattern(of: segments, namePlaceholder: nil, name: nil)
        serviceWidePattern = ResourceScoper.serviceWide(accountWidePattern)
        literalGlob = accountWidePattern.rendered { _ in "*" }
    }

    /// The pattern with partition, region and account left to the deployment, `name` (if given) in place of
    /// `namePlaceholder`, and every other placeholder a wildcard.
    func pattern(namePlaceholder: String? = nil, name: [TextPart]? = nil) -> ResourcePattern {
        guard let name, let namePlaceholder else { return accountWidePattern }
        return Self.pattern(of: segments, namePlaceholder: namePlaceholder, name: name)
    }

    private static func pattern(of segments: [Segment], namePlaceholder: String?, name: [TextPart]?) -> ResourcePattern {
        var parts: [TextPart] = []
        for segment in segments {
            switch segment {
            case .literal(let text): parts.append(.literal(text))
            case .placeholder("Partition"): parts.append(.symbol(.pseudo(.partition)))
            case .placeholder("Region"): parts.append(.symbol(.pseudo(.region)))
            case .placeholder("Account"): parts.append(.symbol(.pseudo(.accountId)))
            case .placeholder(let placeholder):
                if placeholder == namePlaceholder, let name {
                    parts.append(contentsOf: name)
                } else {
                    parts.append(.literal("*"))
                }
            }
        }
        return ResourcePattern(ResourcePattern.normalised(parts))
    }

    /// The one placeholder other than partition, region and account (`VpcId` in `...:vpc/${VpcId}`), when the
    /// format has exactly one.
    var idPlaceholder: String? {
        let names = segments.compactMap { segment -> String? in
            guard case .placeholder(let name) = segment, !["Partition", "Region", "Account"].contains(name) else { return nil }
            return name
        }
        return names.count == 1 ? names[0] : nil
    }

    /// The literal text just before `placeholder` back to the last `:` or `/` separator (`alias/` in
    /// `...:alias/${Alias}`), which a name value may already contain.
    func prefix(before placeholder: String) -> String {
        guard let index = segments.firstIndex(of: .placeholder(placeholder)), index > 0,
              case .literal(let text) = segments[index - 1] else { return "" }
        guard let separator = text.dropLast().lastIndex(where: { $0 == ":" }) else { return "" }
        return String(text[text.index(after: separator)...])
    }

    /// Whether a literal ARN has this format's shape (service and resource part), ignoring the values.
    func matches(literalArn arn: String) -> Bool {
        WildcardMatcher.matches(pattern: literalGlob, value: arn)
    }
}

/// Glob matching with `*` (any run) and `?` (one character), case-sensitive, as IAM matches ARNs.
enum WildcardMatcher {
    static func matches(pattern: String, value: String) -> Bool {
        let pattern = Array(pattern.unicodeScalars), value = Array(value.unicodeScalars)
        var p = 0, v = 0, star = -1, mark = 0
        while v < value.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == value[v] {
                p += 1; v += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; mark = v; p += 1
            } else if star >= 0 {
                p = star + 1; mark += 1; v = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
