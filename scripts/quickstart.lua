#!/usr/bin/env floe
-- quickstart.lua: an application's life, the way Managed Service for Apache Flink runs it.
-- Run it with `floe run scripts/quickstart.lua` (add `--log status.jsonl` for the log).
-- Shows: create (READY, version 1), start (STARTING, then RUNNING once the job runs), a
-- snapshot, a stop that takes a system snapshot, a start that restores the latest one,
-- a forced stop, delete, and the application's status log.

local app = floe.create_application{
  name = "running-sums",
  runtime = "FLINK-1_20",
  code = "jobs/running-sums.lua",                      -- beside this script
  properties = { numbers = { count = "1000000", rate = "50" } },
  parallelism = 2,
}
print(app, app.status, "version " .. app.version)

app:start()
print("starting:", app.status)
app:wait("RUNNING")
print(("running at %s, job %s"):format(floe.time_text(), app.job.status))

floe.sleep(600)                                        -- ten minutes of traffic, virtually
app:snapshot("after-ten-minutes")
floe.sleep(60)

app:stop()                                             -- a system snapshot, then READY
app:wait("READY")
for _, s in ipairs(app:snapshots()) do
  print(("snapshot %-28s %s%s"):format(s.name, s.status, s.system and " (system)" or ""))
end

app:start{ restore = "latest" }                        -- the state comes back
app:wait("RUNNING")
floe.sleep(60)
app:stop{ force = true }                               -- no snapshot
app:wait("READY")
app:delete()
app:wait("DELETED")

print()
for _, e in ipairs(app:log()) do
  if e.subject == "application" then
    print(("%s  v%d  %-14s -> %-14s %s"):format(floe.time_text(e.time), e.version, e.from, e.to, e.cause or ""))
  end
end
