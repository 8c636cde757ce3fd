/// Decides template conditions: true, false, or `nil` when the answer depends on a value unknown before
/// deployment (a parameter with no value and no default, a pseudo parameter, a resource attribute).
struct ConditionEvaluator {
    private var resolver: IntrinsicResolver
    private var inProgress: Set<String> = []

    init(resolver: IntrinsicResolver) {
        self.resolver = resolver
    }

    /// Decides every condition of the template, in declaration order, following `Condition` references.
    static func evaluateAll(_ resolver: IntrinsicResolver,
                            observations: inout IntrinsicResolver.Observations) throws -> [String: Bool?] {
        var evaluator = ConditionEvaluator(resolver: resolver)
        for name in resolver.template.conditions.keys where evaluator.resolver.conditionResults[name] == nil {
            _ = try evaluator.decide(name, at: nil, observations: &observations)
        }
        return evaluator.resolver.conditionResults
    }

    /// Decides one condition expression.
    mutating func evaluate(_ node: TemplateNode, observations: inout IntrinsicResolver.Observations) throws -> Bool? {
        guard let call = node.intrinsicCall else {
            if case .bool(let flag) = node.kind { return flag }
            if let text = node.stringValue?.lowercased(), text == "true" || text == "false" { return text == "true" }
            throw DeployRoleError(.invalidTemplate, "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition",
                                  location: node.location)
        }
        switch call.name {
        case "Condition":
            guard let name = call.argument.stringValue else {
                throw DeployRoleError(.invalidTemplate, "Condition takes a condition name", location: node.location)
            }
            return try decide(name, at: node, observations: &observations)
        case "Fn::Equals":
            guard let operands = call.argument.listValue, operands.count == 2 else {
                throw DeployRoleError(.invalidTemplate, "Fn::Equals takes two values", location: node.location)
            }
            let left = try resolver.resolve(operands[0], observations: &observations) ?? .string("")
            let right = try resolver.resolve(operands[1], observations: &observations) ?? .string("")
            return Self.equals(left, right)
        case "Fn::Not":
            guard let operands = call.argument.listValue, operands.count == 1 else {
                throw DeployRoleError(.invalidTemplate, "Fn::Not takes one condition", location: node.location)
            }
            return try evaluate(operands[0], observations: &observations).map { !$0 }
        case "Fn::And", "Fn::Or":
            guard let operands = call.argument.listValue, !operands.isEmpty else {
                throw DeployRoleError(.invalidTemplate, "\(call.name) takes a list of conditions", location: node.location)
            }
            let isAnd = call.name == "Fn::And"
            var undecided = false
            for operand in operands {
                switch try evaluate(operand, observations: &observations) {
                case .some(let value) where value != isAnd: return value
                case .some: continue
                case .none: undecided = true
                }
            }
            return undecided ? nil : isAnd
        default:
            throw DeployRoleError(.invalidTemplate, "\(call.name) cannot be used in a condition", location: node.location)
        }
    }

    private mutating func decide(_ name: String, at node: TemplateNode?,
                                 observations: inout IntrinsicResolver.Observations) throws -> Bool? {
        if let known = resolver.conditionResults[name] { return known }
        guard let definition = resolver.template.conditions[name] else {
            throw DeployRoleError(.invalidTemplate, "condition \(name) is not declared", location: node?.location)
        }
        guard inProgress.insert(name).inserted else {
            throw DeployRoleError(.invalidTemplate, "condition \(name) refers to itself", location: definition.location,
                                  logicalId: name)
        }
        let result: Bool?
        do {
            result = try evaluate(definition, observations: &observations)
        } catch var error as DeployRoleError {
            if error.logicalId == nil { error.logicalId = name }
            throw error
        }
        inProgress.remove(name)
        resolver.conditionResults[name] = .some(result)
        return result
    }

    /// Compares two values as CloudFormation does (by their string form); nil when either is unknown.
    static func equals(_ left: Value, _ right: Value) -> Bool? {
        let lefts = left.alternatives(), rights = right.alternatives()
        var sawEqual = false, sawDifferent = false
        for leftOption in lefts {
            for rightOption in rights {
                guard let same = concreteEquals(leftOption, rightOption) else { return nil }
                if same { sawEqual = true } else { sawDifferent = true }
            }
        }
        if sawEqual && sawDifferent { return nil }
        return sawEqual
    }

    private static func concreteEquals(_ left: Value, _ right: Value) -> Bool? {
        if let leftText = left.concreteString, let rightText = right.concreteString { return leftText == rightText }
        if case .null = left, case .null = right { return true }
        if let leftItems = left.listValue, let rightItems = right.listValue, left.isConcrete, right.isConcrete {
            guard leftItems.count == rightItems.count else { return false }
            return zip(leftItems, rightItems).allSatisfy { concreteEquals($0, $1) == true }
        }
        if left.isConcrete && right.isConcrete { return left == right }
        return nil
    }
}
