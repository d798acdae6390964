#if canImport(Glibc)
import Glibc
#endif
import LuaHost

/// `floe test [PATHS…]`: scenario files as tests. A file that registers cases with
/// `floe.test(name, fn)` is that many tests, each run in a floe of its own (the file runs
/// again, then the one case); a file that registers none is one test, passed when it runs
/// to its end. Folders are searched for `*_test.lua` files. Prints a line per failure —
/// where, which case, why — then `N passed, N failed`; exits 1 when any failed.
enum TestCommand {
    static func run(_ invocation: Invocation) -> Int32 {
        let files: [String]
        do {
            files = try TestFiles.find(invocation.testPaths.isEmpty ? ["."] : invocation.testPaths)
        } catch {
            Reporter.writeError("\(Session.program): \(error.message)\n")
            return 2
        }
        var tally = Tally()
        for file in files {
            if !runFile(file, options: invocation.options, tally: &tally) { break }
        }
        Reporter.writeOutput("\(tally.passed) passed, \(tally.failed) failed\n")
        return tally.failed == 0 && !tally.interrupted ? 0 : 1
    }

    struct Tally {
        var passed = 0
        var failed = 0
        var interrupted = false

        mutating func fail(_ line: String) {
            failed += 1
            Reporter.writeOutput(line + "\n")
        }
    }

    /// Runs one file's tests; false once interrupted (Ctrl-C ends the whole run).
    private static func runFile(_ file: String, options: HostOptions, tally: inout Tally) -> Bool {
        var cases: [TestCase] = []
        var index = 0
        repeat {
            // A floe of its own for every case: nothing one case does is there for the next.
            let runtime: LuaRuntime
            do {
                runtime = try LuaRuntime(options: options)
                runtime.catchesInterrupts = true
                runtime.setArgumentTable(["floe", file], script: 1)
                try runtime.runScript(file, arguments: [])
                if index == 0 { cases = try runtime.testCases() }
            } catch {
                if error.code == FloeError.Code.interrupted { return interrupted(&tally) }
                let which = cases.isEmpty ? "" : "\(cases[index].name): "
                // The place once: Lua's own messages (a syntax error's too) begin with it.
                let said = error.code == FloeError.Code.luaError ? messageOnly(error) : "\(error.code): \(messageOnly(error))"
                tally.fail("\(place(of: error, in: file)): \(which)\(said)")
                if cases.isEmpty { return true }
                index += 1
                continue
            }
            if cases.isEmpty {
                tally.passed += 1
                return true
            }
            do {
                switch try runtime.runTest(index) {
                case .passed:
                    tally.passed += 1
                case .failed(let message, let where_):
                    tally.fail("\(where_): \(cases[index].name): \(message)")
                }
            } catch {
                if error.code == FloeError.Code.interrupted { return interrupted(&tally) }
                tally.fail("\(file):\(cases[index].line): \(cases[index].name): \(error.description)")
            }
            index += 1
        } while index < cases.count
        return true
    }

    private static func interrupted(_ tally: inout Tally) -> Bool {
        tally.interrupted = true
        Reporter.writeError("\(Session.program): interrupted\n")
        return false
    }

    /// "file:line" of an error the file raised at its top level (its first line if unknown).
    private static func place(of error: FloeError, in file: String) -> String {
        if let location = error.location, !location.isEmpty { return String(location.dropLast(2)) }  // "file:line: "
        let prefix = file + ":"
        if error.message.hasPrefix(prefix), let colon = error.message.dropFirst(prefix.count).firstIndex(of: ":") {
            return String(error.message[..<colon])
        }
        return file + ":1"
    }

    /// A Lua error's message without the "file:line: " Lua put in front.
    private static func messageOnly(_ error: FloeError) -> String {
        guard let space = error.message.firstRange(of: ": ") else { return error.message }
        let head = error.message[..<space.lowerBound]
        return head.contains(":") && head.last?.isNumber == true ? String(error.message[space.upperBound...]) : error.message
    }
}
