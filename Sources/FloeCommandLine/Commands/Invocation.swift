import LuaHost

/// What the command line asked for, scanned the way lua.c's `collectargs` scans it:
/// options up to the first argument that is not one, which is the script; everything
/// after the script belongs to the script.
public struct Invocation {
    public enum Mode: String, Sendable { case auto, run, repl, test }

    /// `-e` and `-l`, run in command-line order before the script.
    enum Step: Equatable {
        case execute(String)
        case require(module: String, global: String)
    }

    public internal(set) var mode = Mode.auto
    var steps: [Step] = []
    /// Index in argv of the script (`-` is standard input), nil when there is none.
    var script: Int?
    var interactive = false
    var showVersion = false
    public internal(set) var showHelp = false
    public internal(set) var options = HostOptions()
    /// `floe test`'s files and folders (none: the current folder).
    var testPaths: [String] = []
    let argv: [String]

    /// A mistake on the command line: reported in one line with a hint, exit status 2.
    public struct UsageError: Error, Equatable {
        public let message: String
    }

    public init(_ argv: [String]) throws(UsageError) {
        self.argv = argv
        var i = 1
        if argv.count > 1, let subcommand = Invocation.subcommands[argv[1]] {
            mode = subcommand
            i = 2
        }
        scan: while i < argv.count {
            let argument = argv[i]
            switch argument {
            case _ where mode == .test && (argument == "-" || !argument.hasPrefix("-")):
                testPaths.append(argument)
            case "-":
                script = i
                break scan
            case "--":
                if mode == .test {
                    testPaths += argv[(i + 1)...]
                    break scan
                }
                if i + 1 < argv.count { script = i + 1 }
                break scan
            case _ where Invocation.subcommands[argument] != nil && mode == .auto && steps.isEmpty:
                // floe's options may come before the subcommand: `floe --seed 3 run x.lua`.
                mode = Invocation.subcommands[argument]!
            case _ where !argument.hasPrefix("-"):
                script = i
                break scan
            case _ where argument.hasPrefix("--"):
                i = try longOption(at: i)
            default:
                i = try shortOption(at: i)
            }
            i += 1
        }
        switch mode {
        case _ where showHelp:
            break  // `floe run --help` is help on run, whatever else is missing
        case .run where script == nil:
            throw UsageError(message: "'run' needs a script")
        case .repl where script != nil:
            throw UsageError(message: "'repl' takes no script (got '\(argv[script!])')")
        case .test where !steps.isEmpty || interactive:
            throw UsageError(message: "'test' takes files and folders, not -e, -l or -i")
        case _ where options.flink != nil && options.stateDirectory != nil:
            throw UsageError(message: "'--flink' runs on the wall clock (a cluster does not run on floe's virtual time), which '--state-dir' cannot pick up yet: leave one out")
        case _ where options.flinkScripts && options.flink == nil:
            throw UsageError(message: "'--flink-scripts' runs job scripts on the cluster '--flink' names: give it one")
        case .test where options.flink != nil:
            throw UsageError(message: "'test' runs each case in a floe of its own: --flink is for run and the REPL")
        case .test where options.stateDirectory != nil:
            throw UsageError(message: "'test' runs each case in a floe of its own, with nothing kept: --state-dir is for run and the REPL")
        case _ where options.stateDirectory != nil && options.realtime:
            throw UsageError(message: "'--state-dir' keeps the virtual clock where it stood, which '--realtime' cannot: leave one out")
        default:
            break
        }
    }

    public static let subcommands: [String: Mode] = ["run": .run, "repl": .repl, "test": .test]

    /// What a state directory's lock says holds it: "floe run", "floe repl", "floe".
    var holder: String { mode == .auto ? "floe" : "floe \(mode.rawValue)" }

    /// The script's path, nil for standard input (`-` not after `--`, as lua.c reads it).
    var scriptPath: String? {
        guard let script else { return nil }
        return argv[script] == "-" && argv[script - 1] != "--" ? nil : argv[script]
    }

    /// The arguments after the script: its `...` and `arg[1]`, `arg[2]`, ….
    var scriptArguments: [String] {
        guard let script else { return [] }
        return Array(argv[(script + 1)...])
    }

    private mutating func shortOption(at index: Int) throws(UsageError) -> Int {
        let argument = argv[index]
        let letter = argument.dropFirst().first!
        let rest = String(argument.dropFirst(2))
        switch letter {
        case "e", "l":
            var value = rest
            var next = index
            if value.isEmpty {
                next += 1
                guard next < argv.count, !argv[next].hasPrefix("-") || letter == "e" else {
                    throw UsageError(message: "'-\(letter)' needs argument")
                }
                value = argv[next]
            }
            if letter == "e" {
                steps.append(.execute(value))
            } else if let equals = value.firstIndex(of: "=") {
                steps.append(.require(module: String(value[value.index(after: equals)...]), global: String(value[..<equals])))
            } else {
                steps.append(.require(module: value, global: value))
            }
            return next
        case "i" where rest.isEmpty:
            interactive = true
            showVersion = true
        case "v" where rest.isEmpty:
            showVersion = true
        case "h" where rest.isEmpty:
            showHelp = true
        default:
            throw UsageError(message: "unrecognized option '\(argument)'")
        }
        return index
    }

    private mutating func longOption(at index: Int) throws(UsageError) -> Int {
        let argument = argv[index]
        var name = String(argument.dropFirst(2))
        var inline: String?
        if let equals = name.firstIndex(of: "=") {
            inline = String(name[name.index(after: equals)...])
            name = String(name[..<equals])
        }
        var next = index
        func value() throws(UsageError) -> String {
            if let inline { return inline }
            next += 1
            guard next < argv.count else { throw UsageError(message: "'--\(name)' needs a value") }
            return argv[next]
        }
        switch name {
        case "help":
            showHelp = true
        case "flink-scripts":
            options.flinkScripts = true
        case "realtime":
            options.realtime = true
        case "seed":
            let text = try value()
            guard let seed = UInt64(text) ?? Int64(text).map({ UInt64(bitPattern: $0) }) else {
                throw UsageError(message: "'--seed' needs an integer, got '\(text)'")
            }
            options.seed = seed
        case "state-dir":
            options.stateDirectory = try value()
        case "flink":
            options.flink = try value()
            options.realtime = true  // a cluster does not run on floe's virtual time
        case "log":
            options.logFile = try value()
        case "report":
            options.reportFile = try value()
        case "bucket":
            let text = try value()
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex, text.index(after: equals) != text.endIndex else {
                throw UsageError(message: "'--bucket' needs BUCKET=DIR, got '\(text)'")
            }
            options.buckets[String(text[..<equals])] = String(text[text.index(after: equals)...])
        case "max-instructions":
            let text = try value()
            guard let n = Int(text), n > 0 else {
                throw UsageError(message: "'--max-instructions' needs a positive integer, got '\(text)'")
            }
            options.limits.instructions = n
        case "max-memory":
            let text = try value()
            guard let bytes = Invocation.byteCount(text) else {
                throw UsageError(message: "'--max-memory' needs a size such as 65536, 512K or 64M, got '\(text)'")
            }
            options.limits.memoryBytes = bytes
        default:
            throw UsageError(message: "unrecognized option '--\(name)'")
        }
        return next
    }

    /// "65536", "512K", "64M", "1G" in bytes.
    static func byteCount(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = Substring(text)
        var scale = 1
        if let last = text.last?.uppercased().first, let unit = units[last] {
            scale = unit
            digits = digits.dropLast()
        }
        guard let n = Int(digits), n > 0 else { return nil }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: scale)
        return overflow ? nil : bytes
    }
}
