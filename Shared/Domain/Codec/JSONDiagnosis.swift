/// Explains why UTF-8 bytes are not a JSON document: cut short, or malformed.
/// Runs only after a parse has failed, so the hot path never pays for it.
enum JSONDiagnosis {
    /// `truncated` when the bytes end inside a string, object or array (or are empty), else `malformed_json`.
    static func rejection(for bytes: [UInt8]) -> EventRejection {
        var depth = 0, inString = false, escaped = false, sawContent = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true; sawContent = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1; sawContent = true
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): break
            default: sawContent = true
            }
        }
        if !sawContent {
            return EventRejection(code: .truncated, field: "", message: "value is empty")
        }
        if inString || depth > 0 {
            return EventRejection(code: .truncated, field: "",
                                  message: "value ends before its JSON document is complete (\(bytes.count) bytes)")
        }
        return EventRejection(code: .malformedJSON, field: "", message: "value is not a well-formed JSON document")
    }
}
