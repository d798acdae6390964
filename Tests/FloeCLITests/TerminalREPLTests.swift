import FloeTestSupport
import Foundation
import Testing

/// The REPL on a terminal, driven through a pseudo-terminal as a person at a keyboard
/// drives it: completion, history across sessions, multi-line input, Ctrl-C, colour.
@Suite(.serialized) struct TerminalREPLTests {
    let history = TemporaryDirectoryBox()

    /// A REPL on a terminal with its own history file, past its banner and first prompt;
    /// without colour unless asked (the markers read plain text).
    func repl(_ environment: [String: String] = [:], columns: Int = 80, colour: Bool = false) throws -> PseudoTerminal {
        var env = ["FLOE_HISTORY": history.path("history")]
        if !colour { env["NO_COLOR"] = "1" }
        for (k, v) in environment { env[k] = v }
        let terminal = try PseudoTerminal(["repl"], environment: env, columns: columns)
        try terminal.read(until: "> ")
        return terminal
    }

    /// Waits for the prompt, types Ctrl-D there, and expects floe to end well.
    func leave(_ t: PseudoTerminal) throws {
        try t.read(until: "> ")
        t.send("\u{04}")
        #expect(t.waitForExit() == 0)
    }

    @Test func tabCompletesGlobalsFieldsAndMethods() throws {
        let t = try repl()
        t.send("floe.cre\t")
        try t.read(until: "ate_application")
        t.send("\r")
        try t.read(until: "function: ")
        t.send("string.up\t('x')\r")
        try t.read(until: "\"X\"")
        try leave(t)
    }

    @Test func historyIsRecalledAfterARestart() throws {
        let first = try repl()
        first.send("answer = 6 * 7\r")
        try leave(first)

        let second = try repl()
        second.send("\u{1B}[A")  // the up arrow: the last line of the last session
        try second.read(until: "answer = 6 * 7")
        second.send("\r")
        try second.read(until: "> ")
        second.send("answer\r")
        try second.read(until: "\n42\r\n")
        try leave(second)
    }

    @Test func anUnfinishedStatementContinuesOnTheNextLine() throws {
        let t = try repl()
        t.send("function double(x)\r")
        try t.read(until: ">> ")
        t.send("return x * 2\r")
        try t.read(until: ">> ")
        t.send("end\r")
        try t.read(until: "> ")
        t.send("double(21)\r")
        try t.read(until: "\n42\r\n")
        try leave(t)
    }

    @Test func ctrlCStopsARunningStatementAndThePromptComesBack() throws {
        let t = try repl()
        t.send("print('looping') while true do end\r")
        try t.read(until: "looping\r\n")  // the statement runs (its output, not the echo)
        t.send("\u{03}")
        try t.read(until: "Interrupted")
        try t.read(until: "> ")
        t.send("1 + 1\r")
        try t.read(until: "\n2\r\n")  // (libedit's cursor moves have digits too)
        t.send("half a line\u{03}")  // at the prompt, Ctrl-C drops the line
        try t.read(until: "^C")
        try t.read(until: "> ")
        t.send("'still here'\r")
        try t.read(until: "\"still here\"")
        try leave(t)
    }

    @Test func errorsAreRedOnATerminalAndPlainWithNoColor() throws {
        let coloured = try repl(colour: true)
        coloured.send("error('boom')\r")
        #expect(try coloured.read(until: "in main chunk").contains("\u{1B}[31m"))
        try coloured.read(until: "> ")
        coloured.send("{ 'text', 42 }\r")  // values too: strings green, numbers cyan
        let value = try coloured.read(until: "> ")
        #expect(value.contains("\u{1B}[32m\"text\"\u{1B}[0m") && value.contains("\u{1B}[36m42\u{1B}[0m"), "\(value.debugDescription)")
        coloured.send("\u{04}")
        coloured.waitForExit()

        let plain = try repl(["NO_COLOR": "1"])
        plain.send("error('boom')\r")
        let shown = try plain.read(until: "in main chunk")
        #expect(shown.contains("boom"))
        #expect(!shown.contains("\u{1B}[3"), "no colour: \(shown.debugDescription)")
        try plain.read(until: "> ")
        plain.send("{ 'text', 42 }\r")
        let plainValue = try plain.read(until: "> ")
        #expect(plainValue.contains("{ \"text\", 42 }") && !plainValue.contains("\u{1B}[3"), "\(plainValue.debugDescription)")
        plain.send("\u{04}")
        plain.waitForExit()
    }

