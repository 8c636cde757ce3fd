/// A compiled glob: `*` matches any run of characters (including `:` and `/`), `?` exactly one character.
///
/// Matching works on UTF-8 bytes; `?` consumes one whole character. Literal characters can be given
/// explicitly (``Element/byte(_:)``) so that text substituted from policy variables never acts as a wildcard.
struct WildcardPattern: Hashable, Sendable {
    enum Element: Hashable, Sendable {
        case byte(UInt8)
        case anyRun
        case anyOne
    }

    private let elements: [Element]
    /// The pattern's bytes when it has no wildcard, for a plain comparison.
    private let literal: [UInt8]?
    /// Whether the pattern is made only of `*`, so it matches everything.
    let matchesEverything: Bool

    init(elements: [Element]) {
        self.elements = elements
        let bytes = elements.compactMap { element -> UInt8? in
            if case .byte(let byte) = element { return byte }
            return nil
        }
        literal = bytes.count == elements.count ? bytes : nil
        matchesEverything = !elements.isEmpty && elements.allSatisfy { $0 == .anyRun }
    }

    /// Compiles `text`, reading `*` and `?` as wildcards.
    init(glob text: String) {
        self.init(elements: WildcardPattern.elements(glob: text))
    }

    /// Compiles `text` as literal characters only.
    init(literal text: String) {
        self.init(elements: text.utf8.map(Element.byte))
    }

    static func elements(glob text: String) -> [Element] {
        text.utf8.map { byte in
            switch byte {
            case UInt8(ascii: "*"): return .anyRun
            case UInt8(ascii: "?"): return .anyOne
            default: return .byte(byte)
            }
        }
    }

    func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { matches($0) }
    }

    func matches(_ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        if matchesEverything { return true }
        if let literal { return literal.elementsEqual(subject) }
        let count = subject.count
        var patternIndex = 0
        var subjectIndex = 0
        var starPatternIndex = -1
        var starSubjectIndex = 0
        while subjectIndex < count {
            if patternIndex < elements.count {
                switch elements[patternIndex] {
                case .anyRun:
                    starPatternIndex = patternIndex
                    starSubjectIndex = subjectIndex
                    patternIndex += 1
                    continue
                case .anyOne:
                    subjectIndex = WildcardPattern.nextCharacter(in: subject, after: subjectIndex)
                    patternIndex += 1
                    continue
                case .byte(let byte) where byte == subject[subjectIndex]:
                    subjectIndex += 1
                    patternIndex += 1
                    continue
                case .byte:
                    break
                }
            }
            guard starPatternIndex >= 0 else { return false }
            patternIndex = starPatternIndex + 1
            starSubjectIndex = WildcardPattern.nextCharacter(in: subject, after: starSubjectIndex)
            subjectIndex = starSubjectIndex
        }
        while patternIndex < elements.count, elements[patternIndex] == .anyRun { patternIndex += 1 }
        return patternIndex == elements.count
    }

    /// The index just past the UTF-8 encoded character starting at `index`.
    private static func nextCharacter(in bytes: UnsafeBufferPointer<UInt8>, after index: Int) -> Int {
        var next = index + 1
        while next < bytes.count, bytes[next] & 0b1100_0000 == 0b1000_0000 { next += 1 }
        return next
    }
}
