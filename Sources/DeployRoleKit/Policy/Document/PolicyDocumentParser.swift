import Foundation
import OrderedCollections

/// Reads a decoded JSON (or YAML) value into a ``PolicyDocument``, rejecting anything IAM would reject.
enum PolicyDocumentParser {
    private static let documentElements: Set<String> = ["Version", "Id", "Statement"]
    private static let statementElements: Set<String> = [
        "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition",
    ]
    private static let knownVersions: Set<String> = ["2012-10-17", "2008-10-17"]

    static func document(from value: Any) throws -> PolicyDocument {
        guard let object = value as? [String: Any] else {
            throw PolicyDocumentError(path: "", message: "a policy document must be a JSON object")
        }
        try rejectUnknownElements(of: object, allowed: documentElements, path: "")
        let version = try optionalString(object["Version"], path: "Version")
        if let version, !knownVersions.contains(version) {
            throw PolicyDocumentError(path: "Version", message: "unknown policy version '\(version)' (expected 2012-10-17)")
        }
        let id = try optionalString(object["Id"], path: "Id")
        guard let statementValue = object["Statement"] else {
            throw PolicyDocumentError(path: "", message: "missing Statement")
        }
        let statementObjects: [Any]
        if let array = statementValue as? [Any] {
            statementObjects = array
        } else if statementValue is [String: Any] {
            statementObjects = [statementValue]
        } else {
            throw PolicyDocumentError(path: "Statement", message: "must be an object or an array of objects")
        }
        let statements = try statementObjects.enumerated().map { index, value in
            try statement(from: value, path: "Statement[\(index)]")
        }
        return PolicyDocument(version: version, id: id, statements: statements)
    }

    private static func statement(from value: Any, path: String) throws -> PolicyStatement {
        guard let object = value as? [String: Any] else {
            throw PolicyDocumentError(path: path, message: "a statement must be a JSON object")
        }
        try rejectUnknownElements(of: object, allowed: statementElements, path: path)
        let sid = try optionalString(object["Sid"], path: "\(path).Sid")
        guard let effectValue = object["Effect"] else {
            throw PolicyDocumentError(path: path, message: "missing Effect")
        }
        guard let effectText = effectValue as? String, let effect = PolicyEffect(rawValue: effectText) else {
            throw PolicyDocumentError(path: "\(path).Effect", message: "Effect must be \"Allow\" or \"Deny\", found \(describe(effectValue))")
        }
        guard let actions = try elementList(object, positive: "Action", negated: "NotAction", path: path) else {
            throw PolicyDocumentError(path: path, message: "missing Action or NotAction")
        }
        let resources = try elementList(object, positive: "Resource", negated: "NotResource", path: path)
        if object["Principal"] != nil && object["NotPrincipal"] != nil {
            throw PolicyDocumentError(path: path, message: "has both Principal and NotPrincipal")
        }
        let principal = try object["Principal"].map { try self.principal(from: $0, path: "\(path).Principal") }
        let notPrincipal = try object["NotPrincipal"].map { try self.principal(from: $0, path: "\(path).NotPrincipal") }
        let condition = try object["Condition"].map { try self.condition(from: $0, path: "\(path).Condition") }
        return PolicyStatement(sid: sid, effect: effect, actions: actions, resources: resources, principal: principal,
                               notPrincipal: notPrincipal, condition: condition ?? PolicyCondition(clauses: []))
    }

    private static func elementList(_ object: [String: Any], positive: String, negated: String,
                                    path: String) throws -> PolicyElementList? {
        switch (object[positive], object[negated]) {
        case (nil, nil):
            return nil
        case (.some, .some):
            throw PolicyDocumentError(path: path, message: "has both \(positive) and \(negated)")
        case (let value?, nil):
            return .listed(try strings(value, path: "\(path).\(positive)"))
        case (nil, let value?):
            return .notListed(try strings(value, path: "\(path).\(negated)"))
        }
    }

    private static func principal(from value: Any, path: String) throws -> PolicyPrincipal {
        if let text = value as? String {
            return text == "*" ? .any : .specific(["AWS": [text]])
        }
        guard let object = value as? [String: Any] else {
            throw PolicyDocumentError(path: path, message: "must be \"*\" or an object mapping principal types to identifiers")
        }
        var byType = OrderedDictionary<String, [String]>()
        for type in object.keys.sorted() {
            byType[type] = try strings(object[type]!, path: "\(path).\(type)")
        }
        return .specific(byType)
    }

    private static func condition(from value: Any, path: String) throws -> PolicyCondition {
        guard let object = value as? [String: Any] else {
            throw PolicyDocumentError(path: path, message: "must be an object mapping condition operators to keys")
        }
        var clauses: [PolicyCondition.Clause] = []
        for operatorName in object.keys.sorted() {
            guard let conditionOperator = ConditionOperator(name: operatorName) else {
                throw PolicyDocumentError(path: path, message: "unknown condition operator '\(operatorName)'")
            }
            let operatorPath = "\(path).\(operatorName)"
            guard let keys = object[operatorName] as? [String: Any] else {
                throw PolicyDocumentError(path: operatorPath, message: "must be an object mapping condition keys to values")
            }
            for key in keys.keys.sorted() {
                let values = try conditionValues(keys[key]!, path: "\(operatorPath).\(key)")
                clauses.append(PolicyCondition.Clause(conditionOperator: conditionOperator, key: key, values: values))
            }
        }
        return PolicyCondition(clauses: clauses)
    }

    private static func conditionValues(_ value: Any, path: String) throws -> [ConditionValue] {
        if let array = value as? [Any] {
            return try array.enumerated().map { index, element in
                try conditionValue(element, path: "\(path)[\(index)]")
            }
        }
        return [try conditionValue(value, path: path)]
    }

    private static func conditionValue(_ value: Any, path: String) throws -> ConditionValue {
        switch value {
        case let string as String:
            return .string(string)
        case let bool as Bool where type(of: value) == Bool.self:
            return .bool(bool)
        case let int as Int where type(of: value) == Int.self:
            return .number(Double(int))
        case let double as Double where type(of: value) == Double.self:
            return .number(double)
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            return .number(number.doubleValue)
        default:
            throw PolicyDocumentError(path: path, message: "condition values must be strings, numbers or booleans, found \(describe(value))")
        }
    }

    private static func strings(_ value: Any, path: String) throws -> [String] {
        if let string = value as? String { return [string] }
        guard let array = value as? [Any] else {
            throw PolicyDocumentError(path: path, message: "must be a string or an array of strings, found \(describe(value))")
        }
        return try array.enumerated().map { index, element in
            guard let string = element as? String else {
                throw PolicyDocumentError(path: "\(path)[\(index)]", message: "must be a string, found \(describe(element))")
            }
            return string
        }
    }

    private static func optionalString(_ value: Any?, path: String) throws -> String? {
        guard let value else { return nil }
        guard let string = value as? String else {
            throw PolicyDocumentError(path: path, message: "must be a string, found \(describe(value))")
        }
        return string
    }

    private static func rejectUnknownElements(of object: [String: Any], allowed: Set<String>, path: String) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw PolicyDocumentError(path: path, message: "unknown element '\(unknown)'")
        }
    }

    private static func describe(_ value: Any) -> String {
        switch value {
        case let string as String: return "\"\(string)\""
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case is NSNull: return "null"
        case let number as NSNumber where String(cString: number.objCType) == "c": return "a boolean"
        case is Bool: return "a boolean"
        default: return "a number"
        }
    }
}
