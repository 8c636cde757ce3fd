import Foundation
import OrderedCollections
import Testing
@testable import DeployRoleKit

/// Upgrades between synthetic releases of corpus templates: each template's next release removes one
/// resource, adds a copy of another under a new logical ID and changes a property of a third. The role
/// generated with `--upgrade-from` must allow every request of the upgrade (the new release's create,
/// update and delete, the old release's update for the rollback and delete for the cleanup) under random
/// stack names; the role for the next release alone, when the next release has no resource of the
/// removed one's type, must mostly lack the cleanup (where it does not, another resource needs the same
/// calls on the same ARNs: a queue policy is deleted by setting its queue's attributes, which the queue needs too).
@Suite struct UpgradeSufficiencyTests {
    /// A next release of `template`, or nil when the template has too few resources to change three.
    /// - Parameter inScope: the resources the release deploys (their conditions hold): one of them is removed.
    static func nextRelease(of template: Template, inScope: Set<String>) throws
        -> (template: Template, removed: String, added: String, changed: String)? {
        guard var root = template.root.mapValue, var resources = root["Resources"]?.mapValue, resources.count >= 3 else { return nil }
        let ids = Array(resources.keys)
        // Remove the last resource nothing else names (no Ref, GetAtt, Sub or DependsOn to it).
        let text = { (node: TemplateNode) in String(describing: node) }
        guard let removed = ids.reversed().first(where: { id in
            inScope.contains(id) && resources.filter { $0.key != id }.values.allSatisfy { !text($0).contains("\"\(id)\"") && !text($0).contains(id + ".") && !text($0).contains("${\(id)") }
                && !(root["Outputs"].map(text)?.contains(id) ?? false)
        }) else { return nil }
        resources.removeValue(forKey: removed)
        // Copy the first remaining resource (explicit names and all) under a new logical ID.
        let source = resources.keys.first { $0 != removed }!
        let added = source + "Added"
        resources[added] = resources[source]
        // Change the first string property of another resource.
        var changed = ""
        for id in resources.keys where id != added && id != source {
            guard var entry = resources[id]?.mapValue, var properties = entry["Properties"]?.mapValue,
                  let key = properties.keys.first(where: { properties[$0]?.stringValue != nil }) else { continue }
            properties[key] = TemplateNode(.string(properties[key]!.stringValue! + "2"), location: properties[key]?.location)
            entry["Properties"] = TemplateNode(.map(properties), location: resources[id]?.location)
            resources[id] = TemplateNode(.map(entry), location: resources[id]?.location)
            changed = id
            break
        }
        root["Resources"] = TemplateNode(.map(resources), location: template.root.location)
        let file = URL(fileURLWithPath: template.file).deletingLastPathComponent()
            .appendingPathComponent("next-" + URL(fileURLWithPath: template.file).lastPathComponent).path
        return (try Template(root: TemplateNode(.map(root), location: template.root.location), file: file), removed, added, changed)
    }

    @Test func upgradeRolesAllowEveryRequestOfSyntheticUpgrades() async throws {
        guard SharedData.mustRun() else { return }
        // Every third corpus template, so that the suite stays within a newcomer's patience.
        let entries = try CorpusSupport.entries().enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        let results = await withTaskGroup(of: Outcome?.self) { group in
            var outcomes: [Outcome?] = []
            var next = 0
            let width = max(2, ProcessInfo.processInfo.activeProcessorCount)
            func add(_ entry: CorpusSupport.Entry) {
                group.addTask { Self.judge(entry) }
            }
            while next < min(width, entries.count) { add(entries[next]); next += 1 }
            for await outcome in group {
                outcomes.append(outcome)
                if next < entries.count { add(entries[next]); next += 1 }
            }
            return outcomes
        }
        let judged = results.compactMap { $0 }
        let failures = judged.compactMap(\.failure)
        let cleanups = judged.compactMap(\.aloneLacksCleanup)
        let lacking = cleanups.filter { $0 }.count
        print("synthetic upgrades: \(judged.count) corpus templates upgraded, \(judged.reduce(0) { $0 + $1.requests }) requests, "
              + "\(failures.count) failing; the role for the next release alone lacks the cleanup in \(lacking) of \(cleanups.count)")
        for failure in failures.prefix(10) { print("  " + failure) }
        for covered in judged.filter({ $0.aloneLacksCleanup == false }) { print("  the role for the next release alone covers: \(covered.release)") }
        #expect(judged.count > 60)
        #expect(failures.isEmpty)
        #expect(cleanups.count > 30)
        #expect(Double(lacking) >= 0.75 * Double(cleanups.count))
    }

