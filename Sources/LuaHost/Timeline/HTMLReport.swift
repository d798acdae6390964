import Lifecycle

/// The page `--report FILE.html` and `floe.report(path)` write: self-contained (inline CSS
/// and SVG, no script, nothing fetched), with each application's timeline — statuses, its
/// job's, checkpoints, marks — its parallelism and throughput over time, and the status log
/// as a table.
enum HTMLReport {
    static let maxLogRows = 5000

    static func page(timelines: [Timeline], minutes: [String: RunRecord.Series], log: [StatusLogEntry],
                     from: Double, to: Double, title: String) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title))</title>
            <style>
            body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }
            svg { display: block; margin: .5em 0; }
            svg text { font: 11px system-ui, sans-serif; fill: #444; }
            table { border-collapse: collapse; font-size: 12px; }
            th, td { border-bottom: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
            th { background: #f4f4f4; position: sticky; top: 0; }
            .legend span { display: inline-block; margin-right: 1em; }
            .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; }
            </style>
            </head>
            <body>
            <h1>\(escape(title))</h1>
            <p>From \(TimelineText.duration(from)) to \(TimelineText.duration(to)) of virtual time; \
            \(timelines.count) application\(timelines.count == 1 ? "" : "s"), \(log.count) status changes.</p>

            """
        var statuses: [String] = []
        for timeline in timelines {
            for status in timeline.app.map(\.status) + timeline.job.map(\.status) where !statuses.contains(status) {
                statuses.append(status)
            }
        }
        html += "<p class=\"legend\">" + statuses.map {
            "<span><i style=\"background:\(colour(of: $0))\"></i>\(escape($0))</span>"
        }.joined() + "</p>\n"
        for timeline in timelines {
            html += "<h2>\(escape(timeline.application))</h2>\n"
            html += timelineSVG(timeline, from: from, to: to)
            if let series = minutes[timeline.application], !series.points.isEmpty {
                html += chartSVG(series, from: from, to: to)
            }
        }
        html += "<h2>Status log</h2>\n<table>\n<tr><th>time</th><th>application</th><th>version</th><th>subject</th><th>from</th><th>to</th><th>cause</th></tr>\n"
        for entry in log.prefix(maxLogRows) {
            html += "<tr><td>\(TimelineText.duration(entry.time))</td><td>\(escape(entry.application))</td><td>\(entry.version)</td>"
                + "<td>\(escape(entry.subject))</td><td>\(escape(entry.from))</td><td>\(escape(entry.to))</td><td>\(escape(entry.cause ?? ""))</td></tr>\n"
        }
        html += "</table>\n"
        if log.count > maxLogRows { html += "<p>… and \(log.count - maxLogRows) more entries (the whole log: <code>--log FILE</code>).</p>\n" }
        html += "</body>\n</html>\n"
        return html
    }

    // Geometry: a left margin for lane names, then time.
    private static let width = 960.0, left = 60.0, laneHeight = 18.0

    private static func x(_ t: Double, _ from: Double, _ to: Double) -> Double {
        left + (width - left - 10) * (t - from) / max(to - from, 1e-9)
    }

    private static func timelineSVG(_ timeline: Timeline, from: Double, to: Double) -> String {
        let height = 4 * laneHeight + 30
        var svg = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"timeline of \(escape(timeline.application))\">\n"
        for (row, (name, spans)) in [("app", timeline.app), ("job", timeline.job)].enumerated() {
            let y = Double(row) * laneHeight
            svg += "<text x=\"0\" y=\"\(f(y + 13))\">\(name)</text>\n"
            for span in spans where span.end >= from && span.start <= to && span.status != "DELETED" {
                let x0 = x(max(span.start, from), from, to), x1 = x(min(span.end, to), from, to)
                svg += "<rect class=\"status\" data-status=\"\(escape(span.status))\" x=\"\(f(x0))\" y=\"\(f(y + 2))\" width=\"\(f(max(x1 - x0, 1)))\" height=\"\(f(laneHeight - 4))\" fill=\"\(colour(of: span.status))\">"
                    + "<title>\(escape(span.status)) from \(TimelineText.duration(span.start)) for \(TimelineText.duration(span.end - span.start))</title></rect>\n"
            }
        }
        let ckptY = 2 * laneHeight
        svg += "<text x=\"0\" y=\"\(f(ckptY + 13))\">ckpt</text>\n"
        svg += ticks(timeline.checkpoints.completed, y: ckptY, colour: "#9ab", from: from, to: to)
        svg += ticks(timeline.checkpoints.failed, y: ckptY, colour: "#d33", from: from, to: to)
        let marksY = 3 * laneHeight
        svg += "<text x=\"0\" y=\"\(f(marksY + 13))\">marks</text>\n"
        for mark in timeline.marks where mark.time >= from && mark.time <= to {
            let mx = x(mark.time, from, to)
            svg += "<text class=\"mark\" x=\"\(f(mx - 3))\" y=\"\(f(marksY + 13))\">\(mark.kind.symbol)<title>\(escape(mark.kind.meaning)) at \(TimelineText.duration(mark.time))\(mark.detail.isEmpty ? "" : ": " + escape(mark.detail))</title></text>\n"
        }
        svg += axis(y: 4 * laneHeight + 4, from: from, to: to)
        return svg + "</svg>\n"
    }

    private static func ticks(_ times: [Float], y: Double, colour: String, from: Double, to: Double) -> String {
        guard !times.isEmpty else { return "" }
        // One path for all of them: a week of minute checkpoints stays one element.
        var path = ""
        var lastX = -1.0
        for t in times where Double(t) >= from && Double(t) <= to {
            let tx = x(Double(t), from, to)
            if tx - lastX < 1 { continue }
            lastX = tx
            path += "M\(f(tx)) \(f(y + 3))v\(f(laneHeight - 6))"
        }
        return "<path d=\"\(path)\" stroke=\"\(colour)\" stroke-width=\"1\"/>\n"
    }

    private static func axis(y: Double, from: Double, to: Double) -> String {
        var svg = "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - 10))\" y2=\"\(f(y))\" stroke=\"#999\"/>\n"
        let interval = TimelineText.niceInterval(atLeast: (to - from) / 8)
        var t = (from / interval).rounded(.up) * interval
        while t <= to {
            svg += "<text x=\"\(f(x(t, from, to)))\" y=\"\(f(y + 14))\" text-anchor=\"middle\">\(TimelineText.duration(t))</text>\n"
            t += interval
        }
        return svg
    }

    /// Records in per second (a line) and parallelism (a step line, right scale).
    private static func chartSVG(_ series: RunRecord.Series, from: Double, to: Double) -> String {
        let height = 120.0, top = 10.0, bottom = 100.0
        let points = series.points.filter { $0.time >= from && $0.time <= to }
        guard !points.isEmpty else { return "" }
        let maxRate = max(points.map(\.recordsIn).max() ?? 0, 1e-9)
        let maxParallelism = Double(max(points.map(\.parallelism).max() ?? 1, 1))
        let yRate = { (v: Double) in bottom - (bottom - top) * v / maxRate }
        let yPar = { (v: Double) in bottom - (bottom - top) * v / maxParallelism }
        var rate = "", parallelism = ""
        for (i, p) in points.enumerated() {
            let px = x(p.time, from, to)
            rate += (i == 0 ? "M" : "L") + "\(f(px)) \(f(yRate(p.recordsIn)))"
            parallelism += (i == 0 ? "M\(f(px)) " : "H\(f(px))V") + f(yPar(Double(p.parallelism)))
        }
        return """
            <svg width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="throughput and parallelism">
            <text x="0" y="\(f(top + 10))">\(format(maxRate)) rec/s</text>
            <text x="0" y="\(f(bottom))">0</text>
            <text x="\(f(width - 10))" y="\(f(top + 10))" text-anchor="end">parallelism \(Int(maxParallelism))</text>
            <path d="\(rate)" fill="none" stroke="#2a7" stroke-width="1.5"><title>records in per second</title></path>
            <path d="\(parallelism)" fill="none" stroke="#e80" stroke-width="1.5"><title>parallelism</title></path>
            <line x1="\(f(left))" y1="\(f(bottom))" x2="\(f(width - 10))" y2="\(f(bottom))" stroke="#999"/>
            <text x="\(f(left))" y="\(f(bottom + 14))">records in / s (green), parallelism (orange)</text>
            </svg>

            """
    }

    static func colour(of status: String) -> String {
        switch status {
        case "RUNNING": "#3a3"
        case "READY": "#bbb"
        case "STARTING", "INITIALIZING", "CREATED", "RECONCILING": "#8cd"
        case "UPDATING", "AUTOSCALING", "MAINTENANCE": "#e90"
        case "ROLLING_BACK", "ROLLED_BACK": "#c6c"
        case "STOPPING", "CANCELLING", "DELETING", "SUSPENDED": "#999"
        case "FORCE_STOPPING", "FAILING", "FAILED": "#d33"
        case "RESTARTING": "#fc3"
        case "FINISHED", "CANCELED": "#ddd"
        default: "#777"
        }
    }

    private static func f(_ v: Double) -> String {
        let rounded = (v * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private static func format(_ v: Double) -> String {
        v >= 100 ? String(Int(v.rounded())) : String((v * 10).rounded() / 10)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if c.value < 32 && c != "\n" && c != "\t" { out += "&#\(c.value);" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
