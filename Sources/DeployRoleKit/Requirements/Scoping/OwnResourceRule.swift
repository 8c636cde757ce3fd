/// How a CloudFormation type's own resource appears in IAM: its IAM resource type, where its name goes in
/// the ARN, and how CloudFormation names it when the template does not (a row of `resource-scopes.tsv`).
public struct OwnResourceRule: Hashable, Sendable {
    public enum GeneratedName: String, Hashable, Sendable {
        /// `<stack>-<logicalId>-<random>`.
        case mixed
        /// `<stack>-<logicalId>-<random>`, lower-cased.
        case lower
        /// No generated name deployrole can predict: only explicit names scope the resource.
        case none
    }

    public let cloudFormationType: String
    /// `service:name` in the IAM reference.
    public let iamResourceType: String
    public let namePlaceholder: String
    /// The property holding an explicit name; nil when the type takes none.
    public let nameProperty: String?
    public let generatedName: GeneratedName
    public let maximumNameLength: Int
    /// The property holding an IAM path, whose value precedes the name in the ARN.
    public let pathProperty: String?
    /// Text appended to the name in the ARN, one pattern each (`:*` for a function's versions).
    public let nameSuffixes: [String]
    public let source: String

    var service: String { String(iamResourceType.prefix { $0 != ":" }) }
    var resourceName: String { String(iamResourceType.drop { $0 != ":" }.dropFirst()) }
}

extension RuleData {
    /// Rows of `resource-scopes.tsv` per CloudFormation type.
    static func ownResourceRules(_ rows: [[String]]) throws -> [String: [OwnResourceRule]] {
        var rules: [String: [OwnResourceRule]] = [:]
        for row in rows {
            guard let style = OwnResourceRule.GeneratedName(rawValue: row[4]), let length = Int(row[5]) else {
                throw DeployRoleError(.io, "resource-scopes.tsv: bad row \(row.joined(separator: " | "))")
            }
            let rule = OwnResourceRule(
                cloudFormationType: row[0], iamResourceType: row[1], namePlaceholder: row[2],
                nameProperty: row[3] == "-" ? nil : row[3], generatedName: style, maximumNameLength: length,
                pathProperty: row[6] == "-" ? nil : row[6],
                nameSuffixes: row[7] == "-" ? [""] : row[7].split(separator: ",", omittingEmptySubsequences: false).map(String.init),
                source: row[8])
            rules[rule.cloudFormationType, default: []].append(rule)
        }
        return rules
    }
}
