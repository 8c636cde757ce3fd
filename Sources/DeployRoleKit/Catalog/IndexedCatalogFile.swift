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

    init(url: URL, kind expectedKind: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw DeployRoleError(.io, "cannot read catalog file: \(error.localizedDescription)", file: url.path)
        }
        func corrupt(_ why: String) -> DeployRoleError {
            DeployRoleError(.io, "corrupt catalog file: \(why)", file: url.path)
        }
        // Find "\n#data\n": the index is everything before it.
        let marker = Data("\n#data\n".utf8)
        guard let markerRange = data.range(of: marker) else { throw corrupt("no #data line") }
        let header = String(decoding: data[data.startIndex..<markerRange.lowerBound], as: UTF8.self)
        var lines = header.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let first = lines.popFirst() else { throw corrupt("empty") }
        let magic = first.split(separator: "\t", omittingEmptySubsequences: false)
        guard magic.count == 3, magic[0] == "#deployrole-catalog", magic[1] == expectedKind else {
            throw corrupt("not a deployrole \(expectedKind) catalog file")
        }
        guard magic[2] == CatalogFormat.version else {
            throw corrupt("format \(magic[2]), expected \(CatalogFormat.version)")
        }
        guard let countLine = lines.popFirst(), countLine.hasPrefix("#index\t"),
              let count = Int(countLine.dropFirst(7)) else { throw corrupt("no #index line") }
        guard lines.count == count else { throw corrupt("index has \(lines.count) entries, header says \(count)") }
        let start = markerRange.upperBound - data.startIndex
        let dataLength = data.count - start
        var sections: [String: Range<Int>] = [:]
        sections.reserveCapacity(count)
        var names: [String] = []
        names.reserveCapacity(count)
        for line in lines {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 3, let offset = Int(f[1]), let length = Int(f[2]),
                  offset >= 0, length > 0, offset + length <= dataLength else {
                throw corrupt("bad index line \(line)")
            }
            let name = String(f[0])
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

    /// The lines of a section, each split at tabs (empty trailing fields kept).
    func section(_ name: String) -> [[Substring]]? {
        guard let range = sections[name] else { return nil }
        let lower = bytes.startIndex + dataStart + range.lowerBound
        let upper = bytes.startIndex + dataStart + range.upperBound
        let text = String(decoding: bytes[lower..<upper], as: UTF8.self)
        return text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
    }
}

/// The on-disk format version the loader understands (written by `Scripts/catalog/build_catalog.py`).
enum CatalogFormat {
    static let version = "1"

    /// A space-separated list field (empty field → empty list).
    static func list(_ field: Substring?) -> [String] {
        guard let field, !field.isEmpty else { return [] }
        return field.split(separator: " ").map(String.init)
    }

    static func field(_ fields: [Substring], _ i: Int) -> Substring? {
        i < fields.count ? fields[i] : nil
    }
}
