/// An application's status, as Managed Service for Apache Flink reports it
/// (`ApplicationStatus`, spec: aws-lifecycle §1.1).
///
///                 Start            (job RUNNING)
///     READY ───────────▶ STARTING ───────────▶ RUNNING ──▶ UPDATING / AUTOSCALING /
///       ▲  ▲                                       │          MAINTENANCE ──▶ RUNNING
///       │  └──── STOPPING ◀── Stop ────────────────┤          (failure: ROLLING_BACK ──▶ RUNNING
///       └─────── FORCE_STOPPING ◀── Stop(Force) ───┘           or READY)
///     READY or RUNNING ── Delete ──▶ DELETING ──▶ (gone)
///
/// READY and RUNNING are steady; the others are transient and end on their own (or by a
/// forced stop when stuck). ROLLED_BACK marks rolled-back *versions* in
/// `ListApplicationVersions`; an application never shows it.
public enum ApplicationStatus: String, CaseIterable, Sendable, Hashable, Codable {
    case deleting = "DELETING"
    case starting = "STARTING"
    case stopping = "STOPPING"
    case ready = "READY"
    case running = "RUNNING"
    case updating = "UPDATING"
    case autoscaling = "AUTOSCALING"
    case forceStopping = "FORCE_STOPPING"
    case rollingBack = "ROLLING_BACK"
    case maintenance = "MAINTENANCE"
    case rolledBack = "ROLLED_BACK"

    /// A status that ends on its own: everything but READY, RUNNING (and ROLLED_BACK, which
    /// only versions carry).
    public var isTransient: Bool {
        switch self {
        case .ready, .running, .rolledBack: false
        default: true
        }
    }
}
