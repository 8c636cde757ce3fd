import Foundation

/// A plain text table with aligned columns: the first column left-aligned, the rest right-aligned.
struct Table {
    var title: String
    var header: [String]
    var rows: [[String]] = []

    init(_ title: String, header: [String]) {
        self.title = title
        self.header = header
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ row: [String]) -> String {
            var parts: [String] = []
            for i in 0..<columns {
                let cell = i < row.count ? row[i] : ""
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                parts.append(i == 0 ? cell + pad : pad + cell)
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * max(0, columns - 1))
        var out = "## \(title)\n" + line(header) + "\n" + rule + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}

/// Milliseconds with a precision that suits their size.
func ms(_ value: Double) -> String {
    guard value.isFinite else { return "-" }
    if value >= 100 { return String(format: "%.1f", value) }
    if value >= 1 { return String(format: "%.2f", value) }
    return String(format: "%.3f", value)
}

func ratio(_ value: Double) -> String {
    value.isFinite ? String(format: "%.2fx", value) : "-"
}

func mib(_ value: Double) -> String {
    value.isFinite ? String(format: "%.1f", value) : "-"
}
