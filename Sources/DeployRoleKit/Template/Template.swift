import Foundation
import OrderedCollections

/// A CloudFormation template, its sections read and checked for shape, before any evaluation.
public struct Template: Sendable {
    /// The file it was read from.
    public var file: String
    public var root: TemplateNode
    public var parameters: OrderedDictionary<String, TemplateParameter>
    public var mappings: OrderedDictionary<String, TemplateNode>
    public var conditions: OrderedDictionary<String, TemplateNode>
    public var resources: OrderedDictionary<String, TemplateResource>
    /// Names of the transforms in the template's `Transform` section, in order.
    public var transforms: [String]
    /// The transforms deployrole cannot expand offline (macros), which may rewrite any part of the template.
    public var macros: [String] {
        transforms.filter {
            ![ServerlessTransform.transformName, LanguageExtensions.transformName, IncludeTransform.transformName].contains($0)
        }
    }
    /// Earlier occurrences of keys a mapping repeats, which CloudFormation ignores (``IgnoredDuplicateKey``).
    public var ignoredDuplicateKeys: [IgnoredDuplicateKey] = []

    /// Reads the sections of a decoded template, failing on a shape CloudFormation would reject.
    public init(root: TemplateNode, file: String) throws {
        self.file = file
        self.root = root
        guard let top = root.mapValue else {
            throw DeployRoleError(.invalidTemplate, "a template must be a mapping", location: root.location)
        }
        parameters = [:]
        if let section = top["Parameters"] {
            for (name, node) in try Self.mapping(section, "Parameters") {
                parameters[name] = try TemplateParameter(name: name, node: node)
            }
        }
        mappings = try top["Mappings"].map { try Self.mapping($0, "Mappings") } ?? [:]
        conditions = try top["Conditions"].map { try Self.mapping($0, "Conditions") } ?? [:]
        guard let resourcesNode = top["Resources"] else {
            throw DeployRoleError(.invalidTemplate, "the template has no Resources section", file: file)
        }
        transforms = []
        if let transform = top["Transform"] {
            for item in transform.listValue ?? [transform] {
                if let name = item.stringValue {
                    transforms.append(name)
                } else if let name = item["Name"]?.stringValue {
                    transforms.append(name)
                } else {
                    throw DeployRoleError(.invalidTemplate, "a Transform must be a name or a {Name, Parameters} mapping",
                                          location: item.location)
                }
            }
        }
        resources = [:]
        for (logicalId, node) in try Self.mapping(resourcesNode, "Resources") {
            if logicalId.hasPrefix("Fn::ForEach::") {
                // Expanded when the stack is evaluated (LanguageExtensions), which reads the template again.
                guard transforms.contains(LanguageExtensions.transformName) else {
                    throw DeployRoleError(.invalidTemplate, "Fn::ForEach needs the AWS::LanguageExtensions transform",
                                          location: node.location, logicalId: logicalId)
                }
                continue
            }
            resources[logicalId] = try TemplateResource(logicalId: logicalId, node: node)
        }
    }

    /// A transform's output of `source`: its sections read again, what reading the file found kept.
    init(root: TemplateNode, file: String, readAs source: Template) throws {
        try self.init(root: root, file: file)
        ignoredDuplicateKeys = source.ignoredDuplicateKeys
    }

    /// The label of a template read from standard input (`-` on the command line).
    public static let standardInputLabel = "<stdin>"

    /// Loads a template file; `-` reads standard input (labelled `<stdin>` in errors).
    public static func load(fileAt path: String, decoder: TemplateDecoder = TemplateDecoder()) throws -> Template {
        let file = path == "-" ? standardInputLabel : path
        let document = path == "-"
            ? try decoder.decodeTemplate(text: String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self),
                                         file: file)
            : try decoder.decodeTemplate(fileAt: path)
        var template = try Template(root: document.root, file: file)
        template.ignoredDuplicateKeys = document.ignoredDuplicateKeys
        return template
    }

    private static func mapping(_ node: TemplateNode, _ section: String) throws -> OrderedDictionary<String, TemplateNode> {
        if case .null = node.kind { return [:] }
        guard let map = node.mapValue else {
            throw DeployRoleError(.invalidTemplate, "the \(section) section must be a mapping", location: node.location)
        }
        return map
    }
}

/// A declared template parameter.
public struct TemplateParameter: Sendable, Hashable {
    public var name: String
    public var type: String
    public var defaultValue: String?
    public var allowedValues: [String]?
    public var location: SourceLocation?

    init(name: String, node: TemplateNode) throws {
        self.name = name
        location = node.location
        guard let map = node.mapValue else {
            throw DeployRoleError(.invalidTemplate, "a parameter must be a mapping", location: node.location,
                                  logicalId: name)
        }
        guard let type = map["Type"]?.stringValue else {
            throw DeployRoleError(.invalidTemplate, "the parameter has no Type", location: node.location,
                                  logicalId: name)
        }
        self.type = type
        if let node = map["Default"] {
            if let text = node.scalarText {
                defaultValue = text
            } else if let list = node.listValue {
                defaultValue = list.compactMap(\.scalarText).joined(separator: ",")
            } else {
                throw DeployRoleError(.invalidTemplate, "a parameter Default must be a scalar",
                                      location: node.location, logicalId: name)
            }
        }
        allowedValues = map["AllowedValues"]?.listValue?.compactMap(\.scalarText)
    }

    /// Whether values of this type are lists (`List<...>`, `CommaDelimitedList`).
    public var isList: Bool {
        type == "CommaDelimitedList" || type.hasPrefix("List<") || type.hasPrefix("AWS::SSM::Parameter::Value<List<")
            || type == "AWS::SSM::Parameter::Value<CommaDelimitedList>"
    }

    /// Whether the value is the name of an SSM parameter that CloudFormation reads at deploy time.
    public var isSSMParameterType: Bool { type.hasPrefix("AWS::SSM::Parameter::Value<") }
}

/// A resource entry of the `Resources` section, before evaluation.
public struct TemplateResource: Sendable, Hashable {
    public var logicalId: String
    public var type: String
    public var properties: TemplateNode?
    public var condition: String?
    public var dependsOn: [String]
    public var deletionPolicy: String?
    public var updateReplacePolicy: String?
    public var metadata: TemplateNode?
    public var location: SourceLocation?
    /// The whole entry, for transforms that read attributes beyond the common ones.
    public var node: TemplateNode

    init(logicalId: String, node: TemplateNode) throws {
        self.logicalId = logicalId
        self.node = node
        location = node.location
        guard let map = node.mapValue else {
            throw DeployRoleError(.invalidTemplate, "a resource must be a mapping", location: node.location,
                                  logicalId: logicalId)
        }
        guard let typeNode = map["Type"] else {
            throw DeployRoleError(.invalidTemplate, "the resource has no Type", location: node.location,
                                  logicalId: logicalId)
        }
        guard let type = typeNode.stringValue, !type.isEmpty else {
            throw DeployRoleError(.invalidTemplate, "the resource Type must be a string", location: typeNode.location,
                                  logicalId: logicalId)
        }
        self.type = type
        properties = map["Properties"]
        condition = map["Condition"]?.stringValue
        if let dependsOn = map["DependsOn"] {
            self.dependsOn = (dependsOn.listValue ?? [dependsOn]).compactMap(\.stringValue)
        } else {
            dependsOn = []
        }
        deletionPolicy = map["DeletionPolicy"]?.stringValue
        updateReplacePolicy = map["UpdateReplacePolicy"]?.stringValue
        metadata = map["Metadata"]
    }
}
