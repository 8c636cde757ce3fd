import Foundation

/// Command-line options of the benchmark.
struct BenchOptions {
    var packageRoot: URL
    var codeOcean: String
    var corpus: String
    var catalog: String?
    var iterations = 5
    var corpusIterations = 1
    var only: Set<String> = []
    var parseFile: String?

    static let usage = """
    usage: deployrole-bench [--codeocean PATH] [--corpus DIR] [--iterations N]
                            [--corpus-iterations N] [--catalog DIR] [--only catalog,codeocean,upgrade,corpus,generate]
           deployrole-bench --parse-file PATH

      --codeocean PATH        release template (default ../shared/codeocean/v3.8.2/codeocean.template.yaml
                              relative to the package root)
      --corpus DIR            corpus folder with manifest.tsv (default ../shared/corpus)
      --iterations N          timed runs per catalog / Code Ocean measurement (default 5)
      --corpus-iterations N   passes over the corpus; the fastest pass is reported (default 1)
      --catalog DIR           catalog folder (default Sources/DeployRoleKit/Resources/catalog, else the
                              resource bundle next to the executable)
      --only LIST             run only these phases; `generate` (only when named) runs the Code Ocean
                              generate pipeline alone, for profilers
      --parse-file PATH       parse one file (the parse-only baseline) and exit: timed as a whole process
                              beside `deployrole generate PATH`
    """

    static func parse(_ arguments: [String]) -> BenchOptions {
        let root = locatePackageRoot()
        var options = BenchOptions(
            packageRoot: root,
            codeOcean: root.appendingPathComponent("../shared/codeocean/v3.8.2/codeocean.template.yaml").standardized.path,
            corpus: root.appendingPathComponent("../shared/corpus").standardized.path)
        var rest = arguments[...]
        func value(_ flag: String) -> String {
            guard let v = rest.popFirst() else { fail("\(flag) needs a value") }
            return v
        }
        func count(_ flag: String) -> Int {
            guard let n = Int(value(flag)), n > 0 else { fail("\(flag) needs a positive integer") }
            return n
        }
        while let arg = rest.popFirst() {
            switch arg {
            case "--codeocean": options.codeOcean = absolute(value(arg))
            case "--corpus": options.corpus = absolute(value(arg))
            case "--catalog": options.catalog = absolute(value(arg))
            case "--iterations": options.iterations = count(arg)
            case "--corpus-iterations": options.corpusIterations = count(arg)
            case "--parse-file": options.parseFile = absolute(value(arg))
            case "--only":
                options.only = Set(value(arg).split(separator: ",").map { String($0) })
            case "-h", "--help":
                print(usage)
                exit(0)
            default: fail("unknown argument \(arg)")
            }
        }
        return options
    }

    func runs(_ phase: String) -> Bool { only.isEmpty || only.contains(phase) }

    /// The catalog folder: `--catalog`, the package's source folder, or the built resource bundle.
    func catalogDirectory() -> URL {
        if let catalog { return URL(fileURLWithPath: catalog) }
        let fm = FileManager.default
        let source = packageRoot.appendingPathComponent("Sources/DeployRoleKit/Resources/catalog")
        if fm.fileExists(atPath: source.appendingPathComponent("manifest.tsv").path) { return source }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let bundled = exe.appendingPathComponent("deployrole_DeployRoleKit.resources/catalog")
        if fm.fileExists(atPath: bundled.appendingPathComponent("manifest.tsv").path) { return bundled }
        fail("no catalog folder found (tried \(source.path) and \(bundled.path)); pass --catalog")
    }
}

/// The package root: the folder with Package.swift above the current directory, else the one this file is in.
func locatePackageRoot() -> URL {
    let fm = FileManager.default
    var dir = URL(fileURLWithPath: fm.currentDirectoryPath)
    for _ in 0..<6 {
        if fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
           fm.fileExists(atPath: dir.appendingPathComponent("Sources/DeployRoleKit").path) {
            return dir
        }
        dir.deleteLastPathComponent()
    }
    // Benchmarks/deployrole-bench/Options.swift -> package root.
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardized.path }
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    return cwd.appendingPathComponent(path).standardized.path
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("deployrole-bench: \(message)\n".utf8))
    exit(2)
}
