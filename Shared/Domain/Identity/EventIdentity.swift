/// Deterministic event ids: an output's id is derived from what caused it, so that re-processing the
/// same input after a crash or in a replay produces the same id and consumers can skip it.
public enum EventIdentity {
    /// The id of an output event: 32 hex digits (128 bits) of SHA-256 over the producing source,
    /// the cause's `ce_source` and `ce_id`, and a discriminator naming which output of that cause it is.
    ///
    /// - Parameters:
    ///   - source: the `ce_source` of the output being produced, e.g. `credence/monitoring`.
    ///   - causeSource: the `ce_source` of the input that caused it.
    ///   - causeId: the `ce_id` of that input.
    ///   - discriminator: distinguishes several outputs of one cause, e.g. `alert:invoice.overdue:15`.
    public static func derive(source: String, causeSource: String, causeId: String, discriminator: String) -> String {
        var bytes: [UInt8] = []
        for part in [source, causeSource, causeId, discriminator] {
            // Each part is length-prefixed, so no two different tuples hash the same bytes.
            let length = UInt32(truncatingIfNeeded: part.utf8.count)
            bytes.append(contentsOf: (0..<4).map { UInt8(truncatingIfNeeded: length >> (24 - 8 * UInt32($0))) })
            bytes.append(contentsOf: part.utf8)
        }
        return String(SHA256.hexDigest(bytes).prefix(32))
    }
}
