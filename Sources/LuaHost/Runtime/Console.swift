import FloeReport
import CLua
#if canImport(Glibc)
import Glibc
#endif

/// Standard output and standard error, through the same C streams Lua's `print` and
/// warnings use, so that what the host writes and what scripts print stay in order.
public enum Console {
    public static func write(_ text: String) { emit(text, toError: false) }

    /// Writes to standard error (flushing standard output first).
    public static func writeError(_ text: String) { emit(text, toError: true) }

    /// The terminal's width in columns (standard output's, else standard input's), 80 when
    /// neither is a terminal or it does not say.
    public static var columns: Int {
        var size = winsize()
        for fd in [STDOUT_FILENO, STDIN_FILENO] where ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }

    /// How the terminal shows colour: not at all under NO_COLOR or TERM=dumb, in 256
    /// colours when TERM says so (xterm-256color, …) or COLORTERM is set, else in eight.
    static var colour: TimelineText.Colour {
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        if getenv("NO_COLOR") != nil || term == "dumb" { return .none }
        return term.contains("256") || getenv("COLORTERM") != nil ? .xterm256 : .basic
    }

    private static func emit(_ text: String, toError: Bool) {
        var text = text
        text.withUTF8 { clua_write(toError ? 1 : 0, $0.baseAddress, $0.count) }
    }
}
