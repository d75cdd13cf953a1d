import Dunning
import Testing

@Suite struct DunningStageTests {
    @Test func theStageIsNamedAfterItsTopics() {
        #expect(DunningStage.name == "dunning")
    }
}
