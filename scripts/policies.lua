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
floe.on("scaling", function(e) scalings[#scalings + 1] = ("%6.0fs %s"):format(e.time, e.cause) end)

-- Orders: a record a second at 0.2 s each (20 % busy), ×4 from 01:00 to 03:00 on day 2.
local orders = floe.create_application{
  name = "orders", code = "jobs/traffic.lua", parallelism = 1, parallelism_per_kpu = 1,
  properties = { traffic = { rate = "1", cost = "0.2", shape = "steps", steps = "90000:4,97200:1" } },
}
orders:start()
orders:wait("RUNNING")

floe.sleep(7 * 86400)

print("scaling:")
for _, line in ipairs(scalings) do print("  " .. line) end
print("maintenance:")
for _, op in ipairs(orders:operations()) do
  if op.operation == "ApplicationMaintenance" then
    local day, hour = op.start // 86400, (op.start % 86400) / 3600
    print(("  day %d at %05.2f h (outside the peak: %s) %s"):format(day, hour, tostring(hour < 8 or hour >= 20), op.status))
  end
end
local snapshots = 0
for _, s in ipairs(orders:snapshots()) do if s.system then snapshots = snapshots + 1 end end
print(("after a week: %s, parallelism %d, %d system snapshots, %d alerts, job restarted %d times"):format(
  orders.status, orders.parallelism, snapshots, #alerts, orders.job:metrics().numRestarts))
for i = 1, math.min(3, #alerts) do print(alerts[i]) end
