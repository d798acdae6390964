import Clock

/// How long the transient statuses last on the virtual clock, and the knobs the spec
/// leaves to the engine ([I] in aws-lifecycle §14). Seconds of virtual time.
public struct LifecycleSettings: Sendable, Equatable {
    /// STARTING, at least; the application is RUNNING once this has passed and its job runs.
    public var starting: Double = 30
    /// STOPPING after the stop snapshot.
    public var stopping: Double = 10
    public var forceStopping: Double = 5
    /// UPDATING of a READY application; of a RUNNING one, at least (until the new job runs).
    public var updating: Double = 20
    /// ROLLING_BACK, at least (until the previous version's job runs).
    public var rollingBack: Double = 20
    public var deleting: Double = 10
    /// AUTOSCALING, at least (until the job runs at its new parallelism).
    public var autoscaling: Double = 30
    /// MAINTENANCE, at least (the service says 10–30 s of downtime; until the job runs again).
    public var maintenance: Double = 20
    /// How often the service releases a maintenance (patch-1 at one interval from the clock's
    /// zero, patch-2 at two, …), which each application then takes in its window. A week;
    /// [I], the service says "periodically".
    public var maintenanceInterval: Double = 7 * 86_400
    /// The names operations of the service's own actions get in `ListApplicationOperations`
    /// (undocumented for scaling; the docs use both names for maintenance).
    public var scaleUpOperation = "ScaleUp"
    public var scaleDownOperation = "ScaleDown"
    public var maintenanceOperation = "ApplicationMaintenance"
    /// KPUs per application: parallelism may not exceed ParallelismPerKPU × this.
    public var maxKPUs = 64
    /// How long a snapshot takes to become READY after its savepoint.
    public var snapshotting: Double = 2
    /// Let old runtimes (FLINK-1_6 … 1_13) be created and started, as the service no longer
    /// does, to rehearse what their jobs did (Flink 1.8's failure path, say).
    public var allowDeprecatedRuntimes = false
    /// Refuse an UpdateApplication or CloudWatch logging change that sends neither
    /// `CurrentApplicationVersionId` nor `ConditionalToken` (the model's rule); off by default,
    /// as the service was seen to accept such a request (spec §4.3).
    public var requireVersionOrToken = false
    /// Applications per account and Region.
    public var applicationQuota = 100
    /// Snapshots per application.
    public var snapshotQuota = 1000
    /// The account and Region in ARNs.
    public var account = "123456789012"
    public var region = "us-east-1"
    /// The Unix time of the clock's zero: the API's timestamps are epoch seconds from it, and
    /// maintenance windows are times of day in UTC from it. 2026-01-01T00:00:00Z.
    public var epoch: Double = TimeText.defaultEpoch

    public init() {}
}
