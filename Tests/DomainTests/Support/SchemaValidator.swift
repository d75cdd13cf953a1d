import Foundation

/// A validator for the subset of JSON Schema (draft 2020-12) the published contracts use:
/// type, required, properties, additionalProperties (false or a schema), enum, items, local $ref,
/// minimum, maximum, minLength, minItems, pattern; annotations are ignored.
struct SchemaValidator {
    static let supportedKeywords: Set<String> = [
        "$schema", "$id", "$defs", "title", "description", "format",
        "type", "required", "properties", "additionalProperties", "enum", "items", "$ref",
        "minimum", "maximum", "minLength", "minItems", "pattern",
    ]

    /// The schema document, against whose `$defs` local references resolve.
    let document: JSONValue

    /// Every violation, as `path: message`; empty when the instance is valid.
    func errors(in instance: JSONValue) -> [String] {
        var errors: [String] = []
        check(document, instance, path: "$", errors: &errors)
        return errors
    }

    /// Follows a local `$ref` (`#/$defs/Name`) until a schema without one is reached.
    func resolve(_ schema: JSONValue) -> JSONValue {
        guard let reference = schema["$ref"]?.string, reference.hasPrefix("#/") else { return schema }
        var node = document
        for part in reference.dropFirst(2).split(separator: "/") {
            guard let next = node[String(part)] else { return .null }
            node = next
        }
        return resolve(node)
    }

    private func check(_ rawSchema: JSONValue, _ value: JSONValue, path: String, errors: inout [String]) {
        let schema = resolve(rawSchema)
        if case .null = schema { errors.append("\(path): unresolvable $ref"); return }
        if let type = schema["type"] {
            let allowed = type.array?.compactMap(\.string) ?? [type.string ?? ""]
            guard allowed.contains(where: { Self.matches(value, type: $0) }) else {
                errors.append("\(path): expected \(allowed.joined(separator: " or ")), found \(value)")
                return
            }
        }
        if let options = schema["enum"]?.array, !options.contains(value) {
            errors.append("\(path): \(value) is not in the enum")
        }
        if let number = value.double {
            if let minimum = schema["minimum"]?.double, number < minimum { errors.append("\(path): below minimum \(minimum)") }
            if let maximum = schema["maximum"]?.double, number > maximum { errors.append("\(path): above maximum \(maximum)") }
        }
        if let text = value.string {
            if let minLength = schema["minLength"]?.integer, text.count < minLength {
                errors.append("\(path): shorter than \(minLength)")
            }
            if let pattern = schema["pattern"]?.string {
                let regex = try? NSRegularExpression(pattern: pattern)
                let range = NSRange(text.startIndex..., in: text)
                if regex?.firstMatch(in: text, range: range) == nil { errors.append("\(path): does not match \(pattern)") }
            }
        }
        if let items = value.array {
            if let minItems = schema["minItems"]?.integer, items.count < minItems {
                errors.append("\(path): fewer than \(minItems) items")
            }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { check(itemSchema, item, path: "\(path)[\(index)]", errors: &errors) }
            }
        }
        if let members = value.object {
            for key in schema["required"]?.array?.compactMap(\.string) ?? [] where members[key] == nil {
                errors.append("\(path): missing required \(key)")
            }
            let properties = schema["properties"]?.object ?? [:]
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = properties[key] {
                    check(propertySchema, member, path: "\(path).\(key)", errors: &errors)
                } else if let additional = schema["additionalProperties"] {
                    if case .bool(false) = additional {
                        errors.append("\(path): unexpected property \(key)")
                    } else if case .object = additional {
                        check(additional, member, path: "\(path).\(key)", errors: &errors)
                    }
                }
            }
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("integer", .integer): true
        case ("integer", .number(let v)): v.rounded() == v
        case ("number", .integer), ("number", .number): true
        default: false
        }
    }

    /// Every keyword used anywhere in a schema that this validator does not implement.
    static func unsupportedKeywords(in schema: JSONValue, underProperties: Bool = false) -> Set<String> {
        var result: Set<String> = []
        switch schema {
        case .object(let members):
            for (key, member) in members {
                if !underProperties && !supportedKeywords.contains(key) { result.insert(key) }
                let childIsNameMap = !underProperties && (key == "properties" || key == "$defs")
                result.formUnion(unsupportedKeywords(in: member, underProperties: childIsNameMap))
            }
        case .array(let items):
            for item in items { result.formUnion(unsupportedKeywords(in: item)) }
        default:
            break
        }
        return result
    }
}
