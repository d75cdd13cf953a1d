import Scoring
import Testing

@Suite struct ScoringStageTests {
    @Test func theStageIsNamedAfterItsTopics() {
        #expect(ScoringStage.name == "scoring")
    }
}