    @Test func aLongBatchJobShowsItsProgressWhileTheREPLWaits() throws {
        let dir = try TemporaryDirectory()
        let job = try dir.write("count.lua", "local env = ...\nenv:from_sequence(1, 3000000):key_by{ modulo = 10 }:count():discard()\n")
        let t = try repl(["FLOE_PROGRESS_MS": "0"])  // every chance to redraw taken: no timing in the test
        t.send("job = floe.job{ code = \"\(job)\", mode = \"batch\" }\r")
        try t.read(until: "> ")
        t.send("job:wait()\r")
        try t.read(until: "count: 1,048,576 records, 34 % of 3,000,000")
        try t.read(until: "\"FINISHED\"")
        try leave(t)
    }

    @Test func aBatchApplicationShowsItsJobsProgressWhileTheREPLWaits() throws {
        let dir = try TemporaryDirectory()
        let code = try dir.write("count.lua", """
            local env = ...
            env:set_runtime_mode("BATCH")
            env:from_sequence(1, 3000000):key_by{ modulo = 10 }:count():discard()
            """)
        let t = try repl(["FLOE_PROGRESS_MS": "0"])
        t.send("app = floe.create_application{ name = \"counts\", code = \"\(code)\" } app:start()\r")
        try t.read(until: "> ")
        t.send("app:wait('READY')\r")
        try t.read(until: "counts: 1,048,576 records, 34 % of 3,000,000")
        try t.read(until: "\"READY\"")
        try leave(t)
    }

    @Test func aLineWithBytesThatAreNotUTF8LeavesTheSessionGoingOn() throws {
        let t = try repl(["LANG": "C", "LC_ALL": ""])
        t.send("'café'\r")  // UTF-8 is typed as it is, whatever the locale says
        try t.read(until: "\"café\"")
        try t.read(until: "> ")
        t.send(bytes: Array("x = 'a".utf8) + [0xFF, 0xFE] + Array("b'\r".utf8))
        try t.read(until: "> ")
        t.send("1 + 1\r")
        try t.read(until: "\n2\r\n")
        try leave(t)
    }

    @Test func onATerminalOf20Or500ColumnsValuesFitIt() throws {
        for columns in [20, 500] {
            let t = try repl(columns: columns)
            t.send("{ alpha = 'first', beta = 'second', gamma = 'third' }\r")
            let shown = try t.read(until: "}\r\n> ")
            // The value's lines: those with double quotes (the echoed line has single ones).
            let lines = shown.components(separatedBy: "\r\n").filter { $0.contains("\"") }
            #expect(lines.allSatisfy { $0.count <= columns }, "\(columns) columns: \(shown.debugDescription)")
            #expect(lines.count == (columns == 20 ? 3 : 1), "one line when it fits, else one entry a line: \(lines)")
            t.send("\u{04}")
            #expect(t.waitForExit() == 0)
        }
    }

    @Test func dotCommandsDoTheCommonThings() throws {
        let t = try repl()
        t.send(".help\r")
        try t.read(until: ".timeline")
        try t.read(until: "> ")  // the prompt is back: the next keys are its
        t.send(".nope\r")
        try t.read(until: "unknown command .nope")
        try t.read(until: "> ")  // the prompt is back: the next keys are its
        t.send(".quit\r")
        #expect(t.waitForExit() == 0)
    }

    @Test func anUnwritableHistoryIsSaidAndTheSessionGoesOn() throws {
        let t = try PseudoTerminal(["repl"], environment: ["FLOE_HISTORY": "/no/such/folder/history", "NO_COLOR": "1"])
        try t.read(until: "> ")
        t.send("1 + 1\r")
        try t.read(until: "\n2\r\n")
        try t.read(until: "> ")
        t.send("\u{04}")
        try t.read(until: "cannot save the history to /no/such/folder/history")
        #expect(t.waitForExit() == 0)
    }

    @Test func aHistoryFileThatIsNotOneIsLeftAsItIs() throws {
        let path = history.path("corrupt")
        try Data([0xFF, 0xFE, 0x00, 0x01]).write(to: URL(fileURLWithPath: path))
        let t = try PseudoTerminal(["repl"], environment: ["FLOE_HISTORY": path, "NO_COLOR": "1"])
        try t.read(until: "cannot read the history in \(path)")
        try t.read(until: "> ")
        t.send("'fine'\r")
        try t.read(until: "\"fine\"")
        try leave(t)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([0xFF, 0xFE, 0x00, 0x01]))
    }

    @Test func aPastedBlockOfAThousandLinesRunsLineByLine() throws {
        let t = try repl()
        t.send("n = 0\r" + String(repeating: "n = n + 1\r", count: 1000) + "'total ' .. n\r")
        try t.read(until: "\"total 1000\"")
        try leave(t)
    }
}

/// A scratch folder kept for a suite's life.
final class TemporaryDirectoryBox: @unchecked Sendable {
    let directory = try! TemporaryDirectory()
    func path(_ name: String) -> String { directory.url.appendingPathComponent(name).path }
}
