import Foundation
import Testing
@testable import DeployRoleKit

/// A scratch folder removed when the value is released.
final class TemporaryDirectory: @unchecked Sendable {
    let url: URL
    var path: String { url.path }

    init(_ label: String = "deployrole-tests") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        // Canonical form, so paths compare equal to the ones the evaluator resolves (macOS /var -> /private/var).
        url = base.standardizedFileURL.resolvingSymlinksInPath()
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` at `relative` (creating folders) and returns the file's path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// Writes raw bytes at `relative` and returns the file's path.
    @discardableResult
    func write(_ relative: String, data: Data) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }
}

/// Helpers to decode and evaluate inline templates.
enum TemplateFixture {
    /// Decodes `text` (YAML or JSON) and reads its sections.
    static func template(_ text: String, file: String = "inline.yaml") throws -> Template {
        let root = try TemplateDecoder().decode(text: text, file: file)
        return try Template(root: root, file: file)
    }

    /// Decodes and evaluates an inline template with the given parameter values and known pseudo parameters.
    static func evaluate(_ text: String, file: String = "inline.yaml", given: [String: Value] = [:],
                         known: [PseudoParameter: String] = [:]) throws -> EvaluatedStack {
        let template = try template(text, file: file)
        return try StackEvaluator(input: StackInput(knownPseudoParameters: known)).evaluate(template, given: given)
    }

    /// The resolved properties of the resource `logicalId`.
    static func properties(_ stack: EvaluatedStack, _ logicalId: String = "R") throws -> Value {
        let resource = try #require(stack.resources.first { $0.logicalId == logicalId },
                                    "resource \(logicalId) is not in scope")
        return try #require(resource.properties, "resource \(logicalId) has no properties")
    }

    /// Evaluates a template with one resource `R` (and a resource `Other`) whose property `V` is `expression`
    /// (YAML text), and returns the resolved `V` (nil when it was removed).
    static func resolve(_ expression: String, header: String = "", given: [String: Value] = [:],
                        known: [PseudoParameter: String] = [:]) throws -> Value? {
        let text = """
        \(header)
        Resources:
          Other:
            Type: AWS::S3::Bucket
          R:
            Type: AWS::SNS::Topic
            Properties:
              Keep: kept
              V: \(expression)
        """
        let stack = try evaluate(text, given: given, known: known)
        let properties = try properties(stack)
        #expect(properties["Keep"] == .string("kept"))
        return properties["V"]
    }
}

/// Runs `body` and returns the `DeployRoleError` it throws; records an issue when it succeeds or throws
/// another kind of error.
@discardableResult
func expectDeployRoleError<T>(_ category: DeployRoleError.Category,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation,
                              _ body: () throws -> T) -> DeployRoleError? {
    do {
        _ = try body()
        Issue.record("expected a DeployRoleError [\(category.rawValue)], but it succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as DeployRoleError {
        #expect(error.category == category, "unexpected category for: \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a DeployRoleError [\(category.rawValue)], got \(type(of: error)): \(error)",
                     sourceLocation: sourceLocation)
        return nil
    }
}

/// The result of running a child process.
struct ProcessResult: Sendable {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

enum ProcessRunner {
    /// Runs `executable` with `arguments`, collecting both output streams.
    static func run(_ executable: String, _ arguments: [String], currentDirectory: String? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a full pipe never blocks the child.
        let errorData = LockedBox(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData.value = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             standardOutput: String(decoding: outputData, as: UTF8.self),
                             standardError: String(decoding: errorData.value, as: UTF8.self))
    }

    /// The full path of a program found on PATH (as `/usr/bin/env` would), or nil.
    static func which(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(program).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The `deployrole` executable built next to the running test bundle, if there is one.
    /// The deployrole executable for a test that runs it; outside CI a missing one skips the test (with a
    /// message), under CI=true it is a recorded failure.
    static func deployroleOrSkip(_ test: String = #function) -> String? {
        if let executable = deployroleExecutable() { return executable }
        if SharedData.isCI { Issue.record("no deployrole executable next to the test bundle") }
        print("SKIP \(test): no deployrole executable next to the test bundle")
        return nil
    }

    static func deployroleExecutable() -> String? {
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        folders.append(Bundle.main.bundleURL)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for folder in folders {
            let candidate = folder.appendingPathComponent("deployrole").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }
}

/// A value shared between threads under a lock.
final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); defer { lock.unlock() }; stored = newValue }
    }
}

/// Values computed once per key and shared by every test that asks (concurrent askers wait for the first),
/// for fixtures that cost seconds to build, such as Code Ocean's analyses.
final class SharedFixtures<Value: Sendable>: @unchecked Sendable {
    private let lock = NSRecursiveLock()
    private var values: [String: Value] = [:]

    func value(_ key: String, _ make: () throws -> Value) throws -> Value {
        lock.lock(); defer { lock.unlock() }
        if let value = values[key] { return value }
        let value = try make()
        values[key] = value
        return value
    }
}
