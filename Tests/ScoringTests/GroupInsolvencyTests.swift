import Domain
import Foundation
import Runtime
@testable import Scoring
import Testing

/// Issue "The ledger as an ERP really sends it" §6, cross-default: an insolvency of any member of a buyer group
/// raises `group.member.insolvent` on every other member and re-assesses it, wherever its partition is.
@Suite struct GroupInsolvencyTests {
    static let processor = ScoringProcessor(policy: .defaults)

    /// An assessment of `buyer` as scoring publishes it, kept as the group table keeps it.
    static func kept(_ buyer: BuyerId, insolvent: Bool, parent: BuyerId?) throws -> GroupInsolvency.Insolvency? {
        let assessment = CreditAssessment(
            buyerId: buyer, assessedAt: Timestamp(date: Fixtures.date("2024-03-01")), score: insolvent ? 0 : 60,
            grade: insolvent ? 10 : 5, creditClass: insolvent ? .c : .b, creditLimit: Fixtures.usd(0),
            terms: Policy.defaults.scoring.terms.c, reasons: [], modelVersion: "test", policyVersion: 1,
            components: ScoreComponents(), insolvent: insolvent, parentId: parent)
        return GroupInsolvency.table.decode(try EventCodec.encodeValue(.creditAssessment(assessment)))
    }

    static func member(parent: BuyerId?) throws -> ScoringState {
        let profile = Fixtures.envelope("p-1", .buyerProfile(BuyerProfile(
            buyerId: Fixtures.buyer, name: "Member", country: "DE", industryCode: "C", parentId: parent)), on: "2024-03-01")
        return try #require(processor.process(state: nil, input: profile, context: Fixtures.context(for: profile)).state)
    }

    static func punctuate(_ state: ScoringState, table: [String: GroupInsolvency.Insolvency?], on day: String) throws -> (ScoringState, [EventEnvelope]) {
        let now = Timestamp(date: Fixtures.date(day))
        var tables = GlobalTableValues()
        tables[GroupInsolvency.table] = table.compactMapValues { $0 }
        let outcome = processor.punctuate(state: state, key: Fixtures.buyer.rawValue, context: ProcessingContext(
            now: now.date, key: Fixtures.buyer.rawValue, causeID: "\(Fixtures.buyer)@\(now.millisecondsSinceEpoch)",
            partition: 0, tables: tables))
        return (try #require(outcome.state), try Fixtures.decoded(outcome))
    }

    @Test func theTableKeepsOnlyInsolventBuyersWithTheirParent() throws {
        #expect(try Self.kept("HOLDING", insolvent: false, parent: nil) == nil, "a solvent buyer is left out")
        #expect(try Self.kept("HOLDING", insolvent: true, parent: nil) == GroupInsolvency.Insolvency(parentId: nil))
        #expect(try Self.kept("M-2", insolvent: true, parent: "HOLDING") == GroupInsolvency.Insolvency(parentId: "HOLDING"))
        #expect(Self.processor.globalTables.map(\.topic) == [TopicCatalog.receivablesPositions, TopicCatalog.creditAssessments])
    }

    @Test func aParentsInsolvencyRaisesTheAlertOnItsMemberOnceAndReassessesIt() throws {
        let table = ["HOLDING": try Self.kept("HOLDING", insolvent: true, parent: nil),
                     "STRANGER": try Self.kept("STRANGER", insolvent: true, parent: "OTHER-GROUP")]
        let (state, first) = try Self.punctuate(try Self.member(parent: "HOLDING"), table: table, on: "2024-03-05")
        let alerts = Fixtures.alerts(first).filter { $0.alertType == GroupInsolvency.alertType }
        #expect(alerts.count == 1)
        #expect(alerts.first?.message?.contains("HOLDING") == true)
        #expect(!Fixtures.assessments(first).isEmpty, "the member is re-assessed")
        let (_, second) = try Self.punctuate(state, table: table, on: "2024-03-06")
        #expect(Fixtures.alerts(second).filter { $0.alertType == GroupInsolvency.alertType }.isEmpty, "once per insolvent member")
    }

    @Test func aSistersInsolvencyReachesTheOtherMembersAndTheParent() throws {
        let table = ["M-2": try Self.kept("M-2", insolvent: true, parent: "HOLDING")]
        let (_, sister) = try Self.punctuate(try Self.member(parent: "HOLDING"), table: table, on: "2024-03-05")
        #expect(Fixtures.alerts(sister).contains { $0.alertType == GroupInsolvency.alertType })
        let parentTable = ["M-2": try Self.kept("M-2", insolvent: true, parent: Fixtures.buyer)]
        let (_, parent) = try Self.punctuate(try Self.member(parent: nil), table: parentTable, on: "2024-03-05")
        #expect(Fixtures.alerts(parent).contains { $0.alertType == GroupInsolvency.alertType })
        let (_, outsider) = try Self.punctuate(try Self.member(parent: "ELSEWHERE"), table: table, on: "2024-03-05")
        #expect(Fixtures.alerts(outsider).allSatisfy { $0.alertType != GroupInsolvency.alertType })
    }
}
