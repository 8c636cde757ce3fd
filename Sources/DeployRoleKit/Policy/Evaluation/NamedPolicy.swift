/// A policy document with the name it is reported under (a managed policy name, a file name, ...).
public struct NamedPolicy: Hashable, Sendable {
    public var name: String
    public var document: PolicyDocument

    public init(name: String, document: PolicyDocument) {
        self.name = name
        self.document = document
    }
}
