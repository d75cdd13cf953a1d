import Testing
@testable import Domain

@Suite struct EventIdentityTests {
    @Test func sha256MatchesTheFIPSTestVectors() {
        #expect(SHA256.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hexDigest(Array(twoBlocks.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hexDigest([UInt8](repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func derivedIdsAreStableAndDistinguishCauseAndDiscriminator() {
        let id = EventIdentity.derive(source: "credence/monitoring", causeSource: "erp", causeId: "evt-1", discriminator: "overdue:15")
        #expect(id.count == 32)
        #expect(id == EventIdentity.derive(source: "credence/monitoring", causeSource: "erp", causeId: "evt-1", discriminator: "overdue:15"))
        #expect(id != EventIdentity.derive(source: "credence/monitoring", causeSource: "erp", causeId: "evt-1", discriminator: "overdue:31"))
        #expect(id != EventIdentity.derive(source: "credence/monitoring", causeSource: "erp", causeId: "evt-2", discriminator: "overdue:15"))
        // Length prefixes keep ("ab","c") and ("a","bc") apart.
        #expect(EventIdentity.derive(source: "s", causeSource: "ab", causeId: "c", discriminator: "")
            != EventIdentity.derive(source: "s", causeSource: "a", causeId: "bc", discriminator: ""))
    }

    @Test func anOutputEnvelopeTakesItsIdFromItsCause() {
        let cause = EventFixtures.envelope(EventFixtures.minimal[0], id: "erp-123")
        let alert = EventEnvelope(source: "credence/monitoring", causedBy: cause, discriminator: "alert:invoice.overdue:1",
                                  time: EventFixtures.instant, event: EventFixtures.full[23])
        let replayed = EventEnvelope(source: "credence/monitoring", causedBy: cause, discriminator: "alert:invoice.overdue:1",
                                     time: EventFixtures.instant, event: EventFixtures.full[23])
        #expect(alert.id == replayed.id)
        #expect(alert.id == EventIdentity.derive(source: "credence/monitoring", causeSource: "erp/test", causeId: "erp-123",
                                                 discriminator: "alert:invoice.overdue:1"))
    }

    @Test func identifiersAreTypedPlainStrings() throws {
        let buyer: BuyerId = "B-1"
        #expect(buyer.rawValue == "B-1" && buyer.description == "B-1")
        #expect(BuyerId("A") < BuyerId("B"))
    }
}
