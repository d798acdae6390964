/// What `floe` and `floe-state` share before a session runs.
public enum CommandLineMain {
    /// The command line scanned, or nil once a mistake in it has been said: one line and
    /// where the rest is, as git does (the usage is a `--help` away; exit status 2).
    public static func invocation(_ argv: [String]) -> Invocation? {
        do {
            return try Invocation(argv)
        } catch {
            let command = argv.dropFirst().first { Invocation.subcommands[$0] != nil }.map { " " + $0 } ?? ""
            Reporter.writeError("\(Session.program): \(error.message)\nTry '\(Session.program)\(command) --help' for more.\n")
            return nil
        }
    }
}
