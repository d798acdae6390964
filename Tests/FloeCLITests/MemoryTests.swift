import FloeTestSupport
import Testing

/// Memory measured in a process of its own: nothing else allocates beside it.
@Suite struct MemoryTests {
    @Test func aMillionSwiftErrorsCaughtByPcallLeaveTheProcessFlat() throws {
        let script = """
            local function resident()
              local f = assert(io.open("/proc/self/statm"))
              local pages = f:read("n") and f:read("n")
              f:close()
              return pages * 4096
            end
            local function raise(n)
              for i = 1, n do
                local ok, err = pcall(floe.sleep, "never")   -- a Swift error, every time
                assert(not ok and err.code == "BadArgument")
              end
              collectgarbage() collectgarbage()
            end
            raise(200000)                                   -- warm up
            local rss, lua = resident(), collectgarbage("count")
            raise(1000000)
            print(resident() - rss, math.floor((collectgarbage("count") - lua) * 1024))
            """
        let result = try FloeExecutable.run(["-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        let deltas = result.stdout.split(whereSeparator: { $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        #expect(deltas.count == 2)
        #expect(deltas[0] <= 1 << 20, "resident set grew by \(deltas[0]) bytes")
        #expect(deltas[1] <= 16 << 10, "Lua heap grew by \(deltas[1]) bytes")
    }
}
