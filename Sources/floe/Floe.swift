#if canImport(Glibc)
import Glibc
#endif
import FloeCommandLine

/// `floe`: run Lua scenario scripts and the REPL on floe's host. See `floe -h`.
@main
enum Floe {
    static func main() {
        let argv = CommandLine.arguments
        if argv.count > 1, argv[1] == "serve" { Sibling.become("floe-serve", arguments: Array(argv.dropFirst(2)), for: "'floe serve'") }
        guard let invocation = CommandLineMain.invocation(argv) else { exit(2) }
        // A state directory's registry needs the store, and a Flink cluster its client,
        // which this program does not load.
        if invocation.options.stateDirectory != nil || invocation.options.flink != nil, !invocation.showHelp {
            Sibling.become("floe-state", arguments: Array(argv.dropFirst()), for: invocation.options.flink != nil ? "'--flink'" : "'--state-dir'")
        }
        exit(Session.run(invocation))
    }
}

/// `floe serve …` is the `floe-serve` program beside this one, and `floe --state-dir DIR …`
/// is `floe-state` (the server's and the store's libraries stay out of every other start
/// of `floe`), as git runs `git-<command>`.
enum Sibling {
    static func become(_ program: String, arguments: [String], for purpose: String) -> Never {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let me = n > 0 ? String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        let path = String(me[..<(me.lastIndex(of: "/") ?? me.startIndex)]) + "/" + program
        let cArgv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, cArgv)
        Reporter.writeError("floe: cannot run \(path) for \(purpose): \(String(cString: strerror(errno))) (swift build makes it beside floe)\n")
        exit(1)
    }
}
