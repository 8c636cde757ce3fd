import CYaml
import OrderedCollections

/// Builds a document's ``TemplateNode``s straight from the parse events of libyaml (the parser Yams wraps,
/// whose C module comes with the Yams package), as Yams composes its nodes, without a tree of Yams nodes
/// to convert and free after: plain scalars classified by ``TemplateDecoder/scalarKind(text:isPlain:hasStringTag:)``,
/// short-form tags in their long form, a mapping or list under a key located at its key.
///
/// Aliases cost their anchored node's size again each time they are used, under a budget, so that an alias
/// bomb fails with a clear error; the node itself is shared, not copied.
struct TemplateComposer {
    /// What a key a mapping repeats does.
    enum DuplicateKeys {
        /// The document is refused, naming the keys.
        case refused
        /// The last occurrence counts, at its place; the earlier ones are reported (as CloudFormation reads them).
        case lastWins
    }

    let file: String
    let nodeBudget: Int
    let duplicateKeys: DuplicateKeys

    /// The root node of the single document in `text` and, read last-wins, the earlier occurrences of
    /// repeated keys, in the order mappings end, each mapping's by key, then by position.
    /// - Throws: `DeployRoleError` (`malformedDocument`) with the line and column where known.
    func compose(_ text: String) throws -> (root: TemplateNode, ignored: [IgnoredDuplicateKey]) {
        var text = text
        return try text.withUTF8 { bytes in
            // libyaml takes no input without an address, which an empty text may lack.
            guard !bytes.isEmpty else { throw DeployRoleError(.malformedDocument, "the document is empty", file: file) }
            let reader = try EventReader(bytes: bytes, file: file)
            defer { reader.close() }
            var state = State(file: file, remaining: nodeBudget, nodeBudget: nodeBudget, duplicateKeys: duplicateKeys)
            _ = try reader.next()  // the stream's start
            let first = try reader.next()
            if case .streamEnd = first.kind {
                throw DeployRoleError(.malformedDocument, "the document is empty", file: file)
            }
            let root = try state.compose(reader.next(), from: reader)
            _ = try reader.next()  // the document's end
            let after = try reader.next()
            if case .streamEnd = after.kind {} else {
                throw DeployRoleError(.malformedDocument, "but found another document", location: after.location(in: file))
            }
            return (root.node, state.ignored)
        }
    }

    /// A composed node with what its parent and the aliases to it need.
    private struct Composed {
        var node: TemplateNode
        /// The nodes it expands to, counting each alias use as its anchored node's size.
        var size: Int
        /// Written with a short-form tag (`!Sub`): it keeps its own location under a key.
        var isShortForm: Bool
        /// A scalar's text as written (the name it gives as a mapping key); nil for a list or mapping.
        var scalarText: String?
    }

    private struct State {
        let file: String
        var remaining: Int
        let nodeBudget: Int
        let duplicateKeys: DuplicateKeys
        var anchors: [String: Composed] = [:]
        var ignored: [IgnoredDuplicateKey] = []

        mutating func compose(_ event: Event, from reader: EventReader) throws -> Composed {
            let location = event.location(in: file)
            switch event.kind {
            case .alias(let anchor):
                guard let anchored = anchors[anchor] else {
                    throw DeployRoleError(.malformedDocument, "found undefined alias", location: location)
                }
                try spend(anchored.size, at: location)
                return anchored
            case .scalar(let text, let tag, let isPlain, let anchor):
                try spend(1, at: location)
                let kind = TemplateDecoder.scalarKind(text: text, isPlain: isPlain, hasStringTag: Self.isStringTag(tag))
                return try finish(TemplateNode(kind, location: location), size: 1, tag: tag, scalarText: text, anchor: anchor)
            case .sequenceStart(let tag, let anchor):
                try spend(1, at: location)
                var items: [TemplateNode] = []
                var size = 1
                while true {
                    let next = try reader.next()
                    if case .sequenceEnd = next.kind { break }
                    let item = try compose(next, from: reader)
                    items.append(item.node)
                    size += item.size
                }
                return try finish(TemplateNode(.list(items), location: location), size: size, tag: tag, scalarText: nil, anchor: anchor)
            case .mappingStart(let tag, let anchor):
                try spend(1, at: location)
                var map = OrderedDictionary<String, TemplateNode>()
                var keyLocations: [SourceLocation] = []
                var repeated: [IgnoredDuplicateKey] = []
                var size = 1
                while true {
                    let keyEvent = try reader.next()
                    if case .mappingEnd = keyEvent.kind { break }
                    let (name, keyLocation) = try key(keyEvent, from: reader)
                    let value = try compose(reader.next(), from: reader)
                    size += value.size
                    var node = value.node
                    // A mapping or list value is where its key is (the `LogicalId:` line, as editors and
                    // cfn-lint show it), not where its first entry starts.
                    switch node.kind {
                    case .map where !value.isShortForm, .list where !value.isShortForm: node.location = keyLocation
                    default: break
                    }
                    if let earlier = map.index(forKey: name) {
                        repeated.append(IgnoredDuplicateKey(key: name, location: keyLocations[earlier]))
                        map.remove(at: earlier)
                        keyLocations.remove(at: earlier)
                    }
                    map[name] = node
                    keyLocations.append(keyLocation)
                }
                if !repeated.isEmpty { try report(repeated) }
                return try finish(TemplateNode(.map(map), location: location), size: size, tag: tag, scalarText: nil, anchor: anchor)
            case .streamStart, .streamEnd, .documentStart, .documentEnd, .sequenceEnd, .mappingEnd:
                throw DeployRoleError(.malformedDocument, "unexpected YAML event where a node belongs", location: location)
            }
        }

