import FloeTestSupport
import Foundation
import Testing

/// Ctrl-C, as SIGINT sent to the running binary once it says it is ready (no sleeps: the
/// test waits for the child's own word).
@Suite struct InterruptTests {
    func interrupt(_ arguments: [String], stdin: String? = nil) throws -> FloeExecutable.Result {
        try FloeExecutable.runInterrupting(arguments, stdin: stdin, after: "ready")
    }

    @Test func ctrlCStopsARunawayScript() throws {
        let result = try interrupt(["-e", "print('ready') while true do pcall(function() while true do end end) end"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("floe: (command line):1: Interrupted: stopped by Ctrl-C\n"), "\(result.stderr)")
    }

    @Test func ctrlCStopsARealTimeSleep() throws {
        let result = try interrupt(["--realtime", "-e", "print('ready') floe.sleep(3600)"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("floe: (command line):1: Interrupted: stopped by Ctrl-C\n"), "the same words and place, in Lua or in a wait")
    }

    @Test func ctrlCInTheReplStopsTheStatementAndTheReplGoesOn() throws {
        let result = try interrupt(["repl"], stdin: "print('ready') while true do end\nprint('after')\n")
        #expect(result.status == 0)
        #expect(result.stdout == "ready\nafter\n")
        #expect(result.stderr.hasPrefix("stdin:1: Interrupted: stopped by Ctrl-C\n"), "\(result.stderr)")
    }
}
