import LuaHost

/// The help text, and the version line.
enum Usage {
    static let text = """
        usage: floe [options] [script [args]]
               floe run [options] script [args]
               floe repl [options]
               floe test [options] [files and folders]   (folders: their *_test.lua files)
        Available options are:
          -e stat   execute string 'stat'
          -i        enter interactive mode after executing 'script'
          -l mod    require library 'mod' into global 'mod'
          -l g=mod  require library 'mod' into global 'g'
          -v        show version information
          -h        show this help
          --        stop handling options
          -         stop handling options and execute stdin
        floe options (before the script, and before or after run / repl):
          --seed N              seed of floe's random generator and math.random (default 0)
          --realtime            run on the wall clock instead of the virtual clock
          --max-instructions N  stop any top-level call after N Lua instructions
          --max-memory SIZE     cap the Lua state's memory (bytes, or with K, M, G)
          --state-dir DIR       where snapshots go, fsynced (default: a temporary folder)
          --log FILE            write the applications' status log as JSON lines
          --report FILE.html    write an HTML report (timelines, throughput, status log) when the run ends
          --bucket B=DIR        serve S3 bucket B (S3ContentLocation's BucketARN) from folder DIR
        """

    static var version: String {
        "floe \(LuaRuntime.floeVersion) (\(LuaRuntime.luaCopyright))"
    }
}
