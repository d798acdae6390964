#if canImport(Glibc)
import Glibc
#endif
import LuaHost

/// Carries out an invocation, lua.c's `pmain`: the version line if asked, the `arg`
/// table, `-e`/`-l` in order, the script, then the REPL if asked (or if there was nothing
/// else to do and standard input is a terminal; otherwise standard input is the script).
/// Stops at the first error. Returns the exit status.
public enum Session {
    static let program = "floe"

    /// Runs `invocation`; a `--state-dir` registry through `door` (`floe-state`'s), which
    /// `floe` itself, linking no store, never passes.
    public static func run(_ invocation: Invocation, registry door: (any RegistryDoor)? = nil, cluster: (any ClusterDoor)? = nil) -> Int32 {
        if invocation.showHelp {
            Reporter.writeOutput(Usage.version + "\n" + Usage.help(for: invocation.mode) + "\n")
            return 0
        }
        if invocation.mode == .test { return TestCommand.run(invocation) }
        let stdinIsTerminal = isatty(STDIN_FILENO) != 0
        let runsNothing = invocation.script == nil && invocation.steps.isEmpty && !invocation.showVersion
        let repl = invocation.interactive || invocation.mode == .repl
            || (invocation.mode == .auto && runsNothing && stdinIsTerminal)
        if invocation.showVersion || (repl && stdinIsTerminal) {
            Reporter.writeOutput(Usage.version + "\n")
        }
        // The state directory first: a floe already on it stops this one before anything runs.
        var options = invocation.options
        var registry: (any KeptRegistry)?
        if let directory = options.stateDirectory, let door {
            do {
                registry = try door.open(directory, holder: invocation.holder)
            } catch {
                Reporter.report(error, program: program)
                return 1
            }
            options.stateDirectory = registry?.absoluteDirectory
        }
        let runtime: LuaRuntime
        var attached: AnyObject?
        defer { withExtendedLifetime(attached) {} }
        do {
            runtime = try LuaRuntime(options: options)
            if let spec = options.flink, let cluster { attached = try cluster.attach(spec, to: runtime.host) }
            if let registry, let kept = try registry.restore(into: runtime) { Reporter.writeError("\(program): \(kept)\n") }
        } catch {
            Reporter.report(error, program: program)
            return 1
        }
        /// What the host changed is written before the next thing runs; a host that cannot
        /// write it stops rather than go on with what it would forget.
        func keep() -> Bool {
            guard let registry else { return true }
            do {
                try registry.save()
                return true
            } catch {
                Reporter.writeError("\(program): \(error.message); stopping\n")
                return false
            }
        }
        runtime.catchesInterrupts = true
        runtime.setArgumentTable(invocation.argv, script: invocation.script ?? 0)
        let report = Report(path: invocation.options.reportFile)
        defer { report.write(from: runtime) }
        defer { if let note = runtime.closingNote { Reporter.writeError(note) } }
        do {
            for step in invocation.steps {
                switch step {
                case .execute(let source): try runtime.run(source, name: "=(command line)")
                case .require(let module, let global): try runtime.requireModule(module, as: global)
                }
            }
            if invocation.script != nil {
                try runtime.runScript(invocation.scriptPath, arguments: invocation.scriptArguments)
            } else if runsNothing && !repl {
                try runtime.runScript(nil, arguments: [])
            }
        } catch {
            Reporter.report(error, program: program)
            _ = keep()  // what the failed script did before it failed stays done
            return 1
        }
        guard keep() else { return 1 }
        if repl {
            if stdinIsTerminal {
                runtime.showResultsPretty(width: Console.columns, colour: isatty(STDOUT_FILENO) != 0 && getenv("NO_COLOR") == nil)
                let reader = EditLineReader(historyPath: historyPath()) { runtime.completions(for: $0, inString: $1) }
                let colour = isatty(STDERR_FILENO) != 0 && getenv("NO_COLOR") == nil
                var session = ReplSession(runtime: runtime, reader: reader, terminal: .init(commands: true, colour: colour), keep: keep)
                session.run()
            } else {
                var session = ReplSession(runtime: runtime, reader: PlainLineReader(), keep: keep)
                session.run()
            }
        }
        return keep() ? 0 : 1
    }
}

/// The REPL's history file: `$FLOE_HISTORY`, else `~/.floe_history` (none without a home).
func historyPath() -> String? {
    if let path = getenv("FLOE_HISTORY").map({ String(cString: $0) }), !path.isEmpty { return path }
    guard let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty else { return nil }
    return home + "/.floe_history"
}

/// `--report FILE`: checked before the run, so that a path that cannot be written is said
/// at once (the run goes on without it), and written when the run ends, however it ended.
struct Report {
    let path: String?

    init(path: String?) {
        guard let path else {
            self.path = nil
            return
        }
        guard let file = fopen(path, "a") else {
            Reporter.writeError("\(Session.program): cannot write the report to \(path): \(String(cString: strerror(errno))) (the run goes on without it)\n")
            self.path = nil
            return
        }
        fclose(file)
        self.path = path
    }

    func write(from runtime: LuaRuntime) {
        guard let path else { return }
        do {
            let summary = try runtime.writeReport(to: path)
            Reporter.writeError("\(Session.program): wrote the report to \(path) (\(summary))\n")
        } catch {
            Reporter.report(error, program: Session.program)
        }
    }
}

