import Foundation
import Runtime
import Testing

/// One error for the runtime: a stable code to match on, the operator's message unchanged as its description, and
/// where it happened.
@Suite struct RuntimeErrorTests {
    /// The codes logs and alerts match on never change their names.
    @Test func theCodesKeepTheirNames() {
        let codes: [RuntimeError.Code: String] = [
            .configuration: "configuration", .opsListenerUnavailable: "ops_listener_unavailable", .restoreFailed: "restore_failed",
            .changelogTruncated: "changelog_truncated", .readStalled: "read_stalled", .globalTableFailed: "global_table_failed",
            .deliveryFailed: "delivery_failed", .transactionFailed: "transaction_failed",
        ]
        for (code, name) in codes { #expect(code.rawValue == name) }
    }

    /// What a log line or an exit message prints is the message alone, as before the codes existed; the code and the
    /// place travel beside it.
    @Test func theDescriptionIsTheMessageAndTheContextTravelsBesideIt() {
        let error = RuntimeError(.changelogTruncated, "changelog partition claims.changelog[3] is truncated: …",
                                 topic: "claims.changelog", partition: 3, offset: 1_200)
        #expect("\(error)" == "changelog partition claims.changelog[3] is truncated: …")
        #expect(error.topic == "claims.changelog" && error.partition == 3 && error.offset == 1_200)
        #expect(!error.isConfiguration)
        #expect(RuntimeError.configuration("--clock must be wall, stream or accelerated").isConfiguration)
    }

    /// A configuration a stage cannot start with is a `configuration` error naming what to fix.
    @Test func aBadSettingIsAConfigurationErrorNamingTheSetting() {
        #expect {
            _ = try StageConfiguration.load(stage: "monitoring", defaultHTTPPort: 9102,
                                            arguments: ["--bootstrap-servers", "x:1", "--clock", "sundial"], environment: [:])
        } throws: { error in
            guard let error = error as? RuntimeError else { return false }
            return error.code == .configuration && error.message == "--clock must be wall, stream or accelerated, got 'sundial'"
        }
    }
}
