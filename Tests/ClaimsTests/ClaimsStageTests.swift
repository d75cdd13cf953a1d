import Claims
import Testing

@Suite struct ClaimsStageTests {
    @Test func theStageIsNamedAfterItsTopics() {
        #expect(ClaimsStage.name == "claims")
    }
}
