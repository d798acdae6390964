import LuaHost

/// The help text, and the version line.
enum Usage {
    static let text = """
        usage: floe [options] [script [args]]
               floe run [options] script [args]
               floe repl [options]
               floe test [options] [files and folders]   (folders: their *_test.lua files)
               floe serve [options] [script [args]]      (the service's API for boto3 and the AWS CLI)
        Available options are:
          -e stat   execute string 'stat'
          -i        enter interactive mode after executing 'script'
          -l mod    require library 'mod' into global 'mod'
          -l g=mod  require library 'mod' into global 'g'
          -v        show version information
          -h        show this help (floe run -h, floe repl -h, floe test -h, floe serve -h: each command's)
          --        stop handling options
          -         stop handling options and execute stdin
        \(floeOptions)
        """

    /// The options every command takes.
    static let floeOptions = """
        floe options (before the script, and before or after run / repl / test):
          --seed N              seed of floe's random generator and math.random (default 0)
          --realtime            run on the wall clock instead of the virtual clock
          --max-instructions N  stop any top-level call after N Lua instructions
          --max-memory SIZE     cap the Lua state's memory (bytes, or with K, M, G)
          --state-dir DIR       open the registry kept in DIR (floe serve's too): applications
                                come back as they were left, changes are written as they happen;
                                snapshots go there, fsynced (default: nothing kept)
          --flink URL|local     run applications whose code is a jar on a Flink cluster: the one
                                at URL, or one started for the run (on the wall clock)
          --flink-scripts       with --flink, job scripts run on the cluster too, through floe's
                                runner (built-in operators only; a Lua function is refused)
          --log FILE            write the applications' status log as JSON lines
          --report FILE.html    write an HTML report (timelines, throughput, status log) when the run ends
          --bucket B=DIR        serve S3 bucket B (S3ContentLocation's BucketARN) from folder DIR
        """

    /// `floe --help`, or a command's own (`floe run --help`).
    static func help(for mode: Invocation.Mode) -> String {
        switch mode {
        case .auto: text
        case .run: """
            usage: floe run [options] script [args]
            Runs the Lua script on floe's host (script - is standard input); it sees its
            arguments as arg[1], … and as `...`. The status is 1 if it fails, 0 if not.
            \(floeOptions)
            """
        case .repl: """
            usage: floe repl [options]
            The prompt: Lua with floe loaded, one statement at a time (.help lists the
            prompt's commands). On a pipe each line is read in turn; an error is said at
            its line and the rest goes on, and the status is 0, as lua -i does.
            \(floeOptions)
            """
        case .test: """
            usage: floe test [options] [files and folders]
            Runs scenario files as tests: each file named, and each *_test.lua in each folder
            named (subfolders too); the current folder's when none is. Each floe.test case
            runs in a floe of its own. The status is 1 if any failed.
            \(floeOptions)
            """
        }
    }

    static var version: String {
        "floe \(LuaRuntime.floeVersion) (\(LuaRuntime.luaCopyright))"
    }
}
