import Foundation

/// Locates `../shared` (the project's read-only test data) from the package root.
///
/// Outside CI a missing folder skips the tests that need it; under `CI=true` it is a failure.
enum SharedData {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let root: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: root.path) }

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether tests needing `../shared` should run; prints why when they are skipped.
    static func mustRun(_ test: String = #function) -> Bool {
        if isAvailable { return true }
        if isCI { fatalError("../shared is required under CI=true but is missing at \(root.path)") }
        print("SKIP \(test): ../shared not found at \(root.path)")
        return false
    }

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}
