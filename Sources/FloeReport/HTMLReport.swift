import Clock
import Lifecycle

/// The page `--report FILE.html` and `floe.report(path)` write: self-contained (inline CSS
/// and SVG, nothing fetched), as wide as the window, with each application's timeline —
/// statuses, its job's, checkpoints, marks — its throughput and parallelism on axes of
/// their own, and the status log as a table that a few lines of inline script filter by
/// application and subject (with scripts off, the whole table shows). Every time in it is
/// written the one way floe writes times (`TimeText`).
public enum HTMLReport {
    static let maxLogRows = 5000

    /// What the page says about the run it draws.
    public struct About {
        /// The script the run began with ("the prompt" when none).
        var script: String
        var seed: UInt64
        var version: String
        /// When the page was made, on the wall clock (UTC).
        var made: String
        var epoch = TimeText.defaultEpoch
        /// Folders whose paths the causes show shortened, longest first: (folder, short name).
        var folders: [(path: String, name: String)] = []
        /// A live view's page fetches itself again this often (seconds) and swaps what it
        /// shows in place; nil: a page that stays.
        public var refreshSeconds: Int?
        /// The applications there are now, as the page's first table shows them.
        public var applications: [Row] = []

        public init(script: String, seed: UInt64, version: String, made: String, epoch: Double, folders: [(path: String, name: String)]) {
            self.script = script
            self.seed = seed
            self.version = version
            self.made = made
            self.epoch = epoch
            self.folders = folders
        }
    }

    /// An application as it stands: what a live view keeps an eye on.
    public struct Row {
        let name: String
        let status: String
        let version: Int
        let parallelism: Int
        let job: String?

        public init(name: String, status: String, version: Int, parallelism: Int, job: String?) {
            self.name = name
            self.status = status
            self.version = version
            self.parallelism = parallelism
            self.job = job
        }
    }

