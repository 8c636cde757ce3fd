import OrderedCollections

/// The `Principal` or `NotPrincipal` element of a statement.
///
/// `any` is the bare string `"*"`. Otherwise principals are grouped by type (`AWS`, `Service`, `Federated`,
/// `CanonicalUser`), each with one or more identifiers. A bare string other than `"*"` is read as an `AWS`
/// principal, which is how it is commonly written in examples.
public enum PolicyPrincipal: Hashable, Sendable {
    case any
    case specific(OrderedDictionary<String, [String]>)

    /// The identifiers given for one principal type (for example `AWS`), empty when the type is absent.
    public func identifiers(ofType type: String) -> [String] {
        switch self {
        case .any: return []
        case .specific(let byType): return byType[type] ?? []
        }
    }
}
