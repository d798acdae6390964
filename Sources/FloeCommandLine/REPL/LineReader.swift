#if canImport(Glibc)
import Glibc
#endif
import LuaHost

/// Where the REPL's lines come from: lua.c's four-function seam (read a line, keep
/// history, free, save): plain lines from a pipe, `EditLineReader` on a terminal.
protocol LineReader {
    /// The next line without its newline, or nil at end of input. `prompt` is shown first
    /// when the reader is interactive.
    mutating func readLine(prompt: String) -> String?
    /// Remembers a complete statement for recall.
    mutating func addHistory(_ entry: String)
    /// The session is over: keep what must be kept (the history).
    mutating func finish()
}

extension LineReader {
    mutating func finish() {}
}

/// Lines from standard input, prompting only when it is a terminal (so that piped input
/// gives clean output).
struct PlainLineReader: LineReader {
    let showsPrompt: Bool

    init(showsPrompt: Bool = isatty(STDIN_FILENO) != 0) { self.showsPrompt = showsPrompt }

    mutating func readLine(prompt: String) -> String? {
        if showsPrompt {
            Console.write(prompt)
        }
        return Swift.readLine(strippingNewline: true)
    }

    mutating func addHistory(_ entry: String) {}
}
