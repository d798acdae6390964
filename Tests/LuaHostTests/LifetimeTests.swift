import FloeTestSupport
import LuaHost
import Testing

@Suite struct LifetimeTests {
    typealias Probe = DeinitTracker.Probe

    @Test func aRuntimeWithLuaPoliciesGoesAwayCleanly() throws {
        // The policies hold registry references: they must let go before the state closes.
        var runtime: LuaRuntime? = try makeRuntime()
        try runtime?.run("""
            floe.policy.autoscaling(function() end, { history = 5 })
            floe.policy.maintenance(function() return "proceed" end)
            """)
        weak let gone = runtime
        runtime = nil
        #expect(gone == nil)
    }

    static var probeType: UserdataType<Probe> { UserdataType<Probe>(
        name: "floe.Probe",
        methods: [.init("shout", doc: "the label, louder") { probe, call in call.results(.string(probe.label.uppercased() + (try call.optionalString(2) ?? ""))) }],
        fields: ["label": { probe, _ in .string(probe.label) }],
        summary: { "Probe(\($0.label))" }
    ) }

    func runtime(with tracker: DeinitTracker, probes: [String]) throws -> LuaRuntime {
        let runtime = try makeRuntime()
        runtime.register(Self.probeType)
        runtime.setGlobalFunction(LuaFunction("probe", doc: "a new boxed probe") { call in
            call.runtime.push(tracker.make(try call.string(1)), as: Self.probeType, on: call.L)
            return 1
        })
        for label in probes { try runtime.run("_G[...] = probe(...)".replacingOccurrences(of: "...", with: "'\(label)'")) }
        return runtime
    }

    @Test func aBoxedObjectIsReleasedWhenLuaCollectsIt() throws {
        let tracker = DeinitTracker()
        let runtime = try runtime(with: tracker, probes: ["a", "b"])
        #expect(tracker.liveCount == 2)
        try runtime.run("a = nil collectgarbage() collectgarbage()")
        #expect(tracker.liveCount == 1)
        try runtime.run("for i = 1, 1000 do local p = probe('t' .. i) end collectgarbage() collectgarbage()")
        #expect(tracker.liveCount == 1)
    }

    @Test func closingTheStateReleasesEveryBox() throws {
        let tracker = DeinitTracker()
        do {
            let runtime = try runtime(with: tracker, probes: ["a", "b", "c"])
            #expect(tracker.liveCount == 3)
            _ = runtime
        }
        #expect(tracker.liveCount == 0)
    }

    @Test func aTypedUserdataHasItsNameSummaryFieldsAndMethods() throws {
        let tracker = DeinitTracker()
        let runtime = try runtime(with: tracker, probes: ["orders"])
        #expect(try runtime.value("return tostring(orders)") == "Probe(orders)")
        #expect(try runtime.value("return getmetatable(orders).__name") == "floe.Probe")
        #expect(try runtime.value("return orders.label") == "orders")
        #expect(try runtime.value("return orders:shout('!')") == "ORDERS!")
        #expect(try runtime.value("return orders.nothing") == .nil)
        #expect(try runtime.value("return orders == orders") == true)
        #expect(runtime.failure("orders.shout('x')")?.message == "bad argument #1 to 'shout' (floe.Probe expected, got string)")
        #expect(runtime.failure("orders.shout(io.stdout)")?.message == "bad argument #1 to 'shout' (floe.Probe expected, got FILE*)")
    }

    @Test func aReleasedBoxIsRefusedNotDereferenced() throws {
        let tracker = DeinitTracker()
        let runtime = try runtime(with: tracker, probes: ["p"])
        // Calling __gc by hand empties the box; the object goes, and the box is now inert.
        try runtime.run("local gc = getmetatable(p).__gc gc(p) gc(p)")
        #expect(tracker.liveCount == 0)
        #expect(runtime.failure("p:shout()")?.message == "bad argument #1 to 'shout' (floe.Probe has been released)")
        #expect(try runtime.value("return p.label") == .nil)
    }
}
