import DeployRoleKit
import Foundation
import Yams

/// Peak RSS after each phase, in the order the phases ran.
nonisolated(unsafe) var rssAfterPhase: [(String, Double)] = []

func recordRSS(_ phase: String) { rssAfterPhase.append((phase, peakRSSMiB())) }

// MARK: Catalog

/// Loads the catalog cold (first in the process) and warm, and times the first lookups of a fresh instance.
func catalogPhase(_ directory: URL, iterations: Int) throws -> (Table, Catalog) {
    var table = Table("catalog load (\(directory.path))",
                      header: ["measurement", "first ms", "median ms", "min ms", "runs"])
    let (cold, coldMs) = try timed { try Catalog(directory: directory) }
    let firstType = timeMs { blackHole(cold.resourceType("AWS::S3::Bucket")) }
    let firstAction = timeMs { blackHole(cold.action("s3:GetObject")) }
    let again = timeMs {
        blackHole(cold.resourceType("AWS::S3::Bucket"))
        blackHole(cold.action("s3:GetObject"))
    }

    var loads: [Double] = [], types: [Double] = [], actions: [Double] = []
    for _ in 0..<iterations {
        let (catalog, loadMs) = try timed { try Catalog(directory: directory) }
        loads.append(loadMs)
        types.append(timeMs { blackHole(catalog.resourceType("AWS::S3::Bucket")) })
        actions.append(timeMs { blackHole(catalog.action("s3:GetObject")) })
    }
    let load = Samples(loads), type = Samples(types), action = Samples(actions)
    let loadPlusFirst = Samples(zip(zip(loads, types), actions).map { $0.0 + $0.1 + $1 })
    table.add(["Catalog(directory:)", ms(coldMs), ms(load.median), ms(load.min), "1+\(iterations)"])
    table.add(["first resourceType(AWS::S3::Bucket)", ms(firstType), ms(type.median), ms(type.min), "1+\(iterations)"])
    table.add(["first action(s3:GetObject)", ms(firstAction), ms(action.median), ms(action.min), "1+\(iterations)"])
    table.add(["load + both first lookups", ms(coldMs + firstType + firstAction), ms(loadPlusFirst.median),
               ms(loadPlusFirst.min), "1+\(iterations)"])
    table.add(["both lookups again (cached)", ms(again), "-", "-", "1"])
    recordRSS("catalog")
    return (table, cold)
}

// MARK: Code Ocean

/// The `generate` pipeline as the CLI runs it: analysis, generation, role template YAML.
@discardableResult
func generate(_ path: String, root: String, options: DerivationOptions, catalog: Catalog) throws -> String {
    let analysis = try ReleaseAnalysis(templateAt: path, input: StackInput(templateRoots: [root]),
                                       options: options, catalog: catalog)
    let name = RoleSettings.defaultName(forTemplateAt: path, kind: options.kind)
    let generation = try RoleGeneration(analysis: analysis, settings: RoleSettings(name: name),
                                        sourceName: URL(fileURLWithPath: path).lastPathComponent)
    return try generation.roleTemplate.yaml()
}

/// Reads a file as text and composes it with Yams: the parse-only baseline.
func parseOnly(_ path: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    blackHole(try Yams.compose(yaml: text))
}

