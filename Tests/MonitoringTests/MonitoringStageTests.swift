import Monitoring
import Testing

@Suite struct MonitoringStageTests {
    @Test func theStageIsNamedAfterItsTopics() {
        #expect(MonitoringStage.name == "monitoring")
    }
}
