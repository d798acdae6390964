// floe-bench: the figures the issues ask for, printed in one run.
//
//   swift build -c release && .build/release/floe-bench [lua] [pipeline] [checkpoints] [lifecycle] [week]
//                                                       [--apps N] [--days N]
//   .build/release/floe-bench faults [--seeds N] [--from S] [--events | --digest]   (not part of "everything")
//   .build/release/floe-bench serve [--seconds S]   floe serve vs moto_server under wrk (not part of "everything")
//   .build/release/floe-bench flink [--rounds N] [--records N]   control latencies through floe vs direct REST,
//                                                   records/s embedded vs on a local cluster (not part of "everything")
//
// With no argument it runs everything. `--apps N` sets how many applications the lifecycle
// benchmark (10,000 by default) and the week (100) take; `--days N` how long the week is (7).
var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> Int? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n > 0 else { return nil }
    arguments.removeSubrange(i...(i + 1))
    return n
}
let applications = option("--apps")
let seeds = option("--seeds")
let firstSeed = option("--from")
let showEvents = arguments.contains("--events")
let digest = arguments.contains("--digest")
arguments.removeAll { $0 == "--events" || $0 == "--digest" }
let days = option("--days") ?? 7
let runSeconds = option("--seconds") ?? 5
let rounds = option("--rounds") ?? 3
let records = option("--records") ?? 10_000_000
let wanted = Set(arguments)
if wanted.isEmpty || wanted.contains("lua") { try benchLuaCalls() }
if wanted.isEmpty || wanted.contains("pipeline") { try benchPipeline() }
if wanted.isEmpty || wanted.contains("checkpoints") { try benchCheckpoints() }
if wanted.isEmpty || wanted.contains("lifecycle") { try benchLifecycle(applications: applications ?? 10_000) }
if wanted.isEmpty || wanted.contains("week") { try benchWeek(applications: applications ?? 100, days: days) }
if wanted.contains("faults") {
    if digest { digestFaults(seeds: seeds ?? 1000, from: UInt64(firstSeed ?? 0)) }
    else { benchFaults(seeds: seeds ?? 20_000, from: UInt64(firstSeed ?? 0), events: showEvents) }
}
if wanted.contains("serve") { try benchServe(seconds: runSeconds) }
if wanted.contains("flink") { try benchFlink(rounds: rounds, records: records) }
