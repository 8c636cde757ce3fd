import Foundation

/// A catalog data file (`cfn.tsv`, `iam.tsv`): a header with one `name<TAB>offset<TAB>length` line per
/// section, a `#data` line, then the sections. Opening reads only the header; a section's bytes are
/// decoded when asked for.
struct IndexedCatalogFile: Sendable {
    let kind: String
    private let bytes: Data
    private let dataStart: Int
    /// Section name -> byte range relative to `dataStart`.
    private let sections: [String: Range<Int>]
    /// Section names in file order.
    let names: [String]

    /// Reads `<kind>.tsv` of a catalog folder.
    init(folder: DataFolder, kind expectedKind: String) throws {
        let name = expectedKind + ".tsv"
        let data = try folder.data(name)
        func corrupt(_ why: String) -> DeployRoleError {
            DeployRoleError(.io, "corrupt catalog file: \(why)", file: folder.path(name))
        }
        // Find "\n#data\n": the index is everything before it.
        let marker = Array("\n#data\n".utf8)
        let markerStart: Int? = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard raw.count >= marker.count else { return nil }
            return (0...(raw.count - marker.count)).first { at in
                raw[at] == marker[0] && marker.indices.allSatisfy { raw[at + $0] == marker[$0] }
            }
        }
        guard let markerStart else { throw corrupt("no #data line") }
        let headerEnd = markerStart
        let start = markerStart + marker.count
        let dataLength = data.count - start
        // One pass over the header bytes: magic line, `#index<TAB>N`, then `name<TAB>offset<TAB>length`.
        let parsed: (magic: [String], count: Int?, entries: [(String, Int, Int)])? = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let tab = UInt8(ascii: "\t"), nl = UInt8(ascii: "\n")
            var lines: [Range<Int>] = []
            var lineStart = 0
            for i in 0..<headerEnd where raw[i] == nl {
                lines.append(lineStart..<i)
                lineStart = i + 1
            }
            lines.append(lineStart..<headerEnd)
            guard lines.count >= 2 else { return nil }
            func text(_ r: Range<Int>) -> String { String(decoding: UnsafeRawBufferPointer(rebasing: raw[r]), as: UTF8.self) }
            func number(_ r: Range<Int>) -> Int? {
                guard !r.isEmpty else { return nil }
                var n = 0
                for i in r {
                    let d = Int(raw[i]) - 48
                    guard d >= 0 && d <= 9 else { return nil }
                    n = n * 10 + d
                }
                return n
            }
            func fields(_ r: Range<Int>) -> [Range<Int>] {
                var out: [Range<Int>] = []
                var s = r.lowerBound
                for i in r where raw[i] == tab {
                    out.append(s..<i)
                    s = i + 1
                }
                out.append(s..<r.upperBound)
                return out
            }
            let magic = fields(lines[0]).map(text)
            let countFields = fields(lines[1])
            let count = countFields.count == 2 && text(countFields[0]) == "#index" ? number(countFields[1]) : nil
            var entries: [(String, Int, Int)] = []
            entries.reserveCapacity(lines.count - 2)
            for line in lines.dropFirst(2) {
                let f = fields(line)
                guard f.count == 3, let offset = number(f[1]), let length = number(f[2]) else { return nil }
                entries.append((text(f[0]), offset, length))
            }
            return (magic, count, entries)
        }
        guard let parsed else { throw corrupt("malformed index") }
        let magic = parsed.magic
        guard magic.count == 3, magic[0] == "#deployrole-catalog", magic[1] == expectedKind else {
            throw corrupt("not a deployrole \(expectedKind) catalog file")
        }
        guard magic[2] == CatalogFormat.version else {
            throw corrupt("format \(magic[2]), expected \(CatalogFormat.version)")
        }
        guard let count = parsed.count else { throw corrupt("no #index line") }
        guard parsed.entries.count == count else {
            throw corrupt("index has \(parsed.entries.count) entries, header says \(count)")
        }
        var sections: [String: Range<Int>] = [:]
        sections.reserveCapacity(count)
        var names: [String] = []
        names.reserveCapacity(count)
        for (name, offset, length) in parsed.entries {
            guard length > 0, offset + length <= dataLength else { throw corrupt("bad index entry \(name)") }
            sections[name] = offset..<(offset + length)
            names.append(name)
        }
        self.kind = expectedKind
        self.bytes = data
        self.dataStart = start
        self.sections = sections
        self.names = names
    }

    func contains(_ name: String) -> Bool { sections[name] != nil }

    /// A section's bytes (shared with the file's, not copied); nil when the file has no such section.
    func section(_ name: String) -> Data? {
        guard let range = sections[name] else { return nil }
        let lower = bytes.startIndex + dataStart + range.lowerBound
        return bytes[lower..<(lower + range.count)]
    }
}

/// The on-disk format version the loader understands (written by `CatalogImport`).
enum CatalogFormat {
    static let version = "1"

    /// What `decode` returns; a decoding error stops the program naming the file and section. Only data the
    /// loader was given as valid gets here: the embedded catalog (its tests decode every section) and
    /// folders ``Catalog/validate()`` read in full.
    static func decodedOrDie<T>(file: String, section: String, _ decode: () throws -> T) -> T {
        do {
            return try decode()
        } catch {
            preconditionFailure("catalog \(file) is corrupt in section \(section) (open it with validate() first): \(error)")
        }
    }
}
