extension StringProtocol {
    /// The first range where `marker` occurs, found by UTF-8 code units: for the ASCII markers templates
    /// and policies use (`${`, `{{resolve:`), without Foundation's locale-aware search, which costs tens of
    /// thousands of instructions on a long text.
    func firstRange(ofUTF8 marker: String) -> Range<Index>? {
        let needle = Array(marker.utf8)
        guard let first = needle.first else { return startIndex..<startIndex }
        let offset: Int?? = utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            guard bytes.count >= needle.count else { return nil }
            var position = 0
            while position <= bytes.count - needle.count {
                if bytes[position] == first {
                    var matched = 1
                    while matched < needle.count, bytes[position + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return position }
                }
                position += 1
            }
            return nil
        }
        guard let found = offset else {
            // Text not stored contiguously (bridged): the collection search.
            return utf8.firstRange(of: needle)
        }
        guard let found else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: found)
        return lower..<utf8.index(lower, offsetBy: needle.count)
    }

    /// Whether `marker` occurs (``firstRange(ofUTF8:)``).
    func contains(utf8 marker: String) -> Bool {
        firstRange(ofUTF8: marker) != nil
    }
}
