import Clock

/// The stretch of time a report draws, mapped onto the 1,000 units of a plot's width (the
/// SVGs' viewBox; HTML overlays position by the same fraction in percent), so that every
/// chart fills the page at any window width.
public struct ReportScale {
    let from: Double
    let to: Double
    let epoch: Double
    static let units = 1000.0

    init(from: Double, to: Double, epoch: Double) {
        self.from = from
        self.to = max(to, from + 1e-9)
        self.epoch = epoch
    }

    /// `t` in plot units, clamped to the plot.
    func x(_ t: Double) -> Double { min(ReportScale.units, max(0, ReportScale.units * (t - from) / (to - from))) }

    func percent(_ t: Double) -> String { ReportCharts.number(x(t) / 10) + "%" }

    func point(_ t: Double) -> String { TimeText.point(t, epoch: epoch) }
}

/// The report's drawings: an application's lanes (statuses, its job's, checkpoints, marks,
/// a time axis) and its charts (records in per second, parallelism), each a row of a name
/// column, a plot as wide as the page allows and a note column.
public enum ReportCharts {
    /// The narrowest a span is drawn, in plot units (0.4 % of the width): a one-second
    /// RESTARTING in a week still shows, over the steady status beside it.
    static let minimumSpan = 4.0
    /// Marks nearer than this (plot units) go on rows of their own.
    static let markGap = 16.0
    static let markRowHeight = 15
    /// Checkpoints are counted in this many stretches of the plot: drawn one tick each
    /// when no stretch has two, else as bars of their rate.
    static let checkpointBuckets = 250

    static func timeline(_ timeline: Timeline, _ scale: ReportScale) -> String {
        var html = "<div class=\"lanes\" role=\"img\" aria-label=\"timeline of \(HTMLReport.escape(timeline.application))\">\n"
        html += row("app", "lane", statusSVG(timeline.app, scale))
        html += row("job", "lane", statusSVG(timeline.job, scale))
        let (checkpoints, note) = checkpointSVG(timeline.checkpoints, scale)
        html += row("checkpoints", "ckpt", checkpoints, note: note)
        html += row("marks", "marks", marks(timeline.marks, scale))
        html += axis(scale)
        return html + "</div>\n"
    }