    public static func page(timelines: [Timeline], minutes: [String: RunRecord.Series], log: [StatusLogEntry],
                     from: Double, to: Double, about: About) -> String {
        let scale = ReportScale(from: from, to: to, epoch: about.epoch)
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>floe report: \(escape(about.script))</title>
            <style>
            \(style)
            </style>
            </head>
            <body\(about.refreshSeconds.map { " data-refresh=\"\($0)\"" } ?? "")>
            <p class="live" hidden></p>
            <div id="page">
            <h1>floe report: <code>\(escape(about.script))</code></h1>
            <p class="about">Seed \(about.seed) · \(escape(about.version)) · made \(escape(about.made)) · \
            virtual time \(TimeText.point(from, epoch: about.epoch)) to \(TimeText.point(to, epoch: about.epoch)) \
            (\(TimeText.duration(to - from))) · \(timelines.count) application\(timelines.count == 1 ? "" : "s") · \
            \(log.count) status change\(log.count == 1 ? "" : "s")</p>

            """
        html += applicationsTable(about.applications)
        html += legend(timelines)
        for timeline in timelines {
            html += "<section class=\"application\" data-application=\"\(escape(timeline.application))\">\n"
            html += "<h2>\(escape(timeline.application))</h2>\n"
            html += ReportCharts.timeline(timeline, scale)
            if let series = minutes[timeline.application] {
                html += ReportCharts.charts(series, scale)
            }
            html += "</section>\n"
        }
        html += statusLog(log, about: about)
        html += "</div>\n<script>\n\(script)\n</script>\n</body>\n</html>\n"
        return html
    }

    // MARK: the applications now

    private static func applicationsTable(_ rows: [Row]) -> String {
        guard !rows.isEmpty else { return "" }
        var html = "<table class=\"applications\">\n<thead><tr><th>application</th><th>status</th><th>version</th><th>parallelism</th><th>job</th></tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr data-application=\"\(escape(row.name))\"><td>\(escape(row.name))</td>"
                + "<td class=\"status\"><i style=\"background:\(Palette.hex(of: row.status))\"></i>\(escape(row.status))</td>"
                + "<td>v\(row.version)</td><td>\(row.parallelism)</td><td class=\"job\">\(escape(row.job ?? "—"))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    // MARK: the legend

    private static func legend(_ timelines: [Timeline]) -> String {
        var statuses: [String] = [], kinds: Set<Timeline.MarkKind> = []
        for timeline in timelines {
            for status in timeline.app.map(\.status) + timeline.job.map(\.status) where status != "DELETED" && !statuses.contains(status) {
                statuses.append(status)
            }
            kinds.formUnion(timeline.marks.map(\.kind))
        }
        var html = "<p class=\"legend\">" + statuses.map {
            "<span><i style=\"background:\(Palette.hex(of: $0))\"></i>\(escape($0))</span>"
        }.joined() + "</p>\n"
        let marks = TimelineText.markOrder.filter(kinds.contains)
        if !marks.isEmpty {
            html += "<p class=\"legend\">" + marks.map {
                "<span><b style=\"color:\(Palette.hex(Palette.mark($0)))\">\($0.symbol)</b> \(escape($0.meaning))</span>"
            }.joined() + "</p>\n"
        }
        return html
    }

    // MARK: the status log

    private static func statusLog(_ log: [StatusLogEntry], about: About) -> String {
        var applications: [String] = [], subjects: [String] = []
        for entry in log {
            if !applications.contains(entry.application) { applications.append(entry.application) }
            let family = entry.subject.family
            if !subjects.contains(family) { subjects.append(family) }
        }
        func options(_ values: [String]) -> String {
            "<option value=\"\">all</option>" + values.map { "<option>\(escape($0))</option>" }.joined()
        }
        var html = """
            <h2>Status log</h2>
            <form class="filter" hidden>
            <label>application <select name="application">\(options(applications))</select></label>
            <label>subject <select name="subject">\(options(subjects))</select></label>
            <span class="shown"></span>
            </form>

            """
        if !about.folders.isEmpty {
            html += "<p class=\"folders\">" + about.folders.map {
                "<code>\(escape($0.name))/</code> is <code>\(escape($0.path))</code>"
            }.joined(separator: "; ") + ".</p>\n"
        }
        html += "<table class=\"log\">\n<thead><tr><th>time</th><th>application</th><th>version</th><th>subject</th><th>change</th><th>cause</th></tr></thead>\n<tbody>\n"
        for entry in log.prefix(maxLogRows) {
            let from = entry.from.isEmpty ? "" : "<span class=\"from\">\(escape(entry.from))</span> → "
            html += "<tr data-application=\"\(escape(entry.application))\" data-subject=\"\(escape(entry.subject.family))\">"
                + "<td class=\"time\">\(TimeText.point(entry.time, epoch: about.epoch))</td>"
                + "<td>\(escape(entry.application))</td><td>v\(entry.version)</td><td>\(escape(entry.subject.description))</td>"
                + "<td class=\"change\">\(from)<b\(Palette.resting.contains(entry.to) ? "" : " style=\"color:\(Palette.hex(of: entry.to))\"")>\(escape(entry.to))</b></td>"
                + "<td class=\"cause\">\(escape(shortened(entry.cause ?? "", about.folders)))</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        if log.count > maxLogRows { html += "<p>… and \(log.count - maxLogRows) more entries (the whole log: <code>--log FILE</code>).</p>\n" }
        return html
    }

    /// `text` with each of `folders`' paths written as its short name.
    static func shortened(_ text: String, _ folders: [(path: String, name: String)]) -> String {
        var text = text
        for folder in folders where !folder.path.isEmpty {
            text = text.replacingAll(folder.path.hasSuffix("/") ? folder.path : folder.path + "/", with: folder.name + "/")
        }
        return text
    }

    /// The status log's filter (without scripts the whole table shows) and, on a live
    /// view, the periodic fetch: the page asked for again, its `#page` swapped in place of
    /// this one's (the filter's choice kept), and a line that says when it last came, or
    /// that the server stopped answering.
    private static let script = """
        (function () {
          function apply() {
            var form = document.querySelector("form.filter");
            if (!form) return;
            var rows = document.querySelectorAll("table.log tbody tr"), n = 0;
            var app = form.application.value, subject = form.subject.value;
            rows.forEach(function (row) {
              var keep = (!app || row.dataset.application === app) && (!subject || row.dataset.subject === subject);
              row.hidden = !keep;
              if (keep) n++;
            });
            form.querySelector(".shown").textContent = n + " of " + rows.length + " rows";
            form.hidden = false;
          }
          document.addEventListener("change", function (event) {
            if (event.target.form && event.target.form.classList.contains("filter")) apply();
          });
          apply();
          var every = Number(document.body.dataset.refresh), line = document.querySelector("p.live");
          if (!every) return;
          function say(text) { line.textContent = text; line.hidden = false; }
          function clock() { return new Date().toTimeString().slice(0, 8); }
          say("live: updated every " + every + " s");
          setInterval(function () {
            fetch(location.href, { cache: "no-store" }).then(function (response) {
              if (!response.ok) throw new Error("HTTP " + response.status);
              return response.text();
            }).then(function (text) {
              var next = new DOMParser().parseFromString(text, "text/html").getElementById("page");
              var page = document.getElementById("page");
              if (!next || !page) return;
              var form = page.querySelector("form.filter");
              var chosen = form ? [form.application.value, form.subject.value] : null;
              page.replaceWith(document.adoptNode(next));
              var now = next.querySelector("form.filter");
              if (chosen && now) { now.application.value = chosen[0]; now.subject.value = chosen[1]; }
              apply();
              say("live: updated every " + every + " s, last at " + clock());
            }).catch(function () {
              say("live: the server is not answering (tried at " + clock() + "); this is the last page it sent");
            });
          }, every * 1000);
        })();
        """

    private static let style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em 2em; color: #222; }
        h1 { font-size: 1.4em; margin-bottom: .2em; } h2 { font-size: 1.15em; margin: 1.6em 0 .4em; }
        .about { color: #555; margin-top: 0; }
        .legend span { display: inline-block; margin-right: 1.2em; white-space: nowrap; }
        .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; }
        .row { display: flex; align-items: stretch; }
        .row > .name { flex: 0 0 7em; font-size: 12px; color: #555; line-height: 16px; }
        .row > .plot { flex: 1 1 auto; position: relative; min-width: 0; }
        .row > .note { flex: 0 0 7em; font-size: 11px; color: #666; padding-left: .5em; line-height: 16px; }
        .plot svg { display: block; width: 100%; }
        .lane svg { height: 16px; margin: 1px 0; }
        .ckpt svg { height: 16px; }
        .marks .plot { background: #fafafa; }
        .mark { position: absolute; width: 12px; margin-left: -6px; height: 15px; line-height: 15px; text-align: center;
                font: bold 12px ui-monospace, monospace; background: #fafafa; cursor: default; }
        .axis .plot { height: 16px; border-top: 1px solid #999; }
        .axis .tick { position: absolute; top: 1px; font-size: 11px; color: #444; transform: translateX(-50%); white-space: nowrap; }
        .axis .tick.first { transform: none; }
        .charts { margin-top: 14px; } .chart { margin: 8px 0 2px; }
        .chart .plot { border-left: 1px solid #999; border-bottom: 1px solid #999; }
        .chart .name { text-align: right; padding-right: .4em; position: relative; }
        .chart .level { position: absolute; right: .4em; font-size: 11px; transform: translateY(-50%); white-space: nowrap; }
        .chart svg { height: 100%; }
        .log { border-collapse: collapse; font-size: 12px; width: 100%; }
        .log th, .log td { border-bottom: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
        .log th { background: #f4f4f4; position: sticky; top: 0; }
        .log .time, .log .change { white-space: nowrap; font-variant-numeric: tabular-nums; }
        .log .from { color: #666; }
        .log .cause { overflow-wrap: anywhere; }
        .filter label { margin-right: 1.5em; } .filter .shown { color: #666; }
        .folders { font-size: 12px; color: #555; }
        .live { position: fixed; top: .4em; right: 1em; margin: 0; font-size: 12px; color: #555; background: #fffd; }
        .applications { border-collapse: collapse; margin: .5em 0 1em; }
        .applications th, .applications td { border-bottom: 1px solid #ddd; padding: 2px 12px 2px 0; text-align: left; }
        .applications i { display: inline-block; width: 10px; height: 10px; margin-right: 5px; vertical-align: -1px; }
        """

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

extension String {
    /// Every occurrence of `target` replaced by `replacement`.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let text = Array(utf8), pattern = Array(target.utf8)
        guard !pattern.isEmpty, text.count >= pattern.count else { return self }
        var out: [UInt8] = [], i = 0
        out.reserveCapacity(text.count)
        while i < text.count {
            if text[i] == pattern[0], i + pattern.count <= text.count, Array(text[i..<(i + pattern.count)]) == pattern {
                out += replacement.utf8
                i += pattern.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
