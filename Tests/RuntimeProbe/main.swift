import Runtime

// A minimal stage used by the runtime's process tests: a running total per buyer.
await StageMain.run(stage: "probe", defaultHTTPPort: 9100) { _ in RunningTotalProcessor() }
