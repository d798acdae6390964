// floe-bench: the figures the issues ask for, printed in one run.
//
//   swift build -c release && .build/release/floe-bench [lua] [pipeline] [checkpoints] [lifecycle]
//
// With no argument it runs everything.
let wanted = Set(CommandLine.arguments.dropFirst())
if wanted.isEmpty || wanted.contains("lua") { try benchLuaCalls() }
if wanted.isEmpty || wanted.contains("pipeline") { try benchPipeline() }
if wanted.isEmpty || wanted.contains("checkpoints") { try benchCheckpoints() }
if wanted.isEmpty || wanted.contains("lifecycle") { try benchLifecycle() }
