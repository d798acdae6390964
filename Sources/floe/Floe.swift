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
            // One line and where the rest is, as git does: the usage is a `--help` away.
            let command = CommandLine.arguments.dropFirst().first { Invocation.subcommands[$0] != nil }.map { " " + $0 } ?? ""
            Reporter.writeError("\(Session.program): \(error.message)\nTry '\(Session.program)\(command) --help' for more.\n")
            status = 2
        }
        exit(status)
    }
}
