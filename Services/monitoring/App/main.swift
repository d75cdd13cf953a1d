import Monitoring
import Runtime

// credence-monitoring: the monitoring stage as a consumer-group service (options: credence-monitoring --help).
await StageMain.run(stage: MonitoringStage.name, defaultHTTPPort: 9102) { configuration in
    MonitoringProcessor(policy: try configuration.loadPolicy())
}
