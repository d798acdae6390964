import Clock

/// Timelines in a terminal: for each application a lane of its statuses, one of its job's,
/// one of its checkpoints and one of marks, column by column over the same stretch of
/// time, a time axis, and a legend of the symbols used.
public enum TimelineText {
    static let appSymbols: [String: Character] = [
        "READY": ".", "STARTING": "s", "RUNNING": "=", "UPDATING": "u", "AUTOSCALING": "a", "STOPPING": "p",
        "FORCE_STOPPING": "P", "ROLLING_BACK": "b", "ROLLED_BACK": "B", "MAINTENANCE": "m", "DELETING": "d", "DELETED": " ",
    ]
    static let jobSymbols: [String: Character] = [
        "INITIALIZING": "i", "CREATED": "c", "RUNNING": "=", "RESTARTING": "r", "FAILING": "f", "FAILED": "F",
        "CANCELLING": "k", "CANCELED": " ", "FINISHED": " ", "SUSPENDED": "z", "RECONCILING": "c",
    ]
    /// The order marks of one column stack in, top first.
    static let markOrder: [Timeline.MarkKind] = [.failure, .restart, .maintenance, .scaling, .rollback, .update, .policy, .snapshot]

    /// How a terminal shows colour: not at all, in the eight ANSI colours, or in 256.
    public enum Colour: Sendable { case none, basic, xterm256 }

    /// The text for `timelines` from `from` to `to` seconds, `width` columns wide (20 at
    /// least). Nothing that happened is lost at any width: a status that passed in a column
    /// shows over one that lasted, and every kind of mark in a column shows, stacked in as
    /// many marks rows as the most crowded column needs.
    public static func render(_ timelines: [Timeline], from: Double, to: Double, width: Int, colour: Colour,
                       epoch: Double = TimeText.defaultEpoch) -> String {
        guard !timelines.isEmpty else { return "no applications\n" }
        let width = max(20, width)
        // The name gives way first on a narrow terminal: at least 8 columns of time.
        let nameWidth = max(1, min(16, timelines.map(\.application.count).max() ?? 0, width - 8 - 7))
        let labelWidth = nameWidth + 7  // name, a space, the lane's name (5), a space
        let columns = max(8, width - labelWidth)
        let length = max(to - from, 1e-9)
        let step = length / Double(columns)
        let bounds = (0..<columns).map { (from + Double($0) * step, from + Double($0 + 1) * step) }
        let indent = String(repeating: " ", count: nameWidth)
        let start = TimeText.point(from, epoch: epoch), end = TimeText.point(to, epoch: epoch)
        // The end's date goes without saying on the same day.
        let endShown = end.prefix(10) == start.prefix(10) ? String(end.dropFirst(11)) : end
        var out = wrap("timeline \(start) → \(endShown), a column every \(TimeText.duration(step).replacingAll(" ", with: "\u{A0}"))", width)
        var used: Set<String> = [], usedJob: Set<String> = [], usedMarks: Set<Timeline.MarkKind> = []
        for timeline in timelines {
            let name = String(timeline.application.prefix(nameWidth)).padding(nameWidth)
            let appCells = bounds.map { Timeline.status(in: timeline.app, from: $0.0, to: $0.1) }
            let jobCells = bounds.map { Timeline.status(in: timeline.job, from: $0.0, to: $0.1) }
            used.formUnion(appCells.compactMap { $0 })
            usedJob.formUnion(jobCells.compactMap { $0 })
            out += name + " app   " + lane(appCells, symbols: appSymbols, colour: colour) + "\n"
            out += indent + " job   " + lane(jobCells, symbols: jobSymbols, colour: colour) + "\n"
            let completed = timeline.checkpoints.completed
            let steady = steadyGap(completed)
            let checkpoints = bounds.map { bound -> Character in
                if contains(timeline.checkpoints.failed, bound) { return "x" }
                if contains(completed, bound) { return "|" }
                // A column narrower than the checkpoint interval, inside a steady run of them.
                guard let gap = gap(around: bound, in: completed), let steady, gap <= 1.5 * steady else { return " " }
                return "|"
            }
            if checkpoints.contains(where: { $0 != " " }) {
                out += indent + " ckpt  " + paint(String(checkpoints), colour == .none ? nil : dim) + "\n"
            }
            let stacks = markStacks(timeline.marks, bounds)
            for row in 0..<(stacks.map(\.count).max() ?? 0) {
                let cells = stacks.map { row < $0.count ? $0[row] : nil }
                usedMarks.formUnion(cells.compactMap { $0 })
                out += indent + (row == 0 ? " marks " : "       ") + markLane(cells, colour: colour) + "\n"
            }
        }
        out += indent + " time  " + axis(from: from, step: step, columns: columns, epoch: epoch) + "\n"
        out += wrap(legend("app", used, appSymbols), width) + wrap(legend("job", usedJob, jobSymbols), width)
        if !usedMarks.isEmpty {
            out += wrap("marks: " + markOrder.filter(usedMarks.contains).map { "\($0.symbol) \($0.meaning)" }.joined(separator: ", "), width)
        }
        if out.contains(" ckpt ") { out += wrap("ckpt: | checkpoints completing, x one failed", width) }
        return out
    }

