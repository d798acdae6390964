#if canImport(Glibc)
import Glibc
#endif

/// A waiting job's progress on the terminal's last line — records read and, for bounded
/// input, percent — redrawn at most every `FLOE_PROGRESS_MS` (real) milliseconds (100)
/// while `job:wait` or `app:wait` lets time pass, and wiped when the wait ends. Nothing at all when
/// standard error is not a terminal.
final class ProgressMeter {
    private let name: String
    private let interval: Int64
    private var lastDrawn: Int64
    private var shown = false

    init?(name: String) {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        self.name = name
        interval = getenv("FLOE_PROGRESS_MS").flatMap { Int64(String(cString: $0)) }.map { max(0, $0) } ?? 100
        lastDrawn = ProgressMeter.milliseconds()
    }

    /// Redraws with `measure()` if the interval has passed since the last time.
    func update(_ measure: () -> (records: Int, total: Int?)) {
        let now = ProgressMeter.milliseconds()
        guard now - lastDrawn >= interval else { return }
        lastDrawn = now
        let progress = measure()
        var text = "\(name): \(ProgressMeter.grouped(progress.records)) records"
        if let total = progress.total, total > 0 {
            text += ", \(min(100, progress.records * 100 / total)) % of \(ProgressMeter.grouped(total))"
        }
        Console.writeError("\r\u{1B}[K" + text)
        shown = true
    }

    func clear() {
        if shown { Console.writeError("\r\u{1B}[K") }
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        return String(digits.enumerated().flatMap { i, d in (i > 0 && (digits.count - i) % 3 == 0) ? [",", d] : [d] })
    }

    private static func milliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
