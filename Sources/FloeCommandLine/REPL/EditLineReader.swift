#if canImport(Glibc)
import Glibc
#endif
import CEdit
import LuaHost

/// Lines from a terminal through libedit: editing, history recalled with the arrows and
/// kept across sessions in a file, Tab completion, Ctrl-C abandoning the line being typed
/// (a running statement is the runtime's to stop), Ctrl-D on an empty line leaving.
///
/// libedit's callback interface is read from a `pselect` loop, so that Ctrl-C at the
/// prompt is seen (pselect returns EINTR) without libedit's own signal handling.
final class EditLineReader: LineReader {
    /// Where the history is kept; nil once it cannot be (said once, the session goes on).
    private var historyPath: String?
    /// The most entries kept.
    static let historySize: Int32 = 1000

    /// What Tab offers: (word, whether it is inside a string) → whole replacements.
    nonisolated(unsafe) static var completer: ((String, Bool) -> [String])?
    nonisolated(unsafe) private static var line: (done: Bool, text: String?) = (false, nil)
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var interrupted: sig_atomic_t = 0

    init(historyPath: String?, completer: @escaping (String, Bool) -> [String]) {
        // libedit reads characters the way LC_CTYPE says: in "C", every byte past ASCII is a
        // meta key, and "café" cannot be typed. The user's locale, or UTF-8 when it is "C".
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) }
        if chosen == nil || chosen == "C" || chosen == "POSIX" { setlocale(LC_CTYPE, "C.UTF-8") }
        EditLineReader.completer = completer
        stifle_history(EditLineReader.historySize)
        // Words end at these: "floe.cre" and "app:st" are one word each; a quote starts one.
        cedit_configure("floe", " \t\n\"'`@$><=;|&{(,[+-*/%^#~") { text, start, _ in
            cedit_no_append()
            let word = text.map { String(cString: $0) } ?? ""
            let before = String(cString: cedit_line_buffer()).utf8.prefix(Int(start)).last
            let inString = before == UInt8(ascii: "\"") || before == UInt8(ascii: "'")
            EditLineReader.matches = EditLineReader.completer?(word, inString) ?? []
            // The runtime's call let Ctrl-C through; inside libedit it waits for the next key.
            var interrupt = sigset_t()
            sigemptyset(&interrupt)
            sigaddset(&interrupt, SIGINT)
            pthread_sigmask(SIG_BLOCK, &interrupt, nil)
            guard !EditLineReader.matches.isEmpty else { return nil }
            guard let text else { return nil }
            return rl_completion_matches(text, { _, state in
                let i = Int(state)
                guard i < EditLineReader.matches.count else { return nil }
                return strdup(EditLineReader.matches[i])
            })
        }
        self.historyPath = historyPath
        loadHistory()
        listenForInterrupts()
    }

    /// Reads the history file, if there is one; one that is not libedit's history, or cannot
    /// be read, is said once and left as it is (this session's lines are not saved over it).
    private func loadHistory() {
        guard let path = historyPath else { return }
        if access(path, F_OK) != 0 { return }  // a first session
        let status = read_history(path)
        guard status != 0 else { return }
        let reason = status == EINVAL || status == -1 ? "it is not a history file" : String(cString: strerror(status))
        Reporter.writeError("floe: cannot read the history in \(path): \(reason); it is left as it is, and this session's lines are not kept\n")
        historyPath = nil
    }

    /// What handled SIGINT before the session: the reader's handler stays for the whole
    /// session (a statement's run puts the runtime's in front of it for that long), so that
    /// a Ctrl-C between the prompt and the statement is never the default's, which ends floe.
    private var previousInterrupt = sigaction()

    private func listenForInterrupts() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in EditLineReader.interrupted = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: pselect returns EINTR
        sigaction(SIGINT, &action, &previousInterrupt)
    }

    func readLine(prompt: String) -> String? {
        EditLineReader.interrupted = 0  // one pressed while a statement ran is spent
        EditLineReader.line = (false, nil)
        // Ctrl-C is heard only while waiting for a key (pselect lets it through), never in
        // the middle of libedit's handling of one.
        var interrupt = sigset_t(), before = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_BLOCK, &interrupt, &before)
        defer { pthread_sigmask(SIG_SETMASK, &before, nil) }
        var waiting = before
        sigdelset(&waiting, SIGINT)
        install(prompt)
        while !EditLineReader.line.done {
            var ready = fd_set()
            ready.__fds_bits.0 = 1 << STDIN_FILENO  // FD_SET(0): the macros are not Swift's
            if pselect(STDIN_FILENO + 1, &ready, nil, nil, nil, &waiting) < 0 {
                if errno == EINTR && EditLineReader.interrupted != 0 {
                    // Ctrl-C at the prompt: the line is dropped, a fresh prompt shown.
                    EditLineReader.interrupted = 0
                    rl_replace_line("", 0)
                    Console.write("^C\n")
                    rl_callback_handler_remove()
                    install(prompt)
                }
                continue
            }
            // Readable with nothing to read: the end of input, typed (Ctrl-D) before libedit
            // had the terminal again.
            var pending: Int32 = 0
            if ioctl(STDIN_FILENO, UInt(FIONREAD), &pending) == 0 && pending == 0 {
                var byte: UInt8 = 0
                if Glibc.read(STDIN_FILENO, &byte, 1) <= 0 {
                    EditLineReader.line = (true, nil)
                    break
                }
                rl_stuff_char(Int32(byte))
            }
            rl_callback_read_char()
        }
        rl_callback_handler_remove()
        return EditLineReader.line.text
    }

    private func install(_ prompt: String) {
        rl_callback_handler_install(prompt) { text in
            // libedit hands over a line it allocated (nil at end of input, Ctrl-D).
            if let text, String(validatingCString: text) == nil {
                Reporter.writeError("note: the line has bytes that are not UTF-8; each is read as U+FFFD (\u{FFFD})\n")
            }
            EditLineReader.line = (true, text.map { String(cString: $0) })
            free(text)
            rl_callback_handler_remove()
        }
    }

    func addHistory(_ entry: String) {
        guard !entry.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) else { return }
        add_history(entry)
    }

    /// Saves the history (the last `historySize` entries), or says why it cannot.
    func finish() {
        sigaction(SIGINT, &previousInterrupt, nil)
        guard let path = historyPath else { return }
        let status = write_history(path)
        if status != 0 {
            Reporter.writeError("floe: cannot save the history to \(path): \(String(cString: strerror(status)))\n")
        }
    }
}
