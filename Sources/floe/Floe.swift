#if canImport(Glibc)
import Glibc
#endif

/// `floe`: run Lua scenario scripts and the REPL on floe's host. See `floe -h`.
@main
enum Floe {
    static func main() {
        let status: Int32
        do {
            status = Session.run(try Invocation(CommandLine.arguments))
        } catch {
            Reporter.writeError("\(Session.program): \(error.message)\n\(Usage.text)\n")
            status = 2
        }
        exit(status)
    }
}
