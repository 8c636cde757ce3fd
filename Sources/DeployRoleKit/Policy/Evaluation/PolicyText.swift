/// Text from a policy (a resource pattern or a condition value) that may contain policy variables.
///
/// Variables are `${key}` or `${key, 'default'}`, resolved from the request context (keys are
/// case-insensitive; a key with several values cannot be substituted). `${*}`, `${?}` and `${$}` stand for
/// the literal characters. Substituted text is always literal: it never acts as a wildcard.
struct PolicyText: Hashable, Sendable {
    enum Part: Hashable, Sendable {
        case text(String)
        case variable(lowercasedKey: String, defaultValue: String?)
        /// `${*}`, `${?}` or `${$}`: the character itself, never a wildcard.
        case literalCharacter(String)
    }

    let parts: [Part]
    let hasVariables: Bool

    /// Splits `text` into parts; when `variablesEnabled` is false (policy version 2008-10-17) the text is
    /// taken as is.
    init(_ text: String, variablesEnabled: Bool) {
        guard variablesEnabled, text.contains(utf8: "${") else {
            parts = [.text(text)]
            hasVariables = false
            return
        }
        var parts: [Part] = []
        var rest = Substring(text)
        while let start = rest.firstRange(ofUTF8: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
            if start.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<start.lowerBound]))) }
            parts.append(PolicyText.variablePart(rest[start.upperBound..<end]))
            rest = rest[rest.index(after: end)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
        hasVariables = parts.contains { if case .variable = $0 { return true } else { return false } }
    }

    private static func variablePart(_ body: Substring) -> Part {
        let trimmed = body.trimmingSpaces
        if trimmed == "*" || trimmed == "?" || trimmed == "$" { return .literalCharacter(String(trimmed)) }
        guard let comma = trimmed.firstIndex(of: ",") else {
            return .variable(lowercasedKey: trimmed.lowercased(), defaultValue: nil)
        }
        var defaultValue = trimmed[trimmed.index(after: comma)...].trimmingSpaces
        if defaultValue.count >= 2, defaultValue.first == "'", defaultValue.last == "'" {
            defaultValue = defaultValue.dropFirst().dropLast()
        }
        return .variable(lowercasedKey: trimmed[..<comma].trimmingSpaces.lowercased(), defaultValue: String(defaultValue))
    }

    /// The text with variables substituted, or nil when a variable has no single value and no default
    /// (always, for a variable, without a context).
    func resolved(in context: RequestContext?) -> String? {
        var output = ""
        for part in parts {
            switch part {
            case .text(let text), .literalCharacter(let text): output += text
            case .variable(let key, let defaultValue):
                guard let value = context?.singleValue(forLowercasedKey: key) ?? defaultValue else { return nil }
                output += value
            }
        }
        return output
    }

    /// A glob of the text (`*`, `?` in the written text are wildcards; substituted text is literal), or nil
    /// when a variable cannot be resolved (always, for a variable, without a context).
    func pattern(in context: RequestContext?) -> WildcardPattern? {
        var elements: [WildcardPattern.Element] = []
        for part in parts {
            switch part {
            case .text(let text):
                elements += WildcardPattern.elements(glob: text)
            case .literalCharacter(let text):
                elements += text.utf8.map(WildcardPattern.Element.byte)
            case .variable(let key, let defaultValue):
                guard let value = context?.singleValue(forLowercasedKey: key) ?? defaultValue else { return nil }
                elements += value.utf8.map(WildcardPattern.Element.byte)
            }
        }
        return WildcardPattern(elements: elements)
    }

    /// Whether the text is exactly `*` (the resource that only wildcard-only actions match).
    var isPlainWildcard: Bool { parts == [.text("*")] }
}

private extension Substring {
    var trimmingSpaces: Substring {
        var result = self
        while result.first == " " { result = result.dropFirst() }
        while result.last == " " { result = result.dropLast() }
        return result
    }
}
