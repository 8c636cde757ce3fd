/// A CloudFormation resource handler: the operation CloudFormation performs on a resource, each with its
/// own set of IAM actions (the `handlers` of a resource provider schema).
public enum HandlerPhase: String, CaseIterable, Sendable, Hashable, Comparable {
    case create, read, update, delete, list

    /// Lifecycle order: create, read, update, delete, list.
    public static func < (lhs: HandlerPhase, rhs: HandlerPhase) -> Bool {
        lhs.order < rhs.order
    }

    private var order: Int {
        switch self {
        case .create: 0
        case .read: 1
        case .update: 2
        case .delete: 3
        case .list: 4
        }
    }
}