func codeOceanPhase(_ path: String, iterations: Int, catalogDirectory: URL, catalog: Catalog) throws -> [Table] {
    let root = URL(fileURLWithPath: path).deletingLastPathComponent().path
    let options = DerivationOptions()
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    var table = Table("Code Ocean \(URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent) "
                      + "(\(size / 1024) KiB, \(path))",
                      header: ["measurement", "first ms", "median ms", "min ms", "x parse-only", "runs"])

    func measure(_ body: () throws -> Void) throws -> (first: Double, samples: Samples) {
        let first = try timeMs(body)
        return (first, try sample(iterations, body))
    }
    let parse = try measure { try parseOnly(path) }
    let decode = try measure { blackHole(try TemplateDecoder().decode(fileAt: path)) }
    let warm = try measure { try generate(path, root: root, options: options, catalog: catalog) }
    let fresh = try measure {
        try generate(path, root: root, options: options, catalog: try Catalog(directory: catalogDirectory))
    }
    let base = parse.samples.median
    func row(_ name: String, _ m: (first: Double, samples: Samples)) {
        table.add([name, ms(m.first), ms(m.samples.median), ms(m.samples.min), ratio(m.samples.median / base),
                   "1+\(iterations)"])
    }
    row("parse-only: Yams.compose(yaml:)", parse)
    row("TemplateDecoder().decode", decode)
    row("generate (process catalog, warm)", warm)
    row("generate (new Catalog per run)", fresh)

    // Where generate's time goes: the stages of ReleaseAnalysis and RoleGeneration, run one after another.
    var stageSamples: [String: [Double]] = [:]
    let stageNames = ["StackEvaluator.evaluate (incl. decode)", "ServerlessTransform.expand",
                      "RequirementDeriver.derive", "PolicySynthesizer.policies", "RoleTemplateBuilder.template",
                      "OutputTree.yaml"]
    var counts = (resources: 0, requirements: 0, policies: 0, yamlBytes: 0)
    for _ in 0..<iterations {
        let (evaluated, t1) = try timed { try StackEvaluator(input: StackInput(templateRoots: [root])).evaluate(fileAt: path) }
        let (stack, t2) = try timed { try ServerlessTransform().expand(evaluated) }
        let (requirements, t3) = try timed { try RequirementDeriver(catalog: catalog, options: options).derive(from: stack) }
        let (policies, t4) = try timed { try PolicySynthesizer(quota: PolicyQuota(), catalog: catalog).policies(for: requirements) }
        let (tree, t5) = timed {
            RoleTemplateBuilder(name: "codeocean-deployer", kind: .deployer, defaultStackName: RoleSettings.defaultStackName,
                                sourceName: URL(fileURLWithPath: path).lastPathComponent, catalog: catalog.info)
                .template(policies: policies, requirements: requirements)
        }
        let (yaml, t6) = try timed { try tree.yaml() }
        for (name, t) in zip(stageNames, [t1, t2, t3, t4, t5, t6]) { stageSamples[name, default: []].append(t) }
        counts = (stack.allStacks.reduce(0) { $0 + $1.resources.count }, requirements.requirements.count,
                  policies.count, yaml.utf8.count)
    }
    var stages = Table("Code Ocean generate by stage (median of \(iterations); \(counts.resources) resources, "
                       + "\(counts.requirements) requirements, \(counts.policies) policies, "
                       + "\(counts.yamlBytes / 1024) KiB YAML)",
                       header: ["stage", "median ms", "min ms", "x parse-only"])
    var total = 0.0
    for name in stageNames {
        let s = Samples(stageSamples[name] ?? [])
        total += s.median
        stages.add([name, ms(s.median), ms(s.min), ratio(s.median / base)])
    }
    stages.add(["sum of medians", ms(total), "-", ratio(total / base)])
    recordRSS("codeocean")
    return [table, stages]
}

/// Only the generate pipeline on one template, `iterations` times with the warm catalog: for profilers.
func generateOnlyPhase(_ path: String, iterations: Int, catalog: Catalog) throws -> Table {
    let root = URL(fileURLWithPath: path).deletingLastPathComponent().path
    let runs = try sample(iterations) { try generate(path, root: root, options: DerivationOptions(), catalog: catalog) }
    var table = Table("generate only (\(path))", header: ["measurement", "median ms", "min ms", "runs"])
    table.add(["generate (process catalog)", ms(runs.median), ms(runs.min), "\(iterations)"])
    recordRSS("generate")
    return table
}

// MARK: Corpus

struct CorpusEntry {
    var relativePath: String
    var path: String
    var repositoryFolder: String
}

