import Foundation

/// Finds the file of a nested stack's `TemplateURL` under the template roots, and never outside them.
///
/// A relative URL is read relative to the parent template. An S3 or HTTPS URL (or one built with `Fn::Sub`
/// whose end is literal) is matched by its trailing path under the roots: first the full path after the
/// host, then the longest matching suffix of any file with the same name.
struct NestedTemplateLocator {
    let roots: [String]
    private var filesByName: [String: [String]]?

    init(roots: [String]) {
        self.roots = roots
    }

    /// A nested template that is not under the template roots, with where it was looked for.
    struct NotFound: Error {
        /// The TemplateURL as written.
        let url: String
        /// The paths tried under each root (relative URLs: the path beside the parent), then any file of
        /// the same name.
        let keys: [String]
    }

    /// The file of a TemplateURL under the roots.
    /// - Throws: `NotFound` when no file matches or the URL is known only at deploy time (no `keys`);
    ///   `DeployRoleError` for a URL that leaves the roots.
    mutating func locate(_ url: Value, parentFile: String, resource: EvaluatedResource) throws -> String {
        try locate(url, parentFile: parentFile, location: resource.location, logicalId: resource.logicalId)
    }

    /// As ``locate(_:parentFile:resource:)``, for a file named outside a resource's `TemplateURL` (an
    /// `AWS::Include` snippet's `Location`); errors name `location` and `logicalId`.
    mutating func locate(_ url: Value, parentFile: String, location: SourceLocation?, logicalId: String?) throws -> String {
        for alternative in url.alternatives() {
            guard let reference = Self.reference(in: alternative) else { continue }
            if let found = try find(reference, parentFile: parentFile, location: location, logicalId: logicalId) { return found }
            throw NotFound(url: alternative.displayText, keys: Self.keys(of: reference, parentFile: parentFile))
        }
        // Known only at deploy time: no file to look for, so as missing as a file not found.
        throw NotFound(url: url.displayText, keys: [])
    }

    /// What a TemplateURL tells about the file: a path relative to the parent, or path segments of a URL.
    enum Reference: Equatable {
        case relative(String)
        case remote(segments: [String])
    }

    static func reference(in value: Value) -> Reference? {
        guard let parts = value.textParts else { return nil }
        if let text = value.concreteString {
            if let schemeEnd = text.range(of: "://") {
                var rest = String(text[schemeEnd.upperBound...])
                if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = String(rest[..<query]) }
                let segments = rest.split(separator: "/").dropFirst().map(String.init)
                return segments.isEmpty ? nil : .remote(segments: segments)
            }
            return text.isEmpty ? nil : .relative(text)
        }
        guard case .literal(let tail)? = parts.last, tail.contains("/") else { return nil }
        let segments = tail.split(separator: "/").map(String.init)
        let dropFirst = tail.hasPrefix("/") ? 0 : 1  // the first piece may continue a symbolic segment
        let trusted = Array(segments.dropFirst(dropFirst))
        return trusted.isEmpty ? nil : .remote(segments: trusted)
    }

    /// Where a reference is looked for, as the error shows it.
    static func keys(of reference: Reference, parentFile: String) -> [String] {
        switch reference {
        case .relative(let path):
            return [URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: parentFile).deletingLastPathComponent())
                        .standardizedFileURL.path]
        case .remote(let segments):
            return segments.indices.map { "<root>/" + segments[$0...].joined(separator: "/") }
                + (segments.last.map { ["any file named \($0) under a root"] } ?? [])
        }
    }

    private mutating func find(_ reference: Reference, parentFile: String, location: SourceLocation?, logicalId: String?) throws -> String? {
        switch reference {
        case .relative(let path):
            let parentDirectory = URL(fileURLWithPath: parentFile).deletingLastPathComponent()
            let candidate = URL(fileURLWithPath: path, relativeTo: parentDirectory).standardizedFileURL
                .resolvingSymlinksInPath().path
            guard isInsideRoots(candidate) else {
                throw DeployRoleError(.nestedStack, "TemplateURL \(path) points outside the template roots",
                                      location: location, logicalId: logicalId)
            }
            return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
        case .remote(let segments):
            for start in segments.indices {
                let suffix = segments[start...].joined(separator: "/")
                for root in roots {
                    let candidate = URL(fileURLWithPath: root).appendingPathComponent(suffix).standardizedFileURL
                        .resolvingSymlinksInPath().path
                    if isInsideRoots(candidate), FileManager.default.fileExists(atPath: candidate) { return candidate }
                }
            }
            guard let name = segments.last else { return nil }
            let matches = indexedFiles()[name] ?? []
            return matches.max { lhs, rhs in
                let left = Self.matchingSuffixLength(lhs, segments), right = Self.matchingSuffixLength(rhs, segments)
                return left != right ? left < right : lhs > rhs
            }
        }
    }

    private func isInsideRoots(_ path: String) -> Bool {
        roots.contains { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
    }

    private mutating func indexedFiles() -> [String: [String]] {
        if let filesByName { return filesByName }
        var index: [String: [String]] = [:]
        for root in roots {
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { continue }
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                let full = URL(fileURLWithPath: root).appendingPathComponent(relative).path
                index[name, default: []].append(full)
            }
        }
        filesByName = index
        return index
    }

    private static func matchingSuffixLength(_ path: String, _ segments: [String]) -> Int {
        let components = path.split(separator: "/").map(String.init)
        var count = 0
        for (component, segment) in zip(components.reversed(), segments.reversed()) where component == segment {
            count += 1
        }
        return count
    }
}