        /// A mapping key's name and location: a scalar, or an alias to one.
        private mutating func key(_ event: Event, from reader: EventReader) throws -> (String, SourceLocation) {
            let location = event.location(in: file)
            switch event.kind {
            case .scalar(let text, _, _, nil):
                return (text, location)
            case .alias, .scalar:
                // Anchored or an alias: composed as any node, for the aliases to it and its anchor.
                let composed = try compose(event, from: reader)
                remaining += composed.size  // keys are not counted
                guard let name = composed.scalarText, let keyLocation = composed.node.location else {
                    throw DeployRoleError(.malformedDocument, "a mapping key must be a scalar", location: composed.node.location ?? location)
                }
                return (name, keyLocation)
            default:
                throw DeployRoleError(.malformedDocument, "a mapping key must be a scalar", location: location)
            }
        }

        /// The node in its long form when a short-form tag is on it, registered under its anchor.
        private mutating func finish(_ node: TemplateNode, size: Int, tag: String?, scalarText: String?,
                                     anchor: String?) throws -> Composed {
            let isShortForm = Self.isShortFormTag(tag)
            var result = Composed(node: node, size: size, isShortForm: isShortForm, scalarText: scalarText)
            if isShortForm, let tag {
                result.node = try TemplateDecoder.longForm(ofShortTag: String(tag.dropFirst()), argument: node, location: node.location)
            }
            if let anchor { anchors[anchor] = result }
            return result
        }

        private mutating func spend(_ nodes: Int, at location: SourceLocation) throws {
            remaining -= nodes
            if remaining < 0 {
                throw DeployRoleError(.malformedDocument,
                                      "the document expands to more than \(nodeBudget) nodes (YAML alias bomb?)",
                                      location: location)
            }
        }

        /// One mapping's repeated keys: kept to report, or the document refused at the first occurrence of
        /// the first key by name.
        private mutating func report(_ repeated: [IgnoredDuplicateKey]) throws {
            let byKey = repeated.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.map(\.element)
            switch duplicateKeys {
            case .lastWins:
                ignored += byKey
            case .refused:
                let names = Array(Set(byKey.map(\.key))).sorted()
                throw DeployRoleError(.malformedDocument, "duplicate mapping key(s): \(names.joined(separator: ", "))",
                                      location: byKey[0].location)
            }
        }

        /// A local tag (`!Ref`, `!Sub`): not `!` alone (YAML's non-specific tag), nor a `!!` shorthand.
        static func isShortFormTag(_ tag: String?) -> Bool {
            guard let tag else { return false }
            return tag.hasPrefix("!") && !tag.hasPrefix("!!") && tag != "!"
        }

        /// Whether a scalar with this tag is a string by YAML's failsafe schema before it is classified: no
        /// tag, the non-specific `!`, or `!!str`.
        static func isStringTag(_ tag: String?) -> Bool {
            guard let tag else { return true }
            return tag == "!" || tag == "tag:yaml.org,2002:str"
        }
    }

