import Claims
import Runtime

// credence-claims: the claims stage as a consumer-group service (options: credence-claims --help).
await StageMain.run(stage: ClaimsStage.name, defaultHTTPPort: 9104) { configuration in
    ClaimsProcessor(policy: try configuration.loadPolicy())
}
