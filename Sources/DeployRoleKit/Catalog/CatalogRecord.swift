import Foundation

/// One line of a catalog section, read in place from the section's bytes: tab-separated fields (empty
/// trailing fields kept), each turned into a `String` only when asked for.
///
/// A record borrows the bytes of ``read(_:range:_:)``: it must not outlive that call.
struct CatalogRecord {
    private let bytes: UnsafeRawBufferPointer
    private let fields: [Range<Int>]
    /// Where the line stands in the bytes read (without its newline).
    let extent: Range<Int>

    fileprivate init(bytes: UnsafeRawBufferPointer, fields: [Range<Int>], extent: Range<Int>) {
        self.bytes = bytes
        self.fields = fields
        self.extent = extent
    }

    /// How many fields the line has.
    var count: Int { fields.count }

    /// The record's tag: its first field when that is one byte (`A`, `r`, `T`, ...), else 0.
    var tag: UInt8 {
        let first = fields[0]
        return first.count == 1 ? bytes[first.lowerBound] : 0
    }

    /// Field `i` as text; empty when the line has fewer fields.
    func string(_ i: Int) -> String {
        guard i < fields.count else { return "" }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[fields[i]]), as: UTF8.self)
    }

    /// Whether field `i` is empty (or missing).
    func isEmpty(_ i: Int) -> Bool { i >= fields.count || fields[i].isEmpty }

    /// Whether field `i` is exactly `text` (ASCII).
    func field(_ i: Int, is text: StaticString) -> Bool {
        guard i < fields.count, fields[i].count == text.utf8CodeUnitCount else { return false }
        let start = fields[i].lowerBound
        for k in 0..<text.utf8CodeUnitCount where bytes[start + k] != text.utf8Start[k] { return false }
        return true
    }

    /// Field `i` as a space-separated list (an empty or missing field is an empty list).
    func list(_ i: Int) -> [String] {
        guard i < fields.count, !fields[i].isEmpty else { return [] }
        let space = UInt8(ascii: " ")
        var items: [String] = []
        var start = fields[i].lowerBound
        for k in fields[i] where bytes[k] == space {
            if k > start { items.append(text(start..<k)) }
            start = k + 1
        }
        if fields[i].upperBound > start { items.append(text(start..<fields[i].upperBound)) }
        return items
    }

    /// The whole line with `|` between fields, for error messages.
    var description: String { strings.joined(separator: "|") }

    /// The line as written (fields separated by tabs).
    var line: String { strings.joined(separator: "\t") }

    /// Whether the line is a comment (starts with `#`).
    var isComment: Bool { !fields[0].isEmpty && bytes[fields[0].lowerBound] == UInt8(ascii: "#") }

    /// Every field as text.
    var strings: [String] { (0..<fields.count).map(string) }

    /// Reads the records of `data` (its non-empty lines) with `read`, in place; with `range`, only those
    /// of that part of it (offsets from the start of `data`).
    static func read<T>(_ data: Data, range: Range<Int>? = nil, _ read: ([CatalogRecord]) throws -> T) rethrows -> T {
        try data.withUnsafeBytes { raw in
            try read(records(in: range.map { UnsafeRawBufferPointer(rebasing: raw[$0]) } ?? raw))
        }
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The non-empty lines of `bytes`, in order.
    static func records(in bytes: UnsafeRawBufferPointer) -> [CatalogRecord] {
        let newline = UInt8(ascii: "\n"), tab = UInt8(ascii: "\t")
        var records: [CatalogRecord] = []
        var fields: [Range<Int>] = []
        var lineStart = 0, fieldStart = 0
        for i in 0...bytes.count {
            let byte = i < bytes.count ? bytes[i] : newline
            if byte == tab {
                fields.append(fieldStart..<i)
                fieldStart = i + 1
            } else if byte == newline {
                if i > lineStart {
                    fields.append(fieldStart..<i)
                    records.append(CatalogRecord(bytes: bytes, fields: fields, extent: lineStart..<i))
                }
                fields = []
                lineStart = i + 1
                fieldStart = i + 1
            }
        }
        return records
    }
}