    /// One parse event, copied out of libyaml's.
    fileprivate struct Event {
        enum Kind {
            case streamStart, streamEnd, documentStart, documentEnd, sequenceEnd, mappingEnd
            case alias(anchor: String)
            case scalar(text: String, tag: String?, isPlain: Bool, anchor: String?)
            case sequenceStart(tag: String?, anchor: String?)
            case mappingStart(tag: String?, anchor: String?)
        }

        var kind: Kind
        /// 1-based, columns in Unicode scalars (libyaml's marks plus one).
        var line: Int
        var column: Int

        func location(in file: String) -> SourceLocation {
            SourceLocation(file: file, line: line, column: column)
        }
    }

    /// libyaml's parser over UTF-8 bytes that outlive it.
    fileprivate struct EventReader {
        private let parser: UnsafeMutablePointer<yaml_parser_t>
        private let event: UnsafeMutablePointer<yaml_event_t>
        private let bytes: UnsafeBufferPointer<UInt8>
        private let file: String

        init(bytes: UnsafeBufferPointer<UInt8>, file: String) throws {
            parser = .allocate(capacity: 1)
            parser.initialize(to: yaml_parser_t())
            event = .allocate(capacity: 1)
            event.initialize(to: yaml_event_t())
            self.bytes = bytes
            self.file = file
            guard yaml_parser_initialize(parser) == 1 else {
                parser.deallocate()
                event.deallocate()
                throw DeployRoleError(.malformedDocument, "out of memory starting the YAML parser", file: file)
            }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
        }

        func close() {
            yaml_parser_delete(parser)
            parser.deallocate()
            event.deallocate()
        }

        func next() throws -> Event {
            guard yaml_parser_parse(parser, event) == 1 else { throw error() }
            defer { yaml_event_delete(event) }
            let raw = event.pointee
            let kind: Event.Kind
            switch raw.type {
            case YAML_STREAM_START_EVENT: kind = .streamStart
            case YAML_STREAM_END_EVENT: kind = .streamEnd
            case YAML_DOCUMENT_START_EVENT: kind = .documentStart
            case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
            case YAML_ALIAS_EVENT: kind = .alias(anchor: Self.string(raw.data.alias.anchor) ?? "")
            case YAML_SCALAR_EVENT:
                let scalar = raw.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                let tag = scalar.quoted_implicit == 1 ? "tag:yaml.org,2002:str" : Self.string(scalar.tag)
                kind = .scalar(text: text, tag: tag, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE,
                               anchor: Self.string(scalar.anchor))
            case YAML_SEQUENCE_START_EVENT:
                let start = raw.data.sequence_start
                kind = .sequenceStart(tag: start.implicit != 0 ? nil : Self.string(start.tag), anchor: Self.string(start.anchor))
            case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
            case YAML_MAPPING_START_EVENT:
                let start = raw.data.mapping_start
                kind = .mappingStart(tag: start.implicit != 0 ? nil : Self.string(start.tag), anchor: Self.string(start.anchor))
            case YAML_MAPPING_END_EVENT: kind = .mappingEnd
            default:
                throw DeployRoleError(.malformedDocument, "unknown YAML event \(raw.type.rawValue)",
                                      location: SourceLocation(file: file, line: Int(raw.start_mark.line) + 1,
                                                               column: Int(raw.start_mark.column) + 1))
            }
            return Event(kind: kind, line: Int(raw.start_mark.line) + 1, column: Int(raw.start_mark.column) + 1)
        }

        private static func string(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
            pointer.map { String(cString: $0) }
        }

        /// The parser's error, located where libyaml found the problem.
        private func error() -> DeployRoleError {
            let state = parser.pointee
            let problem = state.problem.map { String(cString: $0) } ?? "invalid YAML"
            switch state.error {
            case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
                return DeployRoleError(.malformedDocument, problem,
                                       location: SourceLocation(file: file, line: Int(state.problem_mark.line) + 1,
                                                                column: Int(state.problem_mark.column) + 1))
            case YAML_READER_ERROR:
                return DeployRoleError(.malformedDocument, problem, location: location(ofByte: Int(state.problem_offset)))
            case YAML_MEMORY_ERROR:
                return DeployRoleError(.malformedDocument, "out of memory parsing YAML", file: file)
            default:
                return DeployRoleError(.malformedDocument, problem, file: file)
            }
        }

        /// The 1-based line and column (in Unicode scalars) of a byte offset in the text.
        private func location(ofByte offset: Int) -> SourceLocation {
            var line = 1, column = 1
            var index = 0
            while index < min(offset, bytes.count) {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && (index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))) {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80, byte != UInt8(ascii: "\r") {
                    column += 1
                }
                index += 1
            }
            return SourceLocation(file: file, line: line, column: column)
        }
    }
}
