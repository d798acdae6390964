// floe-bench: the figures the issues ask for, printed in one run.
//
//   swift build -c release && .build/release/floe-bench [lua] [pipeline] [checkpoints] [lifecycle] [--apps N]
//
// With no argument it runs everything. `--apps N` sets how many applications the lifecycle
// benchmark takes through their lives (10,000 by default).
var arguments = Array(CommandLine.arguments.dropFirst())
var applications = 10_000
if let i = arguments.firstIndex(of: "--apps"), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n > 0 {
    applications = n
    arguments.removeSubrange(i...(i + 1))
}
let wanted = Set(arguments)
if wanted.isEmpty || wanted.contains("lua") { try benchLuaCalls() }
if wanted.isEmpty || wanted.contains("pipeline") { try benchPipeline() }
if wanted.isEmpty || wanted.contains("checkpoints") { try benchCheckpoints() }
if wanted.isEmpty || wanted.contains("lifecycle") { try benchLifecycle(applications: applications) }
