/// The Prometheus metrics are how a running stage reports what it does.
extension StageMetrics: StageObserver {}