    /// For each column, the kinds of mark in it, in `markOrder`.
    static func markStacks(_ marks: [Timeline.Mark], _ bounds: [(Double, Double)]) -> [[Timeline.MarkKind]] {
        var kinds = [Set<Timeline.MarkKind>](repeating: [], count: bounds.count)
        guard let first = bounds.first, let last = bounds.last else { return [] }
        let step = first.1 - first.0
        for mark in marks where mark.time >= first.0 && mark.time <= last.1 {
            // The last column holds its end too: a mark made at the timeline's end shows.
            let column = min(bounds.count - 1, max(0, Int((mark.time - first.0) / step)))
            kinds[column].insert(mark.kind)
        }
        return kinds.map { here in markOrder.filter(here.contains) }
    }

    /// `text` in lines of at most `width` characters, broken at spaces where it can be.
    static func wrap(_ text: String, _ width: Int) -> String {
        guard !text.isEmpty else { return "" }
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
            while line.count > width {
                lines.append(String(line.prefix(width)))
                line = String(line.dropFirst(width))
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func lane(_ cells: [String?], symbols: [String: Character], colour: Colour) -> String {
        var text = ""
        var run: (colour: String?, text: String) = (nil, "")
        for cell in cells {
            let symbol: Character = cell.map { symbols[$0] ?? "?" } ?? " "
            let tone = colour == .none ? nil : cell.map { Palette.ansi(of: $0, colours256: colour == .xterm256) }
            if tone != run.colour {
                text += paint(run.text, run.colour)
                run = (tone, "")
            }
            run.text.append(symbol)
        }
        return text + paint(run.text, run.colour)
    }

    private static func markLane(_ cells: [Timeline.MarkKind?], colour: Colour) -> String {
        cells.map { kind -> String in
            guard let kind else { return " " }
            guard colour == .xterm256 else { return paint(String(kind.symbol), colour == .basic ? "1" : nil) }
            return paint(String(kind.symbol), "1;38;5;\(Palette.xterm256(Palette.mark(kind)))")
        }.joined()
    }

    private static let dim = "2"

    private static func paint(_ text: String, _ code: String?) -> String {
        guard let code, !text.isEmpty else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// The median time between one completed checkpoint and the next (nil for fewer than two).
    private static func steadyGap(_ times: [Float]) -> Double? {
        guard times.count >= 2 else { return nil }
        let gaps = zip(times.dropFirst(), times).map { Double($0 - $1) }.sorted()
        return gaps[gaps.count / 2]
    }

    /// The time between the last of the sorted `times` before `bound` and the first after.
    private static func gap(around bound: (Double, Double), in times: [Float]) -> Double? {
        let next = firstIndex(in: times, notBefore: bound.1)
        guard next > 0, next < times.count else { return nil }
        return Double(times[next]) - Double(times[next - 1])
    }

    private static func firstIndex(in times: [Float], notBefore t: Double) -> Int {
        var low = 0, high = times.count
        while low < high {
            let mid = (low + high) / 2
            if Double(times[mid]) < t { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Whether any of the sorted `times` falls in [bound.0, bound.1).
    private static func contains(_ times: [Float], _ bound: (Double, Double)) -> Bool {
        let i = firstIndex(in: times, notBefore: bound.0)
        return i < times.count && Double(times[i]) < bound.1
    }

    private static func legend(_ lane: String, _ used: Set<String>, _ symbols: [String: Character]) -> String {
        let shown = used.filter { symbols[$0] != " " }.sorted()
        guard !shown.isEmpty else { return "" }
        return "\(lane): " + shown.map { "\(symbols[$0] ?? "?") \($0)" }.joined(separator: ", ")
    }

    /// Labels under the columns at round times, at least 10 columns apart.
    private static func axis(from: Double, step: Double, columns: Int, epoch: Double) -> String {
        let interval = niceInterval(atLeast: step * 10)
        var line = [Character](repeating: " ", count: columns)
        var t = (from / interval).rounded(.up) * interval
        var lastEnd = -1
        while t < from + step * Double(columns) {
            let column = Int(((t - from) / step).rounded(.down))
            let label = Array("^" + TimeText.label(t, interval: interval, epoch: epoch))
            if column > lastEnd, column + label.count <= columns {
                for (i, c) in label.enumerated() { line[column + i] = c }
                lastEnd = column + label.count
            }
            t += interval
        }
        return String(line)
    }

    /// The first round stretch of time (1 s, 5 s, …, 1 h, …, 1 week) of at least `seconds`.
    static func niceInterval(atLeast seconds: Double) -> Double {
        let nice: [Double] = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800]
        return nice.first { $0 >= seconds } ?? max(seconds, 1)
    }
}

extension String {
    /// Padded with spaces on the right to `width` characters.
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
