import Foundation

/// The data tables the requirement rules use (`Resources/rules/*.tsv`), each row with its source.
///
/// Code holds the rules; these files hold the facts, so that a reviewer can check each row against the
/// AWS page it cites.
public struct RuleData: Sendable {
    /// Actions a final snapshot needs, per resource type that supports the Snapshot policy.
    public let snapshotActions: [String: [String]]
    /// The stack operations a deployer calls, in file order.
    public let stackOperations: [StackOperation]
    /// Actions template features need, per feature name.
    public let serviceFeatures: ServiceFeatures
    /// How each CloudFormation type's own resource is named in IAM, per type.
    public let ownResources: [String: [OwnResourceRule]]
    /// The service names for `iam:AWSServiceName`, per resource type prefix (`AWS::AutoScaling::`).
    public let serviceLinkedRoles: [String: [String]]
    /// Handler actions that serve only one property, per resource type.
    public let propertyActions: [String: [PropertyActions]]
    /// `service-id-types.tsv`: per CloudFormation type, the IAM resource types (`ec2:elastic-ip`) that are
    /// its own although not named after it.
    public let serviceIdTypes: [String: Set<String>]
    /// `request-bindings.tsv`: per CloudFormation type and action, the condition key by which the request
    /// names the resource itself, and the IAM resource type whose ARN it holds.
    public let requestBindings: [String: RequestBinding]
    /// `data-properties.tsv`: property names whose values are data, never resources a handler acts on.
    public let dataProperties: Set<String>
    /// Per AWS-specific parameter type (`AWS::EC2::KeyPair::KeyName`): the calls CloudFormation makes to
    /// check a value (`parameter-validation.tsv`).
    public let parameterValidation: [String: [String]]
    /// `existing-resource-ids.tsv`: how a release names an existing resource by its ID, per IAM resource type.
    public let existingResourceIds: [ExistingResourceId]
    /// `lower-case-names.tsv`: per CloudFormation type, the name properties its service accepts only in lower case.
    public let lowerCaseNames: [String: [String]]

    /// A row of `existing-resource-ids.tsv`.
    public struct ExistingResourceId: Sendable, Hashable {
        /// `service:name`, e.g. `ec2:vpc`.
        public let iamResourceType: String
        /// The longest ID (or name) of such a resource.
        public let maximumLength: Int
        /// The prefix of the service's IDs (`vpc-`), if they have one.
        public let idPrefix: String?
        /// The AWS-specific parameter type whose values are such IDs (`AWS::EC2::VPC::Id`).
        public let parameterType: String?
        /// The CloudFormation types whose `Ref` returns such an ID.
        public let referencedTypes: Set<String>
        public let source: String
    }

    /// A row of `request-bindings.tsv`.
    public struct RequestBinding: Sendable, Hashable {
        public let conditionKey: String
        /// `service:name`, e.g. `iam:policy`.
        public let iamResourceType: String
        public let source: String
    }

    /// The binding of `action` called for a resource of `type`, if the table has one.
    func requestBinding(type: String, action: String) -> RequestBinding? { requestBindings[type + " " + action.lowercased()] }

    /// Actions a resource type's create and update handlers call only to set one property.
    public struct PropertyActions: Sendable, Hashable {
        /// The property path below `Properties` (`Code/S3Bucket`).
        public let path: [String]
        public let actions: Set<String>
        public let source: String
        /// Whether removing the property calls these same actions (so an update from a release that set it
        /// needs them), with the AWS document that says how it is removed.
        public let removedBySameActions: Bool
        public let removalSource: String
    }

    /// One CloudFormation API call the deploying principal makes on the stack.
    public struct StackOperation: Sendable, Hashable {
        public let action: String
        public let phase: HandlerPhase
        public let operation: String
        public let source: String
    }

    /// An action a template feature needs and the phases that need it.
    public struct ServiceFeature: Sendable, Hashable {
        public let action: String
        public let phases: [HandlerPhase]
        public let source: String
    }

    /// The tables compiled into deployrole from `Resources/rules` (every test reads them), so that reading
    /// them cannot fail at run time whatever the environment.
    public static let embedded: RuleData = {
        do {
            return try RuleData(folder: .embedded("rules"))
        } catch {
            preconditionFailure("the compiled-in rule tables do not read (a build defect): \(error)")
        }
    }()

