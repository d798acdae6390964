#if canImport(Glibc)
import Glibc
#endif

/// `floe`: run Lua scenario scripts and the REPL on floe's host. See `floe -h`.
@main
enum Floe {
    static func main() {
        if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "serve" { ServeCommand.become() }
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

/// `floe serve …` is the `floe-serve` program beside this one (the server and its libraries
/// stay out of every other start of `floe`), as git runs `git-<command>`.
enum ServeCommand {
    static func become() -> Never {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let me = n > 0 ? String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        let server = String(me[..<(me.lastIndex(of: "/") ?? me.startIndex)]) + "/floe-serve"
        let argv = [server] + CommandLine.arguments.dropFirst(2)
        let cArgv = argv.map { strdup($0) } + [nil]
        execv(server, cArgv)
        Reporter.writeError("floe: cannot run \(server) for 'floe serve': \(String(cString: strerror(errno))) (swift build makes it beside floe)\n")
        exit(1)
    }
}
