import LuaHost

/// The read–eval–print loop, lua.c's `doREPL`: a line that is an expression prints its
/// values, an unfinished statement continues on the next line (prompt `>>`), an error is
/// reported without the program prefix and the loop goes on, end of input leaves.
struct ReplSession<Reader: LineReader> {
    let runtime: LuaRuntime
    var reader: Reader

    mutating func run() {
        while let line = reader.readLine(prompt: prompt(continuation: false)) {
            var source = line
            do {
                while try runtime.evaluateInteractive(source) == .incomplete {
                    guard let more = reader.readLine(prompt: prompt(continuation: true)) else {
                        try runtime.load(source, name: "=stdin")  // end of input: report the unfinished statement
                        break
                    }
                    source += "\n" + more
                }
            } catch {
                Reporter.report(error, program: nil)
            }
            reader.addHistory(source)
            if source.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("local ") {
                Reporter.writeError("note: a local declared at the prompt lasts only for that statement\n")
            }
        }
        if (reader as? PlainLineReader)?.showsPrompt == true { Reporter.writeOutput("\n") }
    }

    /// `_PROMPT` / `_PROMPT2` when set to strings, else "> " and ">> ".
    private func prompt(continuation: Bool) -> String {
        let name = continuation ? "_PROMPT2" : "_PROMPT"
        if case .string(let custom) = (try? runtime.global(name)) ?? .nil { return custom }
        return continuation ? ">> " : "> "
    }
}
