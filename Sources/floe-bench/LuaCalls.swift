// Issue #2's figures:
// 1. The cost of a call from Lua into a trivial Swift function (registered the way every
//    floe binding is, through the trampoline) next to a call of Lua's own C function
//    `math.abs`, both in a floe state, with an empty loop's cost taken off.
// 2. The same `math.abs` loop under the stock `lua5.4`, which shows what floe's always-on
//    count hook costs Lua code.
// 3. The wall time of `floe -e ''` next to `lua5.4 -e ''`, median of many runs.
#if canImport(Glibc)
import Glibc
#endif
import LuaHost

func nanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func benchLuaCalls() throws {
    let calls = 20_000_000
    let runtime = try LuaRuntime()
    runtime.setGlobalFunction(LuaFunction("swift_identity", doc: "returns its argument") { _ in 1 })

    /// Seconds one loop of `calls` iterations takes with `body` inside (best of five).
    func loopSeconds(_ body: String, in runtime: LuaRuntime) throws -> Double {
        let source = "local abs, id = math.abs, swift_identity for i = 1, \(calls) do \(body) end"
        var best = Double.infinity
        for _ in 0..<5 {
            let start = nanoseconds()
            try runtime.run(source)
            best = min(best, Double(nanoseconds() - start) / 1e9)
        }
        return best
    }

    // Interleaved, best of several each, so that a busy moment of the machine hits both alike.
    var empty = Double.infinity, abs = Double.infinity, swift = Double.infinity
    for _ in 0..<3 {
        empty = min(empty, try loopSeconds("", in: runtime))
        abs = min(abs, try loopSeconds("abs(i)", in: runtime))
        swift = min(swift, try loopSeconds("id(i)", in: runtime))
    }
    let absNs = (abs - empty) / Double(calls) * 1e9
    let swiftNs = (swift - empty) / Double(calls) * 1e9
    print("calls from Lua (\(calls) each, best of 15, interleaved, empty loop of \(String(format: empty / Double(calls) * 1e9)) ns taken off):")
    print("  math.abs (Lua's C function)    \(String(format: absNs)) ns/call")
    print("  Swift function via trampoline  \(String(format: swiftNs)) ns/call   (\(String(format: swiftNs / absNs))× math.abs; target ≤ 1.5×)")

    // The stock interpreter, running the same loop with no hook.
    func shell(_ command: String) -> String? {
        guard let pipe = popen(command, "r") else { return nil }
        var output = ""
        var buffer = [CChar](repeating: 0, count: 256)
        while fgets(&buffer, Int32(buffer.count), pipe) != nil {
            output += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return pclose(pipe) == 0 ? output : nil
    }

    let stockLoop = """
        lua5.4 -e 'local abs = math.abs local best = math.huge for r = 1, 5 do local t = os.clock() for i = 1, \(calls) do abs(i) end best = math.min(best, os.clock() - t) end print(best)' 2>/dev/null
        """
    if let text = shell(stockLoop), let stock = Double(text.filter { !$0.isWhitespace }) {
        print("  math.abs loop under lua5.4     \(String(format: stock / Double(calls) * 1e9)) ns/iteration vs \(String(format: abs / Double(calls) * 1e9)) in floe (floe's count hook: \(String(format: abs / stock))×)")
    } else {
        print("  (lua5.4 not found: `bin/setup` installs it)")
    }

    // Start-up: floe and lua5.4 spawned in turns, so that a busy moment of the machine hits both alike.
    func spawn(_ argv: [String]) -> Double? {
        var pid: pid_t = 0
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let start = nanoseconds()
        guard posix_spawnp(&pid, argv[0], &actions, nil, &cArgs, environ) == 0 else { return nil }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return Double(nanoseconds() - start) / 1e6
    }

    let here = String(cString: realpath(CommandLine.arguments[0], nil))
    let floePath = String(here[..<(here.lastIndex(of: "/") ?? here.startIndex)]) + "/floe"
    guard access(floePath, X_OK) == 0 else {
        print("  \(floePath) not found: build it first (swift build -c release)")
        return
    }
    let runs = 100
    var floeTimes: [Double] = [], luaTimes: [Double] = []
    for _ in 0..<runs {
        if let t = spawn([floePath, "-e", ""]) { floeTimes.append(t) }
        if let t = spawn(["lua5.4", "-e", ""]) { luaTimes.append(t) }
    }
    print("start-up (median of \(runs) runs each, in turns):")
    guard !floeTimes.isEmpty else { return print("  floe did not start") }
    print("  floe -e ''    \(String(format: median(floeTimes))) ms   (target ≤ 4 ms)")
    if luaTimes.isEmpty {
        print("  (lua5.4 not found: `bin/setup` installs it)")
    } else {
        print("  lua5.4 -e ''  \(String(format: median(luaTimes))) ms   (floe is \(String(format: median(floeTimes) - median(luaTimes))) ms slower)")
    }
}

extension String {
    init(format value: Double) {
        let rounded = (value * 100).rounded() / 100
        self = String(rounded)
    }
}
