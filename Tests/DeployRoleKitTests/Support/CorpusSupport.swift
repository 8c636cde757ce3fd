import Foundation
import Testing
@testable import DeployRoleKit

/// The template corpus and Code Ocean releases under `../shared`, run through the whole pipeline.
enum CorpusSupport {
    struct Entry: Sendable, Hashable {
        /// Relative to `corpus/` (`templates/<owner>__<repo>/<flattened path>`).
        var relativePath: String
        var path: String
        /// The template's repository folder in the corpus, used as `--template-root`.
        var repositoryFolder: String
    }

    enum Outcome: Sendable {
        /// The role template YAML and the analysis gaps.
        case generated(yaml: String, gaps: [Gap])
        case failed(DeployRoleError)
        /// Anything else thrown: a defect, never acceptable.
        case unexpected(String)

        var label: String {
            switch self {
            case .generated: return "generated"
            case .failed(let error): return error.category.rawValue
            case .unexpected: return "UNEXPECTED"
            }
        }
    }

    static var corpusRoot: URL { SharedData.url("corpus") }

    /// The templates `manifest.tsv` lists, in manifest order, each at its path in its repository: the
    /// corpus flattens paths (`a/b.yaml` is stored as `a__b.yaml`), so the repositories' layout is restored
    /// once per test process in a scratch folder (copies, never in the repository). Nested templates that
    /// the corpus holds are then found under the repository's folder as a release engineer would lay them
    /// out (`--template-root` the repository).
    static func entries() throws -> [Entry] { try restoredLayout.get() }

    private static let restoredLayout = Result<[Entry], any Error>(catching: {
        let manifest = try String(contentsOf: corpusRoot.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("deployrole-corpus-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
            .standardizedFileURL.resolvingSymlinksInPath()
        var entries: [Entry] = []
        var lines = manifest.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.isEmpty ? [] : lines.removeFirst()
        guard let pathColumn = header.firstIndex(of: "path"), let sourceColumn = header.firstIndex(of: "source_path") else {
            throw CocoaError(.fileReadCorruptFile)
        }
        for fields in lines where fields.count > max(pathColumn, sourceColumn) && !fields[pathColumn].isEmpty {
            let relative = fields[pathColumn]
            let components = relative.split(separator: "/")
            let repository = components.count > 2 ? String(components[1]) : ""
            let repositoryFolder = scratch.appendingPathComponent(repository)
            let restored = repositoryFolder.appendingPathComponent(fields[sourceColumn])
            try FileManager.default.createDirectory(at: restored.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: restored.path) {
                try FileManager.default.copyItem(at: corpusRoot.appendingPathComponent(relative), to: restored)
            }
            entries.append(Entry(relativePath: relative, path: restored.path, repositoryFolder: repositoryFolder.path))
        }
        return entries
    })

    /// Both Code Ocean releases.
    static func codeOceanReleases() -> [Entry] {
        ["v3.7.0", "v3.8.2"].map { version in
            let relative = "codeocean/\(version)/codeocean.template.yaml"
            let url = SharedData.url(relative)
            return Entry(relativePath: relative, path: url.path, repositoryFolder: url.deletingLastPathComponent().path)
        }
    }

    /// Runs one template through `ReleaseAnalysis` and `RoleGeneration`, rendering the role template as YAML.
    static func run(_ entry: Entry, options: DerivationOptions = DerivationOptions(), allowsMissingNested: Bool = false) -> Outcome {
        do {
            let input = StackInput(templateRoots: [entry.repositoryFolder], allowsMissingNested: allowsMissingNested)
            let analysis = try ReleaseAnalysis(templateAt: entry.path, input: input, options: options)
            let name = RoleSettings.defaultName(forTemplateAt: entry.path, kind: options.kind)
            let generation = try RoleGeneration(analysis: analysis, settings: RoleSettings(name: name),
                                                sourceName: URL(fileURLWithPath: entry.path).lastPathComponent)
            return .generated(yaml: try generation.roleTemplate.yaml(), gaps: analysis.requirements.gaps)
        } catch let error as DeployRoleError {
            return .failed(error)
        } catch {
            return .unexpected("\(type(of: error)): \(error)")
        }
    }

    /// How long each template took, for the report of the slowest (informational only).
    static let durations = LockedBox<[String: Duration]>([:])

    /// Runs every entry concurrently; the results are in the order of `entries`.
    static func runAll(_ entries: [Entry], options: DerivationOptions = DerivationOptions(),
                       allowsMissingNested: Bool = false) async -> [Outcome] {
        await withTaskGroup(of: (Int, Outcome).self) { group in
            let width = max(2, ProcessInfo.processInfo.activeProcessorCount)
            var next = 0
            var results = [Outcome?](repeating: nil, count: entries.count)
            func add() {
                guard next < entries.count else { return }
                let index = next, entry = entries[index]
                next += 1
                group.addTask {
                    let start = ContinuousClock.now
                    let outcome = run(entry, options: options, allowsMissingNested: allowsMissingNested)
                    let elapsed = ContinuousClock.now - start
                    durations.value[entry.relativePath] = elapsed
                    return (index, outcome)
                }
            }
            for _ in 0..<width { add() }
            while let (index, outcome) = await group.next() {
                results[index] = outcome
                add()
            }
            return results.map { $0! }
        }
    }

    /// The whole corpus's outcomes, computed once per test process (shared by the corpus and cfn-lint suites).
    static let corpusOutcomes = Task<[(Entry, Outcome)], Error> {
        let all = try CorpusSupport.entries()
        let outcomes = await runAll(all)
        return Array(zip(all, outcomes))
    }

    /// "corpus: 412 generated; unknown-resource-type 37; ..." with the generated count first.
    static func table(_ outcomes: [Outcome], title: String) -> String {
        var counts: [String: Int] = [:]
        for outcome in outcomes { counts[outcome.label, default: 0] += 1 }
        let generated = counts.removeValue(forKey: "generated") ?? 0
        let rest = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }
        return "\(title): \(generated) generated" + (rest.isEmpty ? "" : "; " + rest.joined(separator: "; "))
            + " (of \(outcomes.count))"
    }
}
