/// Where each function of the `floe` module and each method of floe's objects may run, as
/// their declarations say: the table SCRIPTING.md shows (a test keeps the two the same).
public enum PhaseMatrix {
    public struct Row: Equatable, Sendable {
        public let name: String
        public let phases: Phase
        /// Written in Lua in the prelude (the gate sees what it calls, not it).
        public var definedInLua = false
    }

    /// The columns, in order.
    public static let columns: [(Phase, String)] = [
        (.script, "script"), (.policy, "policy"), (.hook, "handler"), (.jobBuild, "job build"), (.task, "task"),
    ]

    /// Every function and method: `floe.now`, …, `floe.aws.*` (one row while all 33 agree),
    /// `app:start`, …, `job:wait`, ….
    public static var rows: [Row] {
        var rows = FloeModule.moduleFunctions.map { Row(name: "floe.\($0.name)", phases: $0.phases) }
        rows += FloeModule.preludeFunctions.map { Row(name: "floe.\($0.0)", phases: $0.1, definedInLua: true) }
        let aws = AWSModule.functions
        if let first = aws.first, aws.allSatisfy({ $0.phases == first.phases }) {
            rows.append(Row(name: "floe.aws.* (all \(aws.count))", phases: first.phases))
        } else {
            rows += aws.map { Row(name: "floe.aws.\($0.name)", phases: $0.phases) }
        }
        rows.sort { $0.name < $1.name }
        rows += ApplicationType.type.methods.map { Row(name: "app:\($0.name)", phases: $0.phases) }
        rows += JobType.type.methods.map { Row(name: "job:\($0.name)", phases: $0.phases) }
        return rows
    }

    /// The matrix as a Markdown table.
    public static var markdown: String {
        var lines = ["| function or method | " + columns.map(\.1).joined(separator: " | ") + " |",
                     "|---" + String(repeating: "|:-:", count: columns.count) + "|"]
        for row in rows {
            lines.append("| `\(row.name)` | " + columns.map { row.phases.contains($0.0) ? "yes" : "" }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
