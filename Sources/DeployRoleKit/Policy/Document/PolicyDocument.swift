import Foundation

/// An IAM policy document: `Version`, optional `Id` and its statements.
///
/// Parse one with ``init(json:)``, ``init(jsonString:)`` or ``init(jsonObject:)``; a document IAM would
/// reject throws a ``PolicyDocumentError`` naming the offending element.
public struct PolicyDocument: Hashable, Sendable {
    /// The policy language version that enables policy variables.
    public static let currentVersion = "2012-10-17"

    public var version: String?
    public var id: String?
    public var statements: [PolicyStatement]

    public init(version: String? = PolicyDocument.currentVersion, id: String? = nil, statements: [PolicyStatement]) {
        self.version = version
        self.id = id
        self.statements = statements
    }

    /// Whether `${...}` in resources and condition values are policy variables (only in version 2012-10-17;
    /// older documents treat them as literal text).
    public var supportsPolicyVariables: Bool { version == PolicyDocument.currentVersion }

    /// Parses a JSON policy document.
    public init(json: Data) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        } catch {
            throw PolicyDocumentError(path: "", message: "not valid JSON (\(error.localizedDescription))")
        }
        try self.init(jsonObject: object)
    }

    /// Parses a JSON policy document given as text.
    public init(jsonString: String) throws {
        try self.init(json: Data(jsonString.utf8))
    }

    /// Reads a document already decoded into Foundation values (`JSONSerialization` output, or YAML decoded
    /// into dictionaries, arrays, strings, numbers and booleans).
    public init(jsonObject: Any) throws {
        self = try PolicyDocumentParser.document(from: jsonObject)
    }
}
