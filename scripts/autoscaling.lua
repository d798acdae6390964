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
local function say(text, ...) print(("%s  " .. text):format(floe.time_text(), ...)) end
local function as_expected(ok) return ok and "as expected" or "NOT as expected" end

print("busy: 10 records/s at 0.09 s each is 90 % of a vCPU at parallelism 1.")
busy:start()
busy:wait("RUNNING")
floe.sleep(60)
say("CPU %.0f %%: above the service's 75 %%, which scales up after 15 minutes above it", busy:describe().cpu)

busy:wait("AUTOSCALING")
say("AUTOSCALING (%s: 15 minutes at 90 %%)", as_expected(floe.now() >= 15 * 60))
busy:wait("RUNNING")
floe.sleep(60)
say("RUNNING at parallelism %d, CPU %.0f %% (%s); the configured parallelism stays %d, still version %d",
  busy.parallelism, busy:describe().cpu, as_expected(busy.parallelism == 2 and busy:describe().cpu < 75),
  busy:describe().parallelism, busy.version)

busy:wait("MAINTENANCE")
say("MAINTENANCE: the window opened at 01:00")
busy:wait("RUNNING")
say("RUNNING again: maintenance restarted the job in place (%d restart, %s)", busy.job:metrics().numRestarts,
  as_expected(busy.job:metrics().numRestarts == 1))
print("busy's operations, newest first:")
for _, op in ipairs(busy:operations()) do
  print(("  %-22s %-10s %s → %s"):format(op.operation, op.status, floe.time_text(op.start), floe.time_text(op.finish)))
end

busy:stop()
busy:wait("READY")

-- A rehearsal: what happens to an over-provisioned application that is idle?
floe.settings{ maintenance_interval = 7 * 86400 }   -- back to floe's default: weekly
local idle = floe.create_application{
  name = "idle", code = "jobs/busy-counts.lua", parallelism = 2,
  properties = { load = { rate = "1", cost = "0.001" } },
}
print()
print("idle: configured for parallelism 2, nearly no load, scaled by hand to 6.")
idle:start()
idle:wait("RUNNING")
idle:scale(6)
idle:wait("RUNNING")
local from = floe.now()
floe.sleep(6.5 * 3600)
local path = {}
for _, op in ipairs(idle:operations()) do table.insert(path, 1, op.operation) end
say("after %s of CPU under 10 %% the service halved it to parallelism %d, never below the configured 2 (%s)",
  floe.duration_text(floe.now() - from), idle.parallelism, as_expected(idle.parallelism == 3))
print("idle's operations, oldest first: " .. table.concat(path, ", "))