    /// Reads the tables of a folder.
    /// - Throws: `DeployRoleError` (category `io`) for a missing file or a malformed row.
    public init(folder directory: DataFolder) throws {
        snapshotActions = try Dictionary(uniqueKeysWithValues: Self.rows(directory, "snapshot-actions.tsv", columns: 3).map {
            ($0[0], $0[1].split(separator: ",").map(String.init))
        })
        stackOperations = try Self.rows(directory, "stack-operations.tsv", columns: 4).map { row in
            StackOperation(action: row[0], phase: try Self.phase(row[1]), operation: row[2], source: row[3])
        }
        serviceFeatures = try ServiceFeatures(rows: Dictionary(uniqueKeysWithValues: Self.rows(directory, "service-features.tsv", columns: 4).map { row in
            (row[0], ServiceFeature(action: row[1], phases: try row[2].split(separator: ",").map { try Self.phase(String($0)) },
                                    source: row[3]))
        }), file: directory.path("service-features.tsv"))
        ownResources = try Self.ownResourceRules(Self.rows(directory, "resource-scopes.tsv", columns: 9))
        serviceLinkedRoles = try Dictionary(uniqueKeysWithValues: Self.rows(directory, "service-linked-roles.tsv", columns: 3).map {
            ($0[0], $0[1].split(separator: ",").map(String.init))
        })
        dataProperties = Set(try Self.rows(directory, "data-properties.tsv", columns: 2).map { $0[0] })
        parameterValidation = Dictionary(grouping: try Self.rows(directory, "parameter-validation.tsv", columns: 3),
                                         by: { $0[0] }).mapValues { rows in rows.map { $0[1] } }
        requestBindings = Dictionary(try Self.rows(directory, "request-bindings.tsv", columns: 5).map {
            ($0[0] + " " + $0[1].lowercased(), RequestBinding(conditionKey: $0[2], iamResourceType: $0[3], source: $0[4]))
        }, uniquingKeysWith: { first, _ in first })
        existingResourceIds = try Self.rows(directory, "existing-resource-ids.tsv", columns: 6).map { row in
            guard let length = Int(row[1]) else {
                throw DeployRoleError(.io, "existing-resource-ids.tsv: the longest ID must be a number in \"\(row.joined(separator: "\t"))\"")
            }
            return ExistingResourceId(iamResourceType: row[0], maximumLength: length, idPrefix: row[2] == "-" ? nil : row[2],
                                      parameterType: row[3] == "-" ? nil : row[3],
                                      referencedTypes: row[4] == "-" ? [] : Set(row[4].split(separator: ",").map(String.init)),
                                      source: row[5])
        }
        lowerCaseNames = Dictionary(grouping: try Self.rows(directory, "lower-case-names.tsv", columns: 3), by: { $0[0] })
            .mapValues { rows in rows.map { $0[1] } }
        serviceIdTypes = Dictionary(grouping: try Self.rows(directory, "service-id-types.tsv", columns: 3), by: { $0[0] })
            .mapValues { Set($0.map { $0[1] }) }
        propertyActions = Dictionary(grouping: try Self.rows(directory, "property-actions.tsv", columns: 6).map { row in
            guard ["same", "other"].contains(row[4]) else {
                throw DeployRoleError(.io, "property-actions.tsv: removal must be same or other in \"\(row.joined(separator: "\t"))\"")
            }
            return (type: row[0], rule: PropertyActions(path: row[1].split(separator: "/").map(String.init),
                                                        actions: Set(row[2].split(separator: ",").map(String.init)), source: row[3],
                                                        removedBySameActions: row[4] == "same", removalSource: row[5]))
        }, by: \.type).mapValues { $0.map(\.rule) }
    }

    /// The feature's row; the tables are bundled, so a missing row is a programming error.

    private static func rows(_ directory: DataFolder, _ name: String, columns: Int) throws -> [[String]] {
        try CatalogRecord.read(try directory.data(name)) { records in
            try records.filter { !$0.isComment }.map { record in
                guard record.count == columns else {
                    throw DeployRoleError(.io, "\(name): expected \(columns) tab-separated fields in \"\(record.line)\"")
                }
                return record.strings
            }
        }
    }

    private static func phase(_ text: String) throws -> HandlerPhase {
        guard let phase = HandlerPhase(rawValue: text) else { throw DeployRoleError(.io, "unknown phase \(text)") }
        return phase
    }
}
