-- policies_test.lua: the example policies, decision by decision, then at work in a fleet.
-- Run with `floe test scripts/` (or this file alone); each case runs in a floe of its own.

local autoscaler = floe.policy.load("../policies/backpressure-autoscaler.lua", { max_kpus = 2 })
local maintenance = floe.policy.load("../policies/peak-aware-maintenance.lua", { peak = { "08:00", "20:00" } })

-- A metrics table as the engine hands it over: `busy` for each of the last minutes.
local function metrics(busy, parallelism)
  local history = {}
  for i, b in ipairs(busy) do history[i] = { time = 60 * i, busy = b, cpu = 100 * b } end
  return { history = history, parallelism = parallelism or 1, configured_parallelism = 1,
           parallelism_per_kpu = 1, max_parallelism = 64 }
end

floe.test("the autoscaler waits for five minutes of history", function()
  floe.expect(autoscaler(nil, metrics{ 0.9, 0.9, 0.9, 0.9 })):equals(nil)
end)

floe.test("five busy minutes double the parallelism, up to the KPU cap", function()
  floe.expect(autoscaler(nil, metrics({ 0.9, 0.9, 0.9, 0.9, 0.9 }, 1))):equals(2)
  floe.expect(autoscaler(nil, metrics({ 0.9, 0.9, 0.9, 0.9, 0.9 }, 2))):equals(nil)  -- 2 KPUs × 1
end)

floe.test("five quiet minutes halve it, not below the configured parallelism", function()
  floe.expect(autoscaler(nil, metrics({ 0.1, 0.1, 0.1, 0.1, 0.1 }, 2))):equals(1)
  floe.expect(autoscaler(nil, metrics({ 0.1, 0.1, 0.1, 0.1, 0.1 }, 1))):equals(nil)
end)

floe.test("maintenance waits out the peak and snapshots first", function()
  local at = function(time, in_window, status)
    return maintenance(nil, { status = status or "RUNNING", in_window = in_window, time_of_day = time })
  end
  floe.expect(at("03:00", true)):equals("snapshot")
  floe.expect(at("09:30", true)):equals({ defer = 630 * 60 })  -- until 20:00
  floe.expect(at("03:00", false)):equals("defer")
  floe.expect(at("03:00", true, "UPDATING")):equals({ defer = 300 })
end)

floe.test("a policy that errors is logged and the service's rule decides", function()
  floe.policy.autoscaling(function() error("no idea") end)
  local app = floe.create_application{ name = "numbers", code = "../jobs/busy-counts.lua",
                                       properties = { load = { rate = "10", cost = "0.01" } } }
  app:start()
  app:wait("RUNNING")
  floe.sleep(120)
  local failures = 0
  for _, e in ipairs(app:log()) do
    if e.subject == "policy" then
      failures = failures + 1
      floe.expect(e.cause):matches("no idea")
      floe.expect(e.to):equals("default rule")
    end
  end
  floe.expect(failures > 0):equals(true)
  floe.expect(app.status):equals("RUNNING")
end)
