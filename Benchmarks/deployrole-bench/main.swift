import DeployRoleKit
import Foundation

// deployrole-bench: timings and peak memory of catalog loading, template parsing and the `generate`
// pipeline, on the Code Ocean release and the template corpus. Prints figures only; asserts nothing.

let options = BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
if let file = options.parseFile {
    do {
        try parseOnly(file)
        exit(0)
    } catch {
        fail("\(error)")
    }
}
let catalogDirectory = options.catalogDirectory()
print("deployrole-bench: iterations=\(options.iterations), corpus passes=\(options.corpusIterations)")
print("package root: \(options.packageRoot.standardized.path)")
print("peak RSS at start: \(mib(peakRSSMiB())) MiB\n")
recordRSS("start")

do {
    // The catalog phase always runs first: its cold figure is the process's first load.
    let (catalogTable, catalog) = try catalogPhase(catalogDirectory, iterations: options.iterations)
    if options.runs("catalog") { print(catalogTable.render()) }
    if options.runs("codeocean") {
        for table in try codeOceanPhase(options.codeOcean, iterations: options.iterations,
                                        catalogDirectory: catalogDirectory, catalog: catalog) {
            print(table.render())
        }
    }
    if options.runs("upgrade") {
        let old = URL(fileURLWithPath: options.codeOcean).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("v3.7.0/codeocean.template.yaml").path
        print(try upgradePhase(newPath: options.codeOcean, oldPath: old, iterations: options.iterations, catalog: catalog).render())
    }
    // Not part of the default run: `--only generate` runs the pipeline alone, for perf or callgrind.
    if options.only.contains("generate") {
        print(try generateOnlyPhase(options.codeOcean, iterations: options.iterations, catalog: catalog).render())
    }
    if options.runs("corpus") {
        for table in try corpusPhase(options.corpus, passes: options.corpusIterations, catalog: catalog) {
            print(table.render())
        }
    }
} catch {
    fail("\(error)")
}

var memory = Table("peak memory (getrusage RUSAGE_SELF ru_maxrss)", header: ["after phase", "max RSS MiB"])
for (phase, value) in rssAfterPhase { memory.add([phase, mib(value)]) }
print(memory.render())
