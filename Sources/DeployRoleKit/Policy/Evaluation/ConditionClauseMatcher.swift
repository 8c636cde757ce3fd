/// A condition clause compiled for evaluation.
///
/// IAM semantics implemented here:
/// - A key missing from the request (or present with no values): `...IfExists` holds; negated comparisons
///   (`StringNotEquals`, `NotIpAddress`, ...) hold; `ForAllValues:` holds; everything else fails.
/// - Policy values are OR'd: a positive comparison holds for a request value if any policy value matches;
///   a negated one if no policy value matches.
/// - Without a set qualifier a positive comparison needs some request value to hold, a negated one needs
///   every request value to hold; `ForAnyValue:` needs some, `ForAllValues:` every request value.
/// - `Null` with `true` holds when the key is missing, with `false` when it is present.
/// - A policy value whose variable cannot be resolved matches nothing.
struct ConditionClauseMatcher: Sendable {
    private enum Operand: Sendable {
        case ready(ConditionOperand)
        case withVariables(PolicyText)
    }

    private let conditionOperator: ConditionOperator
    private let lowercasedKey: String
    /// The positive comparison: the operator's own, or the one a negated operator negates.
    private let positiveComparison: ConditionOperator.Comparison
    private let isNegated: Bool
    private let operands: [Operand]
    /// The operands when none has a variable, so evaluation need not resolve anything.
    private let readyOperands: [ConditionOperand]?
    private let nullExpectsMissingKey: [Bool]

    init(_ clause: PolicyCondition.Clause, variablesEnabled: Bool) {
        conditionOperator = clause.conditionOperator
        lowercasedKey = clause.key.lowercased()
        let comparison = clause.conditionOperator.comparison
        positiveComparison = comparison.negatedComparison ?? comparison
        isNegated = comparison.negatedComparison != nil
        nullExpectsMissingKey = clause.values.map { $0.text.lowercased() == "true" }
        let substitutes = variablesEnabled && comparison.acceptsPolicyVariables
        let positive = positiveComparison
        operands = clause.values.map { value in
            let text = PolicyText(value.text, variablesEnabled: substitutes)
            return text.hasVariables ? .withVariables(text) : .ready(ConditionClauseMatcher.operand(text, nil, positive))
        }
        readyOperands = operands.allSatisfy { if case .ready = $0 { return true } else { return false } }
            ? operands.map { if case .ready(let operand) = $0 { return operand } else { return .unusable } }
            : nil
    }

    /// The operand a policy value stands for once its variables are substituted from `context`.
    private static func operand(_ text: PolicyText, _ context: RequestContext?,
                                _ comparison: ConditionOperator.Comparison) -> ConditionOperand {
        if comparison == .stringLike {
            return text.pattern(in: context).map(ConditionOperand.pattern) ?? .unusable
        }
        return text.resolved(in: context).map { ConditionOperand($0, for: comparison) } ?? .unusable
    }

    func holds(in context: RequestContext) -> Bool {
        let requestValues = context.values(forLowercasedKey: lowercasedKey) ?? []
        if conditionOperator.comparison == .null {
            return nullExpectsMissingKey.contains(requestValues.isEmpty)
        }
        if requestValues.isEmpty {
            switch conditionOperator.setQualifier {
            case nil: return conditionOperator.ifExists || isNegated
            case .forAnyValue: return conditionOperator.ifExists
            case .forAllValues: return true
            }
        }
        let resolved = readyOperands ?? operands.map { operand -> ConditionOperand in
            switch operand {
            case .ready(let ready): return ready
            case .withVariables(let text): return ConditionClauseMatcher.operand(text, context, positiveComparison)
            }
        }
        switch conditionOperator.setQualifier {
        case nil where isNegated, .forAllValues:
            for requestValue in requestValues where !satisfies(requestValue, resolved) { return false }
            return true
        case nil, .forAnyValue:
            for requestValue in requestValues where satisfies(requestValue, resolved) { return true }
            return false
        }
    }

    /// Whether one request value satisfies the clause: a positive comparison needs a matching policy value,
    /// a negated one needs every policy value to be comparable and not match.
    private func satisfies(_ requestValue: String, _ operands: [ConditionOperand]) -> Bool {
        for operand in operands {
            let match = operand.matches(requestValue, comparison: positiveComparison)
            if isNegated, match != false { return false }
            if !isNegated, match == true { return true }
        }
        return isNegated
    }
}
