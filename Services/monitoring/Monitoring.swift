/// The monitoring stage (DOMAIN.md §4): the live receivables ledger per buyer, aging and KPIs, order decisions
/// and the early-warning alerts.
///
/// Layout: `Ledger/` holds the per-buyer facts (invoices and their movements, orders); `Figures/` the pure
/// functions over them (aging, KPIs, days-to-pay) that the backtest also calls on a whole portfolio;
/// `Alerts/` the once-only bookkeeping; `MonitoringRules` is the policy, `BuyerMonitor` the state machine and
/// `MonitoringProcessor` the wiring to the stage runtime.
public enum MonitoringStage {
    /// The stage's name: consumer group `credence-monitoring`, topics `monitoring.changelog` and `monitoring.dlq`.
    public static let name = "monitoring"
}
