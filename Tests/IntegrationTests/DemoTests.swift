import Domain
import Monitoring
import Foundation
import TestSupport
import Testing

/// `credence demo` as a newcomer runs it: every stage visibly at work, and Ctrl-C stopping everything cleanly.
@Suite("credence demo", .serialized)
struct DemoTests {
    @Test func theDemoShowsEveryStageAtWorkAndStopsCleanlyOnCtrlC() async throws {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("credence-demo-\(UUID().uuidString)")
        let demo = try ChildProcess("credence", [
            "demo", "--speed", "172800", "--console-port", "0", "--status-seconds", "3", "--log-folder", logs.path,
            "--policy", RepositoryFiles.defaultPolicy.path,
        ])
        // The failing buyer files for insolvency on day 28: at two days a second its claim follows within a minute.
        let claim = await demo.line(timeout: .seconds(120)) { $0.contains(" claims ") && $0.contains(" filed") }
        #expect(claim != nil, "a claim was filed: \(demo.outputLines.suffix(5)) \(demo.standardError.suffix(2_000))")
        demo.signal(SIGINT)
        #expect(await demo.exitStatus(timeout: .seconds(60)) == 0, "Ctrl-C stops cleanly: \(demo.standardError.suffix(2_000))")

        let lines = demo.outputLines
        #expect(lines.first?.contains("scoring, monitoring, dunning and claims started as separate processes") == true)
        #expect(lines.contains { $0.contains(" scoring ") && $0.contains("grade ") }, "scoring assessed buyers")
        #expect(lines.contains { $0.contains(" scoring ") && $0.contains(" PD ") && $0.contains("(band grade ")
            && $0.contains(" is in the worst ") }, "the scoring line shows the PD band and the first ratio reason")
        #expect(lines.contains { $0.contains(" dunning ") && $0.contains(" reminder ") }, "dunning sent reminders")
        #expect(lines.contains { $0.contains(" alert ") && $0.contains("buyer.insolvent") }, "the insolvency raised an alert")
        #expect(lines.contains { $0.contains(" alert ") && $0.contains("invoice.overdue") }, "monitoring raised overdue alerts")
        let status = try #require(lines.last { $0.hasPrefix("── ") && $0.contains("out: scoring") }, "a status block")
        for stage in ["scoring", "monitoring", "dunning", "claims"] {
            let count = status.components(separatedBy: "\(stage) ").dropFirst().first?.prefix { $0.isNumber }
            #expect((count.flatMap { Int($0) } ?? 0) > 0, "\(stage) produced events: \(status)")
        }
        #expect(lines.last?.contains("stopped cleanly") == true)
    }

    /// Against a Kafka of its own (Compose, Kubernetes) the demo is the simulated ERP alone: the scenario's events
    /// on their topics, a stream-clock tick to every partition at each simulated midnight, no embedded broker.
    @Test func withBootstrapServersTheDemoSimulatesTheERPAgainstThatKafka() async throws {
        let pipeline = try PipelineFixture()
        let demo = try ChildProcess("credence", [
            "demo", "--bootstrap-servers", pipeline.bootstrap, "--partitions", String(PipelineFixture.partitions),
            "--speed", "864000", "--days", "60", "--status-seconds", "2",
        ])
        #expect(await demo.exitStatus(timeout: .seconds(90)) == 0, "\(demo.standardError.suffix(2_000))")
        #expect(demo.outputLines.first?.contains("the simulated ERP against \(pipeline.bootstrap)") == true, "\(demo.outputLines.prefix(2))")
        #expect(demo.outputLines.last?.contains("stopped cleanly") == true)
        #expect(!demo.outputLines.contains { $0.contains("started as separate processes") })

        let signals = try await pipeline.read(TopicCatalog.buyerSignals) { Set($0.map(\.event.buyerId)).count >= 10 }
        #expect(Set(signals.map(\.event.buyerId)).count == 10, "each of the ten simulated buyers is described")
        func ticksByDay(_ events: [EventEnvelope]) -> [CalendarDate: Set<Int>] {
            var days: [CalendarDate: Set<Int>] = [:]
            for event in events { if case .clockTick(let tick) = event.event { days[tick.time.calendarDate, default: []].insert(tick.partition ?? -1) } }
            return days
        }
        let everyPartition = Set(0..<PipelineFixture.partitions)
        // 60 simulated days and two more to finish: a tick at each midnight, on every partition.
        let invoices = try await pipeline.read(TopicCatalog.erpInvoices) { ticksByDay($0).values.filter { $0 == everyPartition }.count >= 60 }
        let days = ticksByDay(invoices)
        #expect(days.values.filter { $0 == everyPartition }.count >= 60, "every partition ticked at each simulated midnight: \(days.count) days")
        #expect(invoices.contains { if case .invoiceIssued = $0.event { true } else { false } }, "the scenario's invoices")
        await pipeline.stop([])
    }

    /// DOMAIN.md §4's CEI is a percentage: every position monitoring publishes during a demo-sized run, and the
    /// portfolio of the latest positions as of every simulated day, keep it within 0…100 % (read back the way
    /// another team reads the topic).
    @Test func everyPositionAndEveryDaysPortfolioKeepCEIWithinZeroAndAHundred() async throws {
        let pipeline = try PipelineFixture()
        let monitoring = try await pipeline.start("monitoring", ["--clock", "stream"])
        let demo = try ChildProcess("credence", [
            "demo", "--bootstrap-servers", pipeline.bootstrap, "--partitions", String(PipelineFixture.partitions),
            "--speed", "864000", "--days", "90", "--status-seconds", "2",
        ])
        #expect(await demo.exitStatus(timeout: .seconds(120)) == 0, "\(demo.standardError.suffix(2_000))")
        func positions(_ events: [EventEnvelope]) -> [ReceivablesPosition] {
            events.compactMap { if case .receivablesPosition(let position) = $0.event { position } else { nil } }
        }
        let ticks = try await pipeline.read(TopicCatalog.erpInvoices) { events in
            events.contains { if case .clockTick = $0.event { true } else { false } }
        }
        let firstDay = try #require(ticks.compactMap { if case .clockTick(let tick) = $0.event { tick.time.calendarDate } else { nil } }.min())
        let published = positions(try await pipeline.read(TopicCatalog.receivablesPositions, timeout: .seconds(90)) { events in
            (positions(events).map(\.asOf).max() ?? firstDay) >= firstDay.adding(days: 85)
        })
        #expect(published.count > 50, "a demo's worth of positions: \(published.count)")
        for position in published {
            if let cei = position.kpis?.cei { #expect((0...100).contains(cei), "\(position.buyerId) on \(position.asOf): CEI \(cei)") }
        }
        var latest: [BuyerId: ReceivablesPosition] = [:]
        var checkedDays = 0
        for day in Set(published.map(\.asOf)).sorted() {
            for position in published where position.asOf == day { latest[position.buyerId] = position }
            guard let portfolio = try PortfolioKPIs.of(Array(latest.values), currency: .usd) else { continue }
            checkedDays += 1
            if let cei = portfolio.kpis.cei { #expect((0...100).contains(cei), "portfolio on \(day): CEI \(cei)") }
        }
        #expect(checkedDays >= 20, "the portfolio was checked on \(checkedDays) days")
        await pipeline.stop([monitoring])
    }
}
