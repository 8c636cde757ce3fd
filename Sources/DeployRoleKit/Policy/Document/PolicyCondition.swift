/// The `Condition` element of a statement: every clause must hold for the statement to apply.
///
/// A clause is one operator applied to one condition key with its values; in JSON it is written
/// `"Operator": { "key": value-or-values }`. Clauses are kept sorted by operator name, then key, so that
/// equal conditions compare equal and serialize identically.
public struct PolicyCondition: Hashable, Sendable {
    /// One operator, one key and the values it is compared with (the values are OR'd).
    public struct Clause: Hashable, Sendable {
        public var conditionOperator: ConditionOperator
        /// The condition key as written; keys are matched case-insensitively.
        public var key: String
        public var values: [ConditionValue]

        public init(conditionOperator: ConditionOperator, key: String, values: [ConditionValue]) {
            self.conditionOperator = conditionOperator
            self.key = key
            self.values = values
        }
    }

    /// The clauses, all of which must hold.
    public private(set) var clauses: [Clause]

    public init(clauses: [Clause]) {
        self.clauses = clauses.sorted {
            ($0.conditionOperator.description, $0.key) < ($1.conditionOperator.description, $1.key)
        }
    }

    public var isEmpty: Bool { clauses.isEmpty }
}
