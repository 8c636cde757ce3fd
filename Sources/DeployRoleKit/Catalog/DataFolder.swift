import Foundation

/// A folder of data files deployrole reads (the catalog, the rule tables): on disk, or compiled into the
/// binary (``embedded(_:)``, what ships), so that an installed `deployrole` needs no file beside it.
public struct DataFolder: Sendable {
    /// The folder's path, or `embedded:<name>` for the compiled-in copy.
    public let label: String
    private let read: @Sendable (String) throws -> Data

    /// The files of a folder on disk.
    public static func directory(_ url: URL) -> DataFolder {
        DataFolder(label: url.path) { name in
            try Data(contentsOf: url.appendingPathComponent(name), options: .mappedIfSafe)
        }
    }

    /// The copy of `Sources/DeployRoleKit/Resources/<name>` compiled into the binary.
    public static func embedded(_ name: String) -> DataFolder {
        DataFolder(label: "embedded:\(name)") { file in
            guard let text = EmbeddedResources.files["\(name)/\(file)"] else {
                throw CocoaError(.fileNoSuchFile)
            }
            // A literal's bytes live as long as the program: read them in place, not copied. (A one-scalar
            // literal has no pointer to its bytes.)
            guard text.hasPointerRepresentation else { return text.withUTF8Buffer { Data($0) } }
            return Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: text.utf8Start),
                        count: text.utf8CodeUnitCount, deallocator: .none)
        }
    }

    private init(label: String, read: @escaping @Sendable (String) throws -> Data) {
        self.label = label
        self.read = read
    }

    /// A file's bytes.
    /// - Throws: `DeployRoleError` (category `io`) naming the file.
    public func data(_ name: String) throws -> Data {
        do {
            return try read(name)
        } catch {
            throw DeployRoleError(.io, "cannot read: \(error.localizedDescription)", file: path(name))
        }
    }

    /// A file's text (UTF-8).
    public func text(_ name: String) throws -> String { String(decoding: try data(name), as: UTF8.self) }

    /// How errors name a file of the folder.
    public func path(_ name: String) -> String { label + "/" + name }
}
