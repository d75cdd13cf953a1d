/// Strict UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF),
/// with an ASCII fast path, because JSON values and headers must be valid UTF-8.
enum UTF8Validation {
    /// The offset of the first byte that starts an invalid sequence, or nil when all is valid.
    static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            let count = buffer.count
            var i = 0
            while i < count {
                // Skip eight ASCII bytes at a time.
                if i + 8 <= count, let base = buffer.baseAddress {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
                }
                let lead = buffer[i]
                if lead < 0x80 { i += 1; continue }
                let length: Int, lower: UInt8, upper: UInt8
                switch lead {
                case 0xC2...0xDF: (length, lower, upper) = (2, 0x80, 0xBF)
                case 0xE0: (length, lower, upper) = (3, 0xA0, 0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: (length, lower, upper) = (3, 0x80, 0xBF)
                case 0xED: (length, lower, upper) = (3, 0x80, 0x9F)
                case 0xF0: (length, lower, upper) = (4, 0x90, 0xBF)
                case 0xF1...0xF3: (length, lower, upper) = (4, 0x80, 0xBF)
                case 0xF4: (length, lower, upper) = (4, 0x80, 0x8F)
                default: return i
                }
                guard i + length <= count, (lower...upper).contains(buffer[i + 1]) else { return i }
                for j in 2..<length where !(0x80...0xBF).contains(buffer[i + j]) { return i }
                i += length
            }
            return nil
        }
    }
}
