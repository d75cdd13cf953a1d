import Scoring
import Runtime

// credence-scoring: the scoring stage as a consumer-group service (options: credence-scoring --help).
await StageMain.run(stage: ScoringStage.name, defaultHTTPPort: 9101) { configuration in
    ScoringProcessor(policy: try configuration.loadPolicy())
}
