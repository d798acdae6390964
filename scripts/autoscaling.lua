-- autoscaling.lua: the service's own actions. A busy application (90 % CPU) is scaled up
-- by the default rule after 15 minutes; its maintenance window comes round and the job is
-- restarted in place; a rehearsed scale-up of an idle application is scaled back down after
-- six quiet hours, halving, never below its configured parallelism.
--
--   floe run scripts/autoscaling.lua
floe.settings{ maintenance_interval = 3600 }   -- due an hour after creation (the service: "periodically")

local busy = floe.create_application{
  name = "busy", code = "jobs/busy-counts.lua", parallelism = 1,
  properties = { load = { rate = "10", cost = "0.09" } },   -- 10 records/s × 0.09 s = 90 % of a vCPU
}
busy:maintenance_window("01:00")                -- 01:00–09:00 UTC; the clock starts at midnight
busy:start()
busy:wait("RUNNING")
floe.sleep(60)
print(string.format("t=%5ds  busy: parallelism %d, CPU %.0f %%", floe.now(), busy.parallelism, busy:describe().cpu))

busy:wait("AUTOSCALING")
print(string.format("t=%5ds  busy: %s", floe.now(), busy.status))
busy:wait("RUNNING")
floe.sleep(60)
print(string.format("t=%5ds  busy: parallelism %d (configured %d), version %d, CPU under 75 %%: %s",
  floe.now(), busy.parallelism, busy:describe().parallelism, busy.version, busy:describe().cpu < 75))

busy:wait("MAINTENANCE")
print(string.format("t=%5ds  busy: %s", floe.now(), busy.status))
busy:wait("RUNNING")
print(string.format("t=%5ds  busy: %s again, the job restarted %d time(s)", floe.now(), busy.status, busy.job:metrics().numRestarts))
for _, op in ipairs(busy:operations()) do
  print(string.format("  %-22s %-10s %5ds → %5ds", op.operation, op.status, op.start, op.finish))
end

busy:stop()
busy:wait("READY")

-- A rehearsal: what happens to an over-provisioned application that is idle?
floe.settings{ maintenance_interval = 7 * 86400 }   -- back to floe's default: weekly
local idle = floe.create_application{
  name = "idle", code = "jobs/busy-counts.lua", parallelism = 2,
  properties = { load = { rate = "1", cost = "0.001" } },
}
idle:start()
idle:wait("RUNNING")
idle:scale(6)
idle:wait("RUNNING")
local from = floe.now()
floe.sleep(6.5 * 3600)
local path = {}
for _, op in ipairs(idle:operations()) do table.insert(path, 1, op.operation) end
print(string.format("idle: after %d quiet hours parallelism %d (configured 2): %s",
  (floe.now() - from) // 3600, idle.parallelism, table.concat(path, ", ")))
