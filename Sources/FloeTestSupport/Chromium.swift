import Foundation

/// Headless Chromium, the browser the report is checked in: the DOM a page has once its
/// scripts ran, and screenshots (`scripts/report-screenshots`). `bin/setup` installs it.
public enum Chromium {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "headless Chromium is needed (bin/setup installs it: apt-get install chromium)" }
    }

    /// `chromium` or `chromium-browser` on the PATH, or `$CHROMIUM`.
    public static func executable() throws -> String {
        if let path = ProcessInfo.processInfo.environment["CHROMIUM"] { return path }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        throw Missing()
    }

    /// The DOM of the page at `path` (a file, or an http:// address) after its scripts ran,
    /// as the browser serializes it; with `after` (milliseconds), once that much of the
    /// browser's virtual time has passed (its timers run, a fetch is waited for).
    public static func dumpDOM(_ path: String, width: Int = 1000, after milliseconds: Int? = nil) throws -> String {
        let profile = try TemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.url.path)",
                             "--window-size=\(width),900", "--dump-dom"] + (milliseconds.map { ["--virtual-time-budget=\($0)"] } ?? []) + [
                             path.hasPrefix("http://") ? path : URL(fileURLWithPath: path).absoluteString]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
