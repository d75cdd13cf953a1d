import Dunning
import Runtime

// credence-dunning: the dunning stage as a consumer-group service (options: credence-dunning --help).
await StageMain.run(stage: DunningStage.name, defaultHTTPPort: 9103) { configuration in
    DunningProcessor(policy: try configuration.loadPolicy())
}