    struct Outcome: Sendable {
        /// The template and the resources changed.
        var release: String
        var requests: Int
        /// Why the upgrade failed, if it did.
        var failure: String?
        /// When the next release has no resource of the removed one's type: whether the role for the next
        /// release alone lacks a call of its cleanup.
        var aloneLacksCleanup: Bool?
    }

    /// The upgrade of one corpus template to its synthetic next release; nil when the template is not usable
    /// here (nested stacks, transforms, fewer than three or more than 40 resources, or it does not generate).
    static func judge(_ entry: CorpusSupport.Entry) -> Outcome? {
        do {
            let input = StackInput(templateRoots: [entry.repositoryFolder])
            let template = try Template.load(fileAt: entry.path)
            // Releases of up to 40 resources (Code Ocean's upgrade tests cover a large one).
            guard template.resources.count <= 40,
                  template.resources.values.allSatisfy({ $0.type != "AWS::CloudFormation::Stack" && !$0.type.hasPrefix("AWS::Serverless") })
            else { return nil }
            let old = try ReleaseAnalysis(templateAt: entry.path, input: input)
            guard let next = try nextRelease(of: template, inScope: Set(old.stack.resources.map(\.logicalId))) else { return nil }
            let new = try ReleaseAnalysis(evaluated: try StackEvaluator(input: input).evaluate(next.template), input: input)
            let upgrade = ReleaseAnalysis(upgradingFrom: [old], to: new)
            let settings = RoleSettings(name: "upgrade")
            let role = try RoleGeneration(analysis: upgrade, settings: settings, sourceName: entry.relativePath)
            let result = try SufficiencySupport.failures(of: role, options: ScopingOptions(), stackNames: 2)
            var outcome = Outcome(release: "\(entry.relativePath) (removed \(next.removed), added \(next.added), changed \(next.changed))",
                                  requests: result.requests)
            if !result.failures.isEmpty {
                outcome.failure = outcome.release + ": " + result.failures.prefix(3).map(\.description).joined(separator: "; ")
            }
            // The cleanup deletes the removed resource with the old release's requirements.
            let cleanup = upgrade.requirements.requirements.filter {
                $0.provenance.logicalId == next.removed && $0.phase == .delete && $0.provenance.previousRelease == entry.path
            }
            let removedType = template.resources[next.removed]?.type ?? ""
            let deletes = Catalog.embedded.resourceType(removedType)?.actions(for: .delete) ?? []
            let typeRemains = new.stack.resources.contains { $0.type == removedType }
            if !deletes.isEmpty, cleanup.isEmpty, !typeRemains {
                outcome.failure = "\(entry.relativePath): no cleanup requirement for removed \(next.removed) (\(removedType))"
            }
            // Without the old release, the role for the next release lacks a cleanup call.
            if !cleanup.isEmpty, !typeRemains {
                let alone = try RoleGeneration(analysis: new, settings: settings, sourceName: entry.relativePath).concreteRole()
                let check = RoleCheck(analysis: upgrade, role: alone, target: DeploymentTarget(stackName: settings.stackName))
                outcome.aloneLacksCleanup = check.missing.contains { $0.requirements.contains { $0.provenance.logicalId == next.removed } }
            }
            return outcome
        } catch {
            return nil
        }
    }
}
