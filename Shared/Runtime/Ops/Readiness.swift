/// Whether a stage can take traffic, and why not: the answer of `/readyz`.
public struct Readiness: Sendable, Hashable {
    public var isReady: Bool
    public var detail: String

    /// A readiness answer.
    public init(isReady: Bool, detail: String) {
        self.isReady = isReady
        self.detail = detail
    }
}
