import Crypto
import Foundation
import ZIPFoundation

/// One input of `catalog import`: a folder, a zip archive (AWS's `CloudformationSchema.zip`, a PyPI wheel)
/// or a single file, read into memory as its files' paths and bytes, with a digest that names exactly what
/// was read.
struct ImportInput: Sendable {
    /// One file of the input: its path inside the folder or archive (`/`-separated) and its bytes.
    struct File: Sendable {
        let path: String
        let data: Data

        /// The last path component.
        var name: String { path.split(separator: "/").last.map(String.init) ?? path }
    }

    /// The path as the user gave it (for errors).
    let label: String
    /// The last component of the path: a wheel's or folder's name.
    let name: String
    /// sha256 of the file, or for a folder, of its sorted `path sha256` lines.
    let sha256: String
    /// Files sorted by path (byte order).
    let files: [File]
    /// Whether the input is a folder.
    let isFolder: Bool

    /// Reads a folder (recursively), a `.zip`/`.whl` archive or a single file.
    /// - Throws: `DeployRoleError` (category `io`) naming the path when it cannot be read.
    init(path: URL) throws {
        label = path.path
        name = path.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
            throw DeployRoleError(.io, "not found", file: path.path)
        }
        isFolder = isDirectory.boolValue
        if isFolder {
            files = try Self.folderFiles(path)
            sha256 = Self.digest(lines: files.map { "\($0.path) \(Self.hex(SHA256.hash(data: $0.data)))" })
            return
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: path)
        } catch {
            throw DeployRoleError(.io, "cannot read: \(error.localizedDescription)", file: path.path)
        }
        sha256 = Self.hex(SHA256.hash(data: bytes))
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            files = try Self.archiveFiles(bytes, label: path.path)
        } else {
            files = [File(path: path.lastPathComponent, data: bytes)]
        }
    }

    /// One file already in memory (a file of a catalog folder).
    init(label: String, name: String, data: Data) {
        self.label = label
        self.name = name
        isFolder = false
        sha256 = Self.hex(SHA256.hash(data: data))
        files = [File(path: name, data: data)]
    }

    /// The file at a path, when the input has it.
    func file(_ path: String) -> File? { files.first { $0.path == path } }

    private static func folderFiles(_ root: URL) throws -> [File] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw DeployRoleError(.io, "cannot list the folder", file: root.path)
        }
        let base = root.standardizedFileURL.path
        var out: [File] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.path
            let relative = full.hasPrefix(base + "/") ? String(full.dropFirst(base.count + 1)) : url.lastPathComponent
            do {
                out.append(File(path: relative, data: try Data(contentsOf: url)))
            } catch {
                throw DeployRoleError(.io, "cannot read: \(error.localizedDescription)", file: full)
            }
        }
        return out.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private static func archiveFiles(_ bytes: Data, label: String) throws -> [File] {
        let archive: Archive
        do {
            archive = try Archive(data: bytes, accessMode: .read)
        } catch {
            throw DeployRoleError(.io, "not a readable zip archive: \(error)", file: label)
        }
        var out: [File] = []
        for entry in archive where entry.type == .file {
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                throw DeployRoleError(.io, "cannot extract \(entry.path): \(error)", file: label)
            }
            out.append(File(path: entry.path, data: data))
        }
        return out.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private static func digest(lines: [String]) -> String {
        hex(SHA256.hash(data: Data((lines.joined(separator: "\n") + "\n").utf8)))
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
