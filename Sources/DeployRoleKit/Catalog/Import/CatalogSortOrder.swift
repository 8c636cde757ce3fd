/// The order of names in the catalog files: case-insensitively, then by bytes (so `iam.tsv` lists `a4b`
/// before `ACM` before `acm-pca` the same on every machine).
enum CatalogSortOrder {
    static func precedes(_ a: String, _ b: String) -> Bool {
        let la = a.lowercased(), lb = b.lowercased()
        if la != lb { return la.utf8.lexicographicallyPrecedes(lb.utf8) }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Byte order (what a plain sort of the build's keys gives).
    static func bytes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
