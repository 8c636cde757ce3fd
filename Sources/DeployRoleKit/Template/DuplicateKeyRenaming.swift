/// Makes Yams read a document with duplicate keys last-wins: Yams rejects any duplicate, so each earlier
/// occurrence is renamed in the text (a marker before the key's first character) and the document parsed
/// again; the renamed keys are then left out of the decoded mappings.
struct DuplicateKeyRenaming {
    /// The most duplicates read last-wins before the document is refused.
    static let limit = 100
    static let markerPrefix = "deployrole-ignored-duplicate-"

    private(set) var text: String
    let file: String
    private(set) var ignored: [IgnoredDuplicateKey] = []
    /// The renamed keys, as the decoder reads them.
    private(set) var renamedKeys: Set<String> = []

    init(text: String, file: String) {
        self.text = text
        self.file = file
    }

    /// Renames the occurrence of `key` whose node starts at the 1-based `line` and `column`; false when the
    /// text there is not the key (a complex key, an anchor or a tag before it), or the limit is reached.
    mutating func rename(key: String, line: Int, column: Int) -> Bool {
        guard ignored.count < Self.limit, let index = Self.index(line: line, column: column, in: text) else { return false }
        let scalars = text.unicodeScalars
        let first = scalars[index]
        let quoted = first == "\"" || first == "'"
        guard quoted || !"?&*!|>%@`[]{},#-".unicodeScalars.contains(first) else { return false }
        let marker = "\(Self.markerPrefix)\(ignored.count)-"
        let insertion = quoted ? scalars.index(after: index) : index
        var edited = String.UnicodeScalarView()
        edited.append(contentsOf: scalars[..<insertion])
        edited.append(contentsOf: marker.unicodeScalars)
        edited.append(contentsOf: scalars[insertion...])
        text = String(edited)
        ignored.append(IgnoredDuplicateKey(key: key, location: SourceLocation(file: file, line: line, column: column)))
        renamedKeys.insert(marker + key)
        return true
    }

    /// The position of a 1-based line and column, counting line breaks as YAML does (`\n`, `\r\n`, `\r`)
    /// and columns in Unicode scalars.
    static func index(line: Int, column: Int, in text: String) -> String.UnicodeScalarView.Index? {
        let scalars = text.unicodeScalars
        var position = scalars.startIndex
        var currentLine = 1
        while currentLine < line {
            guard position < scalars.endIndex else { return nil }
            let scalar = scalars[position]
            position = scalars.index(after: position)
            if scalar == "\n" {
                currentLine += 1
            } else if scalar == "\r" {
                if position < scalars.endIndex, scalars[position] == "\n" { position = scalars.index(after: position) }
                currentLine += 1
            }
        }
        for _ in 1..<max(column, 1) {
            guard position < scalars.endIndex, scalars[position] != "\n", scalars[position] != "\r" else { return nil }
            position = scalars.index(after: position)
        }
        return position < scalars.endIndex ? position : nil
    }
}
