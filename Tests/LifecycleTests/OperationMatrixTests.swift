import Lifecycle
import Testing

/// The spec's status × operation matrix (aws-lifecycle §2.1), typed in here again
/// independently of the engine's table, cell by cell.
@Suite struct OperationMatrixTests {
    static let columns: [LifecycleAction] = [.start, .stop, .forceStop, .update, .rollback, .delete, .createSnapshot, .updateMaintenance]

    /// Rows as the spec prints them: Start, Stop, Stop Force, Update, Rollback, Delete, CreateSnap, UpdMaint.
    static let spec: [(ApplicationStatus, String)] = [
        (.ready, "Y N N Y N Y N Y"),
        (.starting, "N N Y N N N N N"),
        (.running, "N Y Y Y Y Y Y Y"),
        (.updating, "N N Y N Y N N N"),
        (.autoscaling, "N N Y N Y N N N"),
        (.stopping, "N N Y N N N N N"),
        (.forceStopping, "N N N N N N N N"),
        (.rollingBack, "N N N N N N N N"),
        (.maintenance, "N N N N N N N N"),
        (.deleting, "N N N N N N N N"),
    ]

    @Test func everyCellOfTheMatrixMatchesTheSpec() {
        for (status, row) in Self.spec {
            let cells = row.split(separator: " ").map { $0 == "Y" }
            for (action, allowed) in zip(Self.columns, cells) {
                #expect(OperationMatrix.allows(action, in: status) == allowed, "\(status.rawValue) × \(action.rawValue)")
                let refusal = OperationMatrix.refusal(of: action, application: "orders", in: status)
                #expect((refusal == nil) == allowed)
                if let refusal { #expect(refusal.code == .resourceInUse) }
            }
        }
        #expect(Self.spec.count == ApplicationStatus.allCases.count - 1)  // all but ROLLED_BACK, which apps never show
    }

    @Test func aRefusalSaysWhatIsAllowed() {
        #expect(OperationMatrix.refusal(of: .start, application: "orders", in: .running)?.description
                == "ResourceInUseException: Application orders is in RUNNING status; StartApplication is allowed only in READY.")
        #expect(OperationMatrix.refusal(of: .forceStop, application: "orders", in: .ready)?.message
                == "Application orders is in READY status; StopApplication with Force is allowed only in STARTING, STOPPING, RUNNING, UPDATING, AUTOSCALING.")
    }

    @Test func onlyReadyAndRunningAreSteady() {
        #expect(ApplicationStatus.allCases.filter { !$0.isTransient } == [.ready, .running, .rolledBack])
        #expect(ApplicationStatus.allCases.count == 11)
    }

    @Test func runtimesKnowTheirFlinkVersionAndWhetherTheyMayBeCreated() {
        #expect(RuntimeEnvironment(rawValue: "FLINK-1_20")?.flinkVersion?.description == "1.20")
        #expect(RuntimeEnvironment(rawValue: "FLINK-2_2")?.flinkVersion?.description == "2.2")
        #expect(RuntimeEnvironment(rawValue: "SQL-1_0")?.isFlink == false)
        #expect(RuntimeEnvironment(rawValue: "FLINK-9_9") == nil)
        #expect(RuntimeEnvironment.refusedOnCreate == ["FLINK-1_6", "FLINK-1_8", "FLINK-1_11", "FLINK-1_13"])
        #expect(RuntimeEnvironment.known.filter { $0.hasPrefix("FLINK-") }.count == 10)
    }
}
