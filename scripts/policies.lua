-- policies.lua: the operator's own rules, rehearsed over a simulated week.
--   * an autoscaler that scales on backpressure and caps the cost at 4 KPUs follows
--     traffic that quadruples for two hours and falls back;
--   * a maintenance policy keeps the daily patches out of the 08:00–20:00 peak and takes a
--     snapshot first;
--   * alerting hooks report restarts, failed checkpoints, failed operations and policies
--     that fell back to the default rule.
--
--   floe run scripts/policies.lua
floe.settings{ step = 60, maintenance_interval = 86400 }   -- minute steps; a patch a day

floe.policy.autoscaling(floe.policy.load("policies/backpressure-autoscaler.lua", { max_kpus = 4 }))
floe.policy.maintenance(floe.policy.load("policies/peak-aware-maintenance.lua", { peak = { "08:00", "20:00" } }))
local alerts = {}
for _, hook in ipairs(floe.policy.load("policies/alerts.lua", function(line) alerts[#alerts + 1] = line end)) do
  floe.on(table.unpack(hook))
end
local scalings = {}
floe.on("scaling", function(e) scalings[#scalings + 1] = ("%s  %s"):format(floe.time_text(e.time), e.cause) end)

-- Orders: a record a second at 0.2 s each (20 % busy), ×4 from 01:00 to 03:00 on day 2.
local orders = floe.create_application{
  name = "orders", code = "jobs/traffic.lua", parallelism = 1, parallelism_per_kpu = 1,
  properties = { traffic = { rate = "1", cost = "0.2", shape = "steps", steps = "90000:4,97200:1" } },
}
orders:start()
orders:wait("RUNNING")

floe.sleep(7 * 86400)

local function as_expected(ok) return ok and "as expected" or "NOT as expected" end
print("Scaling (traffic ×4 from 01:00 to 03:00 on 2026-01-02; the autoscaler doubles after 5 busy minutes):")
for _, line in ipairs(scalings) do print("  " .. line) end
print("Maintenance, a patch a day (the policy keeps it out of 08:00–20:00, a snapshot first):")
local outside = 0
local maintenances = {}
for _, op in ipairs(orders:operations()) do
  if op.operation == "ApplicationMaintenance" then table.insert(maintenances, 1, op) end
end
for _, op in ipairs(maintenances) do
  local hour = (op.start % 86400) / 3600
  local off_peak = hour < 8 or hour >= 20
  if off_peak then outside = outside + 1 end
  print(("  %s  %s, %s"):format(floe.time_text(op.start), op.status, off_peak and "outside the peak" or "IN the peak"))
end
print(("  %d of %d outside the peak (%s)"):format(outside, #maintenances, as_expected(outside == #maintenances)))
local snapshots = 0
for _, s in ipairs(orders:snapshots()) do if s.system then snapshots = snapshots + 1 end end
print(("After a week: %s at parallelism %d (%s), %d system snapshots, the job restarted %d times since the scale-down (once each maintenance)"):format(
  orders.status, orders.parallelism, as_expected(orders.parallelism == 1), snapshots, orders.job:metrics().numRestarts))
print(("%d alerts from the example hooks; the first %d:"):format(#alerts, math.min(3, #alerts)))
for i = 1, math.min(3, #alerts) do print("  " .. alerts[i]) end
