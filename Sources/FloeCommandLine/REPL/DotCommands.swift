import LuaHost

/// The prompt's own commands, for the common things: a line that starts with a dot and a
/// word (`.5` stays a number).
enum DotCommand {
    case help, quit
    case load(String)
    case log([String])
    case timeline([String])
    case report(String)

    static let helpText = """
        .help              this list
        .load FILE         run a Lua file here (its globals stay)
        .log [APP …]       the status log (of those applications)
        .timeline [APP …]  applications' statuses over time (floe.timeline)
        .report FILE       write the HTML report of the session so far (floe.report)
        .quit              leave (as Ctrl-D does)
        Tab completes globals, fields, methods and, inside quotes, application names; the
        arrows recall earlier lines (kept in ~/.floe_history, or $FLOE_HISTORY); Ctrl-C
        stops a running statement or drops the line being typed.
        """

    /// The command on `line`; nil when the line is Lua. Throws a message for a command
    /// that is not one, or lacks its argument.
    static func parse(_ line: String) throws(Mistake) -> DotCommand? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first, first.hasPrefix("."), first.count > 1,
              first.dropFirst().allSatisfy({ $0.isLetter }) else { return nil }
        let rest = Array(words.dropFirst())
        switch first {
        case ".help": return .help
        case ".quit", ".exit": return .quit
        case ".log": return .log(rest)
        case ".timeline": return .timeline(rest)
        case ".load", ".report":
            guard rest.count == 1 else { throw Mistake(message: "\(first) needs one file name") }
            return first == ".load" ? .load(rest[0]) : .report(rest[0])
        default:
            throw Mistake(message: "unknown command \(first) (.help lists them)")
        }
    }

    struct Mistake: Error {
        let message: String
    }

    /// Carries the command out; false when the session should end.
    func run(on runtime: LuaRuntime) throws(FloeError) -> Bool {
        switch self {
        case .help:
            Reporter.writeOutput(DotCommand.helpText + "\n")
        case .quit:
            return false
        case .load(let path):
            try runtime.runScript(path, arguments: [])
        case .log(let names):
            for line in try runtime.statusLogLines(of: names) { Reporter.writeOutput(line + "\n") }
        case .timeline(let names):
            _ = try runtime.run("floe.timeline(\(names.map(DotCommand.quoted).joined(separator: ", ")))", name: "=.timeline")
        case .report(let path):
            let said = try runtime.run("return floe.report(\(DotCommand.quoted(path)))", name: "=.report")
            Reporter.writeOutput("wrote the report to \(path) (\(said.first?.stringValue ?? ""))\n")
        }
        return true
    }

    /// A Lua string literal for `text` (its bytes as they are, but quotes, backslashes and
    /// control characters escaped).
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0..<32, 127: out += Array("\\\(byte)".utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}
