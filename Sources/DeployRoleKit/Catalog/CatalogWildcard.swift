/// A case-insensitive IAM-style wildcard over catalog names: `*` matches any run of characters, `?` any one.
struct CatalogWildcard: Sendable, Hashable {
    private let pattern: [UInt8]

    /// A pattern as written in a policy, e.g. `s3:Get*`.
    init(_ pattern: String) {
        self.pattern = Array(pattern.lowercased().utf8)
    }

    /// A condition key template (`aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`) with each
    /// `${...}` or `<...>` placeholder turned into `*`.
    init(conditionKeyTemplate template: String) {
        var out = ""
        var skipUntil: Character?
        var previous: Character?
        for c in template {
            if let end = skipUntil {
                if c == end { skipUntil = nil }
            } else if c == "{" && previous == "$" {
                out.removeLast()
                out.append("*")
                skipUntil = "}"
            } else if c == "<" {
                out.append("*")
                skipUntil = ">"
            } else {
                out.append(c)
            }
            previous = c
        }
        self.init(out)
    }

    /// Whether the pattern contains `*` or `?`.
    var hasWildcard: Bool { pattern.contains(UInt8(ascii: "*")) || pattern.contains(UInt8(ascii: "?")) }

    /// Whether `text` matches the whole pattern, ignoring case.
    func matches(_ text: String) -> Bool {
        let text = Array(text.lowercased().utf8)
        let star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        var p = 0, t = 0
        var starP = -1, starT = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == question || pattern[p] == text[t]) {
                p += 1; t += 1
            } else if p < pattern.count && pattern[p] == star {
                starP = p; starT = t; p += 1
            } else if starP >= 0 {
                p = starP + 1; starT += 1; t = starT
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == star { p += 1 }
        return p == pattern.count
    }
}
