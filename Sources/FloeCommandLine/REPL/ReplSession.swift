import LuaHost

/// The read–eval–print loop, lua.c's `doREPL`: a line that is an expression prints its
/// values, an unfinished statement continues on the next line (prompt `>>`), an error is
/// reported without the program prefix and the loop goes on, end of input leaves.
struct ReplSession<Reader: LineReader> {
    let runtime: LuaRuntime
    var reader: Reader
    /// On a terminal: `.help`-style commands, and errors in red (unless NO_COLOR).
    var terminal = Terminal(commands: false, colour: false)
    /// Writes what the entry changed to the state directory, if any, after each entry;
    /// false ends the session (it could not be written).
    var keep: () -> Bool = { true }

    struct Terminal {
        let commands: Bool
        let colour: Bool
    }

    mutating func run() {
        // On a pipe, lines are numbered as the input's are; at a terminal each entry is its own.
        let numbersLines = !terminal.commands
        var linesRead = 0
        while let line = reader.readLine(prompt: prompt(continuation: false)) {
            linesRead += 1
            if terminal.commands, let keepGoing = command(line) {
                reader.addHistory(line)
                if keepGoing && keep() { continue } else { break }
            }
            var source = line
            let firstLine = numbersLines ? linesRead : 1
            do {
                while try runtime.evaluateInteractive(source, firstLine: firstLine) == .incomplete {
                    guard let more = reader.readLine(prompt: prompt(continuation: true)) else {
                        // End of input: report the unfinished statement.
                        try runtime.load(String(repeating: "\n", count: firstLine - 1) + source, name: "=stdin")
                        break
                    }
                    linesRead += 1
                    source += "\n" + more
                }
            } catch {
                report(error)
            }
            reader.addHistory(source)
            if source.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("local ") {
                Reporter.writeError("note: a local declared at the prompt lasts only for that statement\n")
            }
            guard keep() else { break }
        }
        if (reader as? PlainLineReader)?.showsPrompt == true || reader is EditLineReader { Reporter.writeOutput("\n") }
        reader.finish()
    }

    /// Runs `line` if it is a dot command: whether the session goes on; nil for Lua.
    private func command(_ line: String) -> Bool? {
        do throws(DotCommand.Mistake) {
            guard let command = try DotCommand.parse(line) else { return nil }
            do {
                return try command.run(on: runtime)
            } catch {
                report(error)
                return true
            }
        } catch {
            Reporter.writeError(paint(error.message) + "\n")
            return true
        }
    }

    private func report(_ error: FloeError) {
        Reporter.writeError(paint(Reporter.text(for: error, program: nil)) + "\n")
    }

    /// Red, on a terminal that wants colour.
    private func paint(_ text: String) -> String {
        terminal.colour ? "\u{1B}[31m\(text)\u{1B}[0m" : text
    }

    /// `_PROMPT` / `_PROMPT2` when set to strings, else "> " and ">> ".
    private func prompt(continuation: Bool) -> String {
        let name = continuation ? "_PROMPT2" : "_PROMPT"
        if case .string(let custom) = (try? runtime.global(name)) ?? .nil { return custom }
        return continuation ? ">> " : "> "
    }
}