func corpusEntries(_ corpus: String) throws -> [CorpusEntry] {
    let root = URL(fileURLWithPath: corpus)
    let manifest = try String(contentsOf: root.appendingPathComponent("manifest.tsv"), encoding: .utf8)
    var lines = manifest.split(separator: "\n", omittingEmptySubsequences: true)
    guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false),
          let column = header.firstIndex(of: "path") else {
        fail("\(corpus)/manifest.tsv has no path column")
    }
    lines.removeFirst()
    return lines.compactMap { line in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard column < fields.count, !fields[column].isEmpty else { return nil }
        let relative = String(fields[column])
        let components = relative.split(separator: "/")
        let repository = components.count > 2 ? "templates/\(components[1])" : ""
        return CorpusEntry(relativePath: relative, path: root.appendingPathComponent(relative).path,
                           repositoryFolder: root.appendingPathComponent(repository).path)
    }
}

func corpusPhase(_ corpus: String, passes: Int, catalog: Catalog) throws -> [Table] {
    let entries = try corpusEntries(corpus)
    // Warm the page cache so that neither timed pass pays for the first read.
    for entry in entries { blackHole(FileManager.default.contents(atPath: entry.path)) }
    let options = DerivationOptions(allowUnknownTypes: true, allowUnexpandedMacros: true)

    var parseTotals: [Double] = [], generateTotals: [Double] = []
    var parsePer = [Double](repeating: .infinity, count: entries.count)
    var generatePer = [Double](repeating: .infinity, count: entries.count)
    var parseFailures = 0, generated = 0, otherErrors = 0
    var categories: [String: Int] = [:]
    for pass in 0..<passes {
        var total = 0.0
        var failures = 0
        for (i, entry) in entries.enumerated() {
            var failed = false
            let t = timeMs {
                do { try parseOnly(entry.path) } catch { failed = true }
            }
            if failed { failures += 1 }
            parsePer[i] = min(parsePer[i], t)
            total += t
        }
        parseTotals.append(total)
        parseFailures = failures

        total = 0
        var ok = 0, other = 0
        var byCategory: [String: Int] = [:]
        for (i, entry) in entries.enumerated() {
            let t = timeMs {
                do {
                    try generate(entry.path, root: entry.repositoryFolder, options: options, catalog: catalog)
                    ok += 1
                } catch let error as DeployRoleError {
                    byCategory[error.category.rawValue, default: 0] += 1
                } catch {
                    other += 1
                }
            }
            generatePer[i] = min(generatePer[i], t)
            total += t
        }
        generateTotals.append(total)
        if pass == 0 { (generated, otherErrors, categories) = (ok, other, byCategory) }
    }
    let parse = Samples(parseTotals), gen = Samples(generateTotals)
    var table = Table("corpus (\(entries.count) templates from \(corpus)/manifest.tsv; "
                      + "fastest of \(passes) pass\(passes == 1 ? "" : "es"))",
                      header: ["measurement", "total ms", "per template ms", "x parse-only"])
    table.add(["parse-only: Yams.compose(yaml:)", ms(parse.min), ms(parse.min / Double(entries.count)), ratio(1)])
    table.add(["generate (warm process catalog)", ms(gen.min), ms(gen.min / Double(entries.count)),
               ratio(gen.min / parse.min)])
    let failures = categories.values.reduce(0, +) + otherErrors
    table.add(["generated / failed (DeployRoleError) / other errors",
               "\(generated) / \(failures - otherErrors) / \(otherErrors)", "-", "-"])
    table.add(["parse-only failures (Yams)", "\(parseFailures)", "-", "-"])
    for (category, count) in categories.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
        table.add(["  failed: \(category)", "\(count)", "-", "-"])
    }

    // Per-template ratios: the distribution, and the templates where generate costs most.
    let ratios = zip(generatePer, parsePer).map { $0 / max($1, 0.001) }.sorted()
    func quantile(_ q: Double) -> Double { ratios.isEmpty ? .nan : ratios[min(ratios.count - 1, Int(Double(ratios.count) * q))] }
    var spread = Table("corpus: per-template generate / parse-only",
                       header: ["statistic", "ratio"])
    spread.add(["p10", ratio(quantile(0.10))])
    spread.add(["median", ratio(quantile(0.50))])
    spread.add(["p90", ratio(quantile(0.90))])
    spread.add(["max", ratio(ratios.last ?? .nan)])
    spread.add(["templates within 2x", "\(ratios.filter { $0 <= 2 }.count) of \(ratios.count)"])

    var slowest = Table("corpus: slowest 8 templates by generate time",
                        header: ["template", "parse ms", "generate ms", "ratio"])
    let order = entries.indices.sorted { generatePer[$0] != generatePer[$1] ? generatePer[$0] > generatePer[$1]
                                                                            : entries[$0].relativePath < entries[$1].relativePath }
    for i in order.prefix(8) {
        slowest.add([entries[i].relativePath.replacingOccurrences(of: "templates/", with: ""), ms(parsePer[i]),
                     ms(generatePer[i]), ratio(generatePer[i] / parsePer[i])])
    }
    recordRSS("corpus")
    return [table, spread, slowest]
}

