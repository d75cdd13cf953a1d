import Console
import Domain
import Testing

/// The live alert streams behind the Alerts page, and how they end at shutdown.
@Suite struct AlertBroadcastTests {
    static func alert(_ id: String) -> Alert {
        Alert(buyerId: "B-1", alertId: id, alertType: .disputeOpened, severity: .warning, raisedAt: Timestamp(date: try! CalendarDate("2024-03-01")),
              figures: [:], amounts: [:], message: "alert \(id)")
    }

    @Test(.timeLimit(.minutes(1))) // a stream that never ends fails here rather than hanging the run
    func everySubscriberGetsWhatIsPublishedAndFinishingEndsOpenAndLaterStreams() async {
        let broadcast = AlertBroadcast()
        let first = broadcast.subscribe()
        let second = broadcast.subscribe()
        #expect(broadcast.subscriberCount == 2)
        broadcast.publish([Self.alert("a1"), Self.alert("a2")])
        broadcast.finishAll()
        var firstIDs: [String] = []
        for await alert in first { firstIDs.append(alert.alertId) }
        var secondIDs: [String] = []
        for await alert in second { secondIDs.append(alert.alertId) }
        #expect(firstIDs == ["a1", "a2"] && secondIDs == ["a1", "a2"], "what was published before the end is still delivered")

        // A stream opened while the web server drains ends at once instead of holding the drain.
        let late = broadcast.subscribe()
        broadcast.publish([Self.alert("a3")])
        var lateIDs: [String] = []
        for await alert in late { lateIDs.append(alert.alertId) }
        #expect(lateIDs.isEmpty && broadcast.subscriberCount == 0)
    }
}
