import LuaHost

/// How errors reach the terminal: on standard error, prefixed with the program name in
/// `run` (none in the REPL, as in lua.c), with Lua's traceback when there is one.
public enum Reporter {
    static func text(for error: FloeError, program: String?) -> String {
        let prefix = program.map { "\($0): " } ?? ""
        var text: String
        switch error.code {
        case FloeError.Code.luaError, FloeError.Code.syntaxError, FloeError.Code.fileError, FloeError.Code.stateDirectory:
            text = prefix + error.message  // Lua's own words, already with file:line; the store's own
        default:
            text = prefix + (error.location ?? "") + error.description
        }
        if let traceback = error.traceback, !traceback.isEmpty { text += "\n" + traceback }
        return text
    }

    static func report(_ error: FloeError, program: String?) {
        writeError(text(for: error, program: program) + "\n")
    }

    public static func writeError(_ text: String) { Console.writeError(text) }

    static func writeOutput(_ text: String) { Console.write(text) }
}
