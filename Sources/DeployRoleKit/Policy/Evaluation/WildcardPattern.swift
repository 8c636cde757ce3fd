import Foundation

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

    /// The shapes that cover almost all policy patterns, matched without backtracking.
    private enum Shape: Hashable, Sendable {
        case everything
        case exactly([UInt8])
        case prefix([UInt8])
        case general
    }

    private let elements: [Element]
    private let shape: Shape

    init(elements: [Element]) {
        self.elements = elements
        let bytes = elements.compactMap { element -> UInt8? in
            if case .byte(let byte) = element { return byte }
            return nil
        }
        if !elements.isEmpty && bytes.isEmpty && !elements.contains(.anyOne) {
            shape = .everything
        } else if bytes.count == elements.count {
            shape = .exactly(bytes)
        } else if bytes.count == elements.count - 1, elements.last == .anyRun {
            shape = .prefix(bytes)
        } else {
            shape = .general
        }
    }

    /// Compiles `text`, reading `*` and `?` as wildcards.
    init(glob text: String) {
        self.init(elements: WildcardPattern.elements(glob: text))
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
        switch shape {
        case .everything:
            return true
        case .exactly(let bytes):
            return bytes.count == subject.count && WildcardPattern.equal(bytes, subject, count: bytes.count)
        case .prefix(let bytes):
            return bytes.count <= subject.count && WildcardPattern.equal(bytes, subject, count: bytes.count)
        case .general:
            return matchesWithBacktracking(subject)
        }
    }

    private static func equal(_ bytes: [UInt8], _ subject: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
        guard count > 0 else { return true }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, subject.baseAddress!, count) == 0 }
    }

    private func matchesWithBacktracking(_ subject: UnsafeBufferPointer<UInt8>) -> Bool {
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
