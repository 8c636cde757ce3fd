import Foundation
import OrderedCollections

/// Parameter values a user supplies for a stack: from the AWS CLI's JSON file, a `Key=Value` file, or the
/// command line.
public struct ParameterInput: Sendable, Hashable {
    public var values: OrderedDictionary<String, String>

    public init(_ values: OrderedDictionary<String, String> = [:]) {
        self.values = values
    }

    /// Reads a parameter file: the AWS CLI's `[{"ParameterKey": .., "ParameterValue": ..}]` JSON, or lines of
    /// `Key=Value` (blank lines and `#` comments skipped).
    public static func load(fileAt path: String) throws -> ParameterInput {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DeployRoleError(.io, "cannot read parameter file", file: path)
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") {
            return try parseJSON(data, file: path)
        }
        var input = ParameterInput()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let assignment = try? parseAssignment(line) else {
                throw DeployRoleError(.invalidParameter, "expected Key=Value, found \"\(line)\"",
                                      location: SourceLocation(file: path, line: index + 1, column: 1))
            }
            input.values[assignment.key] = assignment.value
        }
        return input
    }

    /// Parses one `Key=Value` assignment (the value may be empty and may contain `=`).
    public static func parseAssignment(_ text: String) throws -> (key: String, value: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw DeployRoleError(.usage, "expected Key=Value, found \"\(text)\"")
        }
        return (String(text[..<equals]).trimmingCharacters(in: .whitespaces), String(text[text.index(after: equals)...]))
    }

    private static func parseJSON(_ data: Data, file: String) throws -> ParameterInput {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw DeployRoleError(.invalidParameter, "the parameter file is not valid JSON: \(Self.reason(error))",
                                  file: file)
        }
        var input = ParameterInput()
        if let entries = object as? [Any] {
            for (index, entry) in entries.enumerated() {
                guard let entry = entry as? [String: Any], let key = entry["ParameterKey"] as? String else {
                    throw DeployRoleError(.invalidParameter, "entry \(index) has no ParameterKey string", file: file)
                }
                if entry["UsePreviousValue"] as? Bool == true { continue }
                guard let value = Self.text(entry["ParameterValue"]) else {
                    throw DeployRoleError(.invalidParameter, "entry \(index) (\(key)) has no ParameterValue", file: file)
                }
                input.values[key] = value
            }
        } else if let map = object as? [String: Any] {
            // The `{"Parameters": {"Key": "Value"}}` shape used by CodePipeline template configuration files.
            let parameters = (map["Parameters"] as? [String: Any]) ?? map
            for key in parameters.keys.sorted() {
                guard let value = Self.text(parameters[key]) else {
                    throw DeployRoleError(.invalidParameter, "the value of \(key) is not a scalar", file: file)
                }
                input.values[key] = value
            }
        } else {
            throw DeployRoleError(.invalidParameter, "expected a JSON list of {ParameterKey, ParameterValue}", file: file)
        }
        return input
    }

    private static func text(_ any: Any?) -> String? {
        switch any {
        case let string as String: return string
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}
