/// Turns Foundation's `DecodingError` into an ``EventRejection`` (or its parts) with a JSON path.
enum DecodingErrorMapping {
    /// The rejection for a decoding error; `nil` when the error is not about a field
    /// (the bytes are not JSON at all), which the codec diagnoses further.
    static func rejection(for error: DecodingError) -> EventRejection? {
        switch error {
        case .keyNotFound(let key, let context):
            return EventRejection(code: .missingField, field: path(context.codingPath + [key]),
                                  message: "required field is missing")
        case .valueNotFound(_, let context):
            return EventRejection(code: .missingField, field: path(context.codingPath),
                                  message: "required field is null")
        case .typeMismatch(let type, let context):
            return EventRejection(code: .wrongType, field: path(context.codingPath),
                                  message: "expected \(jsonTypeName(type))")
        case .dataCorrupted(let context):
            if var inner = context.underlyingError as? EventRejection {
                inner.field = path(context.codingPath)
                return inner
            }
            guard !context.codingPath.isEmpty else { return nil }
            return EventRejection(code: .invalidValue, field: path(context.codingPath),
                                  message: context.debugDescription)
        @unknown default:
            return EventRejection(code: .malformedJSON, field: "", message: "\(error)")
        }
    }

    /// Renders a coding path as `a.b[2].c`.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == "\(index)" {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result
    }

    /// The JSON Schema name of the type a decoder wanted.
    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: return "string"
        case is Bool.Type: return "boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type, is UInt32.Type:
            return "integer"
        case is Double.Type, is Float.Type: return "number"
        default:
            let name = "\(type)"
            return name.hasPrefix("Array") || name.hasPrefix("[") && !name.contains(":") ? "array" : "object"
        }
    }
}
