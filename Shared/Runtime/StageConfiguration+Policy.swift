import Domain
import Foundation

extension StageConfiguration {
    /// The policy the stage decides with: the file given by `--policy` (or `CREDENCE_POLICY`), else the
    /// defaults of DOMAIN.md. An invalid file stops the start with the path of the offending field.
    public func loadPolicy() throws(RuntimeError) -> Policy {
        guard let policyPath else { return Policy.defaults }
        do {
            return try Policy.load(from: URL(fileURLWithPath: policyPath))
        } catch {
            throw RuntimeError.configuration("policy file \(policyPath): \(error)")
        }
    }
}
