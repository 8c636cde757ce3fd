import Foundation
import OrderedCollections

/// One run of the `simulate` command: policy files and request arguments in, a decision and its report out.
///
/// All `--scp` files form a single organization level (their allows are combined, any deny denies).
public struct Simulation: Sendable {
    public var identityPolicies: [NamedPolicy]
    public var permissionsBoundary: NamedPolicy?
    public var serviceControlPolicies: [NamedPolicy]
    public var request: EvaluationRequest

    public init(identityPolicies: [NamedPolicy], permissionsBoundary: NamedPolicy?,
                serviceControlPolicies: [NamedPolicy], request: EvaluationRequest) {
        self.identityPolicies = identityPolicies
        self.permissionsBoundary = permissionsBoundary
        self.serviceControlPolicies = serviceControlPolicies
        self.request = request
    }

    /// Loads the policy files and builds the request from command-line values. A `--policy` file may hold a
    /// policy document, deployrole's `policy-json` list, or a role template (read as `RoleDefinition` does,
    /// for the default deployment).
    /// - Parameter contextArguments: `KEY=VALUE` pairs; a key given more than once is multi-valued.
    /// - Throws: ``DeployRoleError`` for an unreadable file, an invalid policy or a malformed argument.
    public init(policyFiles: [String], boundaryFile: String?, scpFiles: [String], action: String?,
                resource: String?, principal: String?, contextArguments: [String]) throws {
        guard let action, !action.isEmpty else { throw DeployRoleError(.usage, "--action is required") }
        guard action == "*" || action.contains(":") else {
            throw DeployRoleError(.usage, "--action must look like service:Action, got '\(action)'")
        }
        var context: [String: [ContextValue]] = [:]
        for argument in contextArguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw DeployRoleError(.usage, "--context expects KEY=VALUE, got '\(argument)'")
            }
            context[String(argument[..<equals]), default: []].append(String(argument[argument.index(after: equals)...]))
        }
        let identity = try RoleDefinition.load(paths: policyFiles, target: DeploymentTarget(stackName: RoleSettings.defaultStackName))
        self.init(identityPolicies: identity.policies,
                  permissionsBoundary: try boundaryFile.map(Simulation.loadPolicy),
                  serviceControlPolicies: try scpFiles.map(Simulation.loadPolicy),
                  request: EvaluationRequest(action: action, resource: resource ?? "*", principal: principal,
                                             context: context))
    }

    /// Reads and parses one JSON policy file, named by its path in reports.
    public static func loadPolicy(atPath path: String) throws -> NamedPolicy {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DeployRoleError(.io, "cannot read policy file (\(error.localizedDescription))", file: path)
        }
        do {
            return NamedPolicy(name: path, document: try PolicyDocument(json: data))
        } catch let error as PolicyDocumentError {
            throw error.deployRoleError(file: path)
        }
    }

    /// Evaluates the request; `facts` tells which actions are wildcard-only (normally the catalog).
    public func run(facts: (any ActionResourceFacts)? = nil) -> EvaluationResult {
        PolicyEvaluator(identityPolicies: identityPolicies,
                        permissionsBoundary: permissionsBoundary.map { [$0] },
                        serviceControlPolicies: serviceControlPolicies.isEmpty ? [] : [serviceControlPolicies],
                        facts: facts)
            .evaluate(request)
    }

    /// The process exit status for a decision: 0 when allowed, 1 when denied.
    public static func exitStatus(for result: EvaluationResult) -> Int32 {
        result.isAllowed ? 0 : 1
    }

    /// The decision and the statements behind it, as text lines or (with `json`) as a JSON object.
    public static func report(_ result: EvaluationResult, json: Bool) -> String {
        json ? jsonReport(result) : textReport(result)
    }

    private static func textReport(_ result: EvaluationResult) -> String {
        var lines = [result.decision.rawValue]
        let verb: String
        switch result.decision {
        case .allowed: verb = "allowed by"
        case .explicitlyDenied: verb = "denied by"
        case .implicitlyDenied: verb = "allowed only by"
        }
        if let missing = result.missingAllow { lines.append("  no statement allows in: \(missing.rawValue) policies") }
        for statement in result.decidingStatements {
            lines.append("  \(verb) \(statement.policyKind.rawValue) \(statement)")
        }
        return lines.joined(separator: "\n")
    }

    private static func jsonReport(_ result: EvaluationResult) -> String {
        var object = OrderedDictionary<String, PolicyJSON>()
        object["decision"] = .string(result.decision.rawValue)
        if let missing = result.missingAllow { object["missingAllow"] = .string(missing.rawValue) }
        object["decidingStatements"] = .array(result.decidingStatements.map { statement in
            var entry = OrderedDictionary<String, PolicyJSON>()
            entry["policyKind"] = .string(statement.policyKind.rawValue)
            entry["policyName"] = .string(statement.policyName)
            entry["statementIndex"] = .number(Double(statement.statementIndex))
            if let sid = statement.sid { entry["sid"] = .string(sid) }
            return .object(entry)
        })
        return PolicyJSON.object(object).render(pretty: true)
    }
}
