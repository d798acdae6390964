import CLua

/// Standard output and standard error, through the same C streams Lua's `print` and
/// warnings use, so that what the host writes and what scripts print stay in order.
public enum Console {
    public static func write(_ text: String) { emit(text, toError: false) }

    /// Writes to standard error (flushing standard output first).
    public static func writeError(_ text: String) { emit(text, toError: true) }

    private static func emit(_ text: String, toError: Bool) {
        var text = text
        text.withUTF8 { clua_write(toError ? 1 : 0, $0.baseAddress, $0.count) }
    }
}