    private static func row(_ name: String, _ kind: String, _ plot: String, note: String = "", style: String = "") -> String {
        "<div class=\"row \(kind)\"\(style.isEmpty ? "" : " style=\"\(style)\"")><span class=\"name\">\(name)</span>"
            + "<div class=\"plot\">\(plot)</div><span class=\"note\">\(note)</span></div>\n"
    }

    // MARK: statuses

    /// The spans as rectangles, the ones that last first and the passing ones over them,
    /// each at least `minimumSpan` wide, each with a title naming it.
    static func statusSVG(_ spans: [Timeline.Span], _ scale: ReportScale) -> String {
        let shown = spans.filter { $0.end >= scale.from && $0.start <= scale.to && $0.status != "DELETED" }
        let ordered = shown.filter { Timeline.steady.contains($0.status) } + shown.filter { !Timeline.steady.contains($0.status) }
        var svg = "<svg viewBox=\"0 0 1000 10\" preserveAspectRatio=\"none\" xmlns=\"http://www.w3.org/2000/svg\">"
        for span in ordered {
            let x0 = scale.x(span.start), x1 = scale.x(span.end)
            let width = max(x1 - x0, minimumSpan)
            let x = min(x0, ReportScale.units - width)
            svg += "<rect class=\"status\" data-status=\"\(HTMLReport.escape(span.status))\" x=\"\(number(x))\" y=\"0\" width=\"\(number(width))\" height=\"10\" fill=\"\(Palette.hex(of: span.status))\">"
                + "<title>\(HTMLReport.escape(span.status)) from \(scale.point(span.start)) for \(TimeText.duration(span.end - span.start))</title></rect>"
        }
        return svg + "</svg>"
    }

    // MARK: checkpoints

    /// Completed checkpoints as ticks, or as bars of how many completed in each stretch when
    /// they are denser than that (a week of them reads as a rate); failed ones in red on top.
    static func checkpointSVG(_ checkpoints: RunRecord.Checkpoints, _ scale: ReportScale) -> (svg: String, note: String) {
        let buckets = checkpointBuckets
        let bucketUnits = ReportScale.units / Double(buckets)
        let bucketSeconds = (scale.to - scale.from) / Double(buckets)
        func counts(_ times: [Float]) -> [Int] {
            var counts = [Int](repeating: 0, count: buckets)
            for t in times where Double(t) >= scale.from && Double(t) <= scale.to {
                counts[min(buckets - 1, Int(scale.x(Double(t)) / bucketUnits))] += 1
            }
            return counts
        }
        let completed = counts(checkpoints.completed), failed = counts(checkpoints.failed)
        let most = completed.max() ?? 0
        // Crisp edges: neighbouring bars meet without a hairline between them.
        var svg = "<svg viewBox=\"0 0 1000 10\" preserveAspectRatio=\"none\" shape-rendering=\"crispEdges\" xmlns=\"http://www.w3.org/2000/svg\">"
        var note = ""
        if most == 1 {
            var path = ""
            for t in checkpoints.completed where Double(t) >= scale.from && Double(t) <= scale.to {
                path += "M\(number(scale.x(Double(t)))) 1V9"
            }
            svg += "<path class=\"checkpoints\" d=\"\(path)\" stroke=\"#4e79a7\" stroke-width=\"1\" vector-effect=\"non-scaling-stroke\">"
                + "<title>\(completed.reduce(0, +)) checkpoints completed</title></path>"
        } else if most > 1 {
            for (i, count) in completed.enumerated() where count > 0 {
                let height = max(1, 10 * Double(count) / Double(most))
                let start = scale.from + Double(i) * bucketSeconds
                svg += "<rect class=\"checkpoints\" x=\"\(number(Double(i) * bucketUnits))\" y=\"\(number(10 - height))\" width=\"\(number(bucketUnits))\" height=\"\(number(height))\" fill=\"#8fb3d9\">"
                    + "<title>\(count) checkpoint\(count == 1 ? "" : "s") completed from \(scale.point(start)) in \(TimeText.duration(bucketSeconds))</title></rect>"
            }
            note = "up to \(rate(Double(most) / bucketSeconds))"
        }
        for (i, count) in failed.enumerated() where count > 0 {
            let start = scale.from + Double(i) * bucketSeconds
            svg += "<rect class=\"failed-checkpoints\" x=\"\(number(Double(i) * bucketUnits))\" y=\"0\" width=\"\(number(max(bucketUnits, 3)))\" height=\"10\" fill=\"\(Palette.hex(of: "FAILED"))\">"
                + "<title>\(count) checkpoint\(count == 1 ? "" : "s") failed from \(scale.point(start)) in \(TimeText.duration(bucketSeconds))</title></rect>"
        }
        return (svg + "</svg>", note)
    }

    // MARK: marks

    /// Each mark a letter at its time; marks nearer than `markGap` to one on a row go on
    /// the next row, so none is drawn over another.
    static func marks(_ marks: [Timeline.Mark], _ scale: ReportScale) -> String {
        var rowEnds: [Double] = []
        var html = ""
        for mark in marks.sorted(by: { $0.time < $1.time }) where mark.time >= scale.from && mark.time <= scale.to {
            let x = scale.x(mark.time)
            let row = rowEnds.firstIndex { x - $0 >= markGap } ?? rowEnds.count
            if row == rowEnds.count { rowEnds.append(x) } else { rowEnds[row] = x }
            let title = "\(mark.kind.meaning) at \(scale.point(mark.time))" + (mark.detail.isEmpty ? "" : ": \(mark.detail)")
            html += "<span class=\"mark\" data-kind=\"\(mark.kind)\" style=\"left:\(scale.percent(mark.time));top:\(row * markRowHeight)px;color:\(Palette.hex(Palette.mark(mark.kind)))\" title=\"\(HTMLReport.escape(title))\">\(mark.kind.symbol)</span>"
        }
        return "<div style=\"height:\(max(1, rowEnds.count) * markRowHeight)px\"></div>" + html
    }

    // MARK: the time axis

    static func axis(_ scale: ReportScale) -> String {
        let interval = TimelineText.niceInterval(atLeast: (scale.to - scale.from) / 8)
        var ticks = ""
        var t = (scale.from / interval).rounded(.up) * interval
        while t <= scale.to {
            ticks += "<span class=\"tick\" style=\"left:\(scale.percent(t))\" title=\"\(scale.point(t))\">\(TimeText.label(t, interval: interval, epoch: scale.epoch))</span>"
            t += interval
        }
        return row("", "axis", ticks)
    }

    // MARK: charts

    /// Records in per second and parallelism, each on a scale of its own, over a time axis.
    static func charts(_ series: RunRecord.Series, _ scale: ReportScale) -> String {
        let points = series.points.filter { $0.time >= scale.from && $0.time <= scale.to }
        guard !points.isEmpty else { return "" }
        return "<div class=\"charts\">\n" + throughput(points, scale) + parallelism(points, scale) + axis(scale) + "</div>\n"
    }

    typealias Points = [(time: Double, recordsIn: Double, parallelism: Int)]

    /// Records in per second, a line on its own scale (0 to the most).
    private static func throughput(_ points: Points, _ scale: ReportScale) -> String {
        let most = max(points.map(\.recordsIn).max() ?? 0, 1e-9)
        var path = ""
        for (i, p) in points.enumerated() {
            path += (i == 0 ? "M" : "L") + "\(number(scale.x(p.time))) \(number(100 - 100 * p.recordsIn / most))"
        }
        let svg = "<svg viewBox=\"0 0 1000 100\" preserveAspectRatio=\"none\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<path class=\"throughput\" d=\"\(path)\" fill=\"none\" stroke=\"#2ca02c\" stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\"><title>records in per second, a minute each</title></path></svg>"
        let levels = level(format(most), at: 0) + level("0", at: 100)
        return row(levels, "chart", svg, note: "records in / s", style: "height:80px")
    }

    /// Parallelism, a step line on an axis of whole numbers of its own.
    private static func parallelism(_ points: Points, _ scale: ReportScale) -> String {
        let most = max(points.map(\.parallelism).max() ?? 1, 1)
        let y = { (v: Int) in 100 - 100 * Double(v) / Double(most) }
        var path = ""
        for (i, p) in points.enumerated() {
            path += i == 0 ? "M\(number(scale.x(p.time))) \(number(y(p.parallelism)))" : "H\(number(scale.x(p.time)))V\(number(y(p.parallelism)))"
        }
        let steps = most <= 6 ? Array(0...most) : [0, most / 2, most]
        var grid = ""
        for v in steps where v > 0 { grid += "M0 \(number(y(v)))H1000" }
        let svg = "<svg viewBox=\"0 0 1000 100\" preserveAspectRatio=\"none\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<path d=\"\(grid)\" stroke=\"#e4e4e4\" stroke-width=\"1\" vector-effect=\"non-scaling-stroke\"/>"
            + "<path class=\"parallelism\" d=\"\(path)\" fill=\"none\" stroke=\"#e8710a\" stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\"><title>parallelism</title></path></svg>"
        let levels = steps.map { level(String($0), at: y($0)) }.joined()
        return row(levels, "chart", svg, note: "parallelism", style: "height:\(min(80, 20 + 12 * most))px")
    }

    /// "61/h", "2.5/s", "3/day" for a rate per second.
    static func rate(_ perSecond: Double) -> String {
        for (unit, seconds) in [("s", 1.0), ("min", 60), ("h", 3600), ("day", 86400)] where perSecond * seconds >= 1 || unit == "day" {
            return format(perSecond * seconds) + "/" + unit
        }
        return ""
    }

    private static func level(_ text: String, at percent: Double) -> String {
        "<span class=\"level\" style=\"top:\(number(percent))%\">\(text)</span>"
    }

    static func number(_ v: Double) -> String {
        let rounded = (v * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private static func format(_ v: Double) -> String {
        v >= 100 ? String(Int(v.rounded())) : String((v * 10).rounded() / 10)
    }
}
