/// One status change of an application or of its job, in the order they happened: what
/// `app:log()` and `--log FILE` show.
public struct StatusLogEntry: Sendable, Equatable {
    /// Seconds since the run began.
    public let time: Double
    public let application: String
    public let version: Int
    /// "application", "job", a task's name, or "snapshot".
    public let subject: String
    public let from: String
    public let to: String
    public let cause: String?

    /// One JSON object on one line (keys in a fixed order, so logs compare byte for byte).
    public var jsonLine: String {
        var fields = [
            "\"time\":\(StatusLogEntry.number(time))",
            "\"application\":\(StatusLogEntry.quoted(application))",
            "\"version\":\(version)",
            "\"subject\":\(StatusLogEntry.quoted(subject))",
            "\"from\":\(StatusLogEntry.quoted(from))",
            "\"to\":\(StatusLogEntry.quoted(to))",
        ]
        if let cause { fields.append("\"cause\":\(StatusLogEntry.quoted(cause))") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func number(_ d: Double) -> String {
        if let i = Int64(exactly: d) { return String(i) }
        return String(d)
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
