import Foundation

/// The release templates a customer may upgrade from, as `--upgrade-from` names them: a template file, or a
/// folder of releases.
public enum PreviousReleases {
    /// Resolves each path to release templates. A file is one release. A folder holds one release per
    /// subfolder (`v3.7.0/codeocean.template.yaml`: the file named as the release template) and any template
    /// file beside them with the release template's name; the release itself, if found there, is skipped.
    /// The result is sorted within each folder and has no duplicates.
    /// - Throws: a one-line error for a path that does not exist, or a folder with no release in it.
    public static func templates(for paths: [String], release: String) throws -> [String] {
        let fileManager = FileManager.default
        let releaseFile = canonical(release)
        let releaseName = (release as NSString).lastPathComponent
        var found: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw DeployRoleError(.io, "no such file or folder", file: path)
            }
            guard isFolder.boolValue else {
                found.append(path)
                continue
            }
            let entries = ((try? fileManager.contentsOfDirectory(atPath: path)) ?? []).sorted()
            var inFolder: [String] = []
            for entry in entries {
                let full = (path as NSString).appendingPathComponent(entry)
                var entryIsFolder: ObjCBool = false
                _ = fileManager.fileExists(atPath: full, isDirectory: &entryIsFolder)
                let candidate = entryIsFolder.boolValue ? (full as NSString).appendingPathComponent(releaseName)
                    : (entry == releaseName ? full : nil)
                guard let candidate, fileManager.fileExists(atPath: candidate), canonical(candidate) != releaseFile else { continue }
                inFolder.append(candidate)
            }
            guard !inFolder.isEmpty else {
                throw DeployRoleError(.io, "no release named \(releaseName) in the folder or its subfolders", file: path)
            }
            found += inFolder
        }
        var seen: Set<String> = []
        return found.filter { seen.insert(canonical($0)).inserted && canonical($0) != releaseFile }
    }

    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
