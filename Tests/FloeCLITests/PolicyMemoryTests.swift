import FloeTestSupport
import Foundation
import Testing

/// What a policy keeps between calls, measured in a process of its own: capped, and given
/// back when the policy goes (issue 12, finding 4).
@Suite struct PolicyMemoryTests {
    @Test func aHoardingPolicyIsRemovedAtItsCapAndAReplacedOneGivesItsMemoryBack() throws {
        let dir = try TemporaryDirectory()
        // Keeps `mib` MiB more on each call, for at most 120 calls (so that code without the
        // cap fails the measurement rather than the machine).
        try dir.write("hoard.lua", """
            local mib = ...
            local keep = {}
            return function(app, metrics)
              if #keep < 120 then keep[#keep + 1] = string.rep("k", mib << 20) end
            end
            """)
        let script = try dir.write("hoarding.lua", """
            local function resident()
              local f = assert(io.open("/proc/self/statm"))
              local pages = f:read("n") and f:read("n")
              f:close()
              return pages * 4096
            end
            floe.settings{ step = 10 }
            local app = floe.create_application{ name = "h", code = '\(Repository.path("scripts/jobs/busy-counts.lua"))',
              properties = { load = { rate = "1", cost = "0.001" } } }
            app:start() app:wait("RUNNING")
            collectgarbage() collectgarbage()
            local base = resident()
            -- 4 MiB a call: past the 64 MiB cap within the first twenty minutes, then removed.
            floe.policy.autoscaling(floe.policy.load("hoard.lua", 4))
            floe.sleep(86400)
            collectgarbage() collectgarbage()
            local day = resident()
            local removed = 0
            for _, e in ipairs(app:log()) do
              if e.subject == "policy" and e.cause:find("keeps %d+ MiB between calls, past its cap of 64 MiB") then removed = removed + 1 end
            end
            -- 1 MiB a call: 30 MiB kept after half an hour, under the cap; then replaced.
            floe.policy.autoscaling(floe.policy.load("hoard.lua", 1))
            floe.sleep(1800)
            local kept = resident()
            floe.policy.autoscaling(nil)
            collectgarbage() collectgarbage()
            local back = resident()
            print(("%d %d %d %d"):format(day - base, kept - base, back - base, removed))
            """)
        // Large blocks straight from mmap, so that memory freed is memory given back (glibc's
        // sliding threshold would otherwise keep freed MiB-sized strings in the heap).
        let result = try FloeExecutable.run([script], environment: ["MALLOC_MMAP_THRESHOLD_": "65536"])
        #expect(result.status == 0, "\(result.stderr)")
        let figures = result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        try #require(figures.count == 4, "\(result.stdout)")
        let (day, kept, back, removed) = (figures[0], figures[1], figures[2], figures[3])
        let mib = 1 << 20
        // A day of the hoarder: no more than its cap and the collector's slack, not 11 GiB.
        #expect(day < 24 * mib, "after a day: \(day / mib) MiB over the start")
        #expect(removed == 1)
        #expect(result.stderr.contains("the autoscaling policy keeps"))
        #expect(kept > 25 * mib, "after half an hour of the second: \(kept / mib) MiB")
        #expect(back < 8 * mib, "after replacing it: \(back / mib) MiB over the start")
        print("hoarding policy, resident over the start: after a day \(day / 1024) KiB (removed at its cap), keeping 1 MiB a minute for 30 min \(kept / 1024) KiB, after replacing it \(back / 1024) KiB")
    }
}