// MARK: Upgrade: check and diff on Code Ocean

/// `diff OLD NEW` as the CLI runs it, by stage, and `check NEW` of
/// the role generated for NEW: in process, with the warm catalog.
func upgradePhase(newPath: String, oldPath: String, iterations: Int, catalog: Catalog) throws -> Table {
    // As `deployrole diff OLD NEW` runs it.
    let options = DerivationOptions()
    let stageNames = ["analyses of both releases (UpgradeAnalyses, in parallel)",
                      "ReleaseDiff (both roles alongside the upgrade's requests, three evaluations)",
                      "check: requests of the new release", "check: evaluation against its role"]
    var samples: [String: [Double]] = [:]
    var counts = (upgrade: 0, check: 0)
    for _ in 0..<iterations {
        let (releases, t1) = try timed {
            try UpgradeAnalyses(release: ReleaseSource(templatePath: newPath, options: options),
                                upgradingFrom: [ReleaseSource(templatePath: oldPath, input: StackInput(ignoresUndeclaredParameters: true),
                                                              options: options)],
                                catalog: catalog)
        }
        let (old, new) = (releases.olds[0], releases.release)
        var newOptions = options
        newOptions.scoping.upgrading(from: [old.stack], catalog: catalog)
        let settings = RoleSettings(name: "codeocean-deployer")
        let target = DeploymentTarget(stackName: settings.stackName)
        let (diff, t2) = try timed {
            try ReleaseDiff(old: old, new: new, settings: settings, sourceNames: (oldPath, newPath), target: target,
                            options: newOptions.scoping)
        }
        let (requests, t3) = timed {
            RequestSynthesizer(stacks: new.stacks, target: target, options: newOptions.scoping, catalog: catalog)
                .requests(for: new.requirements)
        }
        let role = try diff.newRole.concreteRole(for: target)
        let (check, t4) = timed { RoleCheck(requests: requests, requirements: new.requirements, role: role, catalog: catalog) }
        blackHole(diff.added.count + check.missing.count)
        counts = (diff.upgrade.requirements.requirements.count, requests.count)
        for (name, t) in zip(stageNames, [t1, t2, t3, t4]) { samples[name, default: []].append(t) }
    }
    var table = Table("Code Ocean upgrade v3.7.0 → v3.8.2 by stage (median of \(iterations); \(counts.upgrade) upgrade "
                      + "requirements, \(counts.check) requests checked)",
                      header: ["stage", "median ms", "min ms"])
    var diffTotal = 0.0
    for (index, name) in stageNames.enumerated() {
        let s = Samples(samples[name] ?? [])
        if index < 2 { diffTotal += s.median }
        table.add([name, ms(s.median), ms(s.min)])
    }
    table.add(["diff: sum of the first two medians", ms(diffTotal), "-"])
    recordRSS("upgrade")
    return table
}
