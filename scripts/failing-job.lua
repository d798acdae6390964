#!/usr/bin/env floe
-- failing-job.lua: a job that keeps failing, under both Flink version families. The
-- applications stay RUNNING (as the service leaves them) while their jobs restart: Flink
-- 1.8 goes RUNNING -> FAILING -> RESTARTING -> CREATED -> RUNNING, Flink 1.11 and later
-- RUNNING -> RESTARTING -> RUNNING. Run it with `floe run scripts/failing-job.lua`.
floe.settings{ allow_deprecated_runtimes = true }  -- FLINK-1_8 can no longer be created

local apps = {}
for _, runtime in ipairs{ "FLINK-1_8", "FLINK-1_20" } do
  local app = floe.create_application{
    name = "parser-" .. runtime, runtime = runtime, code = "jobs/always-failing.lua",
    restart_strategy = { type = "fixed-delay", attempts = 1000, delay = 10 },
  }
  app:start()
  apps[#apps + 1] = app
end
floe.sleep(90)

for _, app in ipairs(apps) do
  local path = {}
  for _, e in ipairs(app:log()) do
    if e.subject == "job" and #path < 9 then path[#path + 1] = e.to end
  end
  print(("%s: application %s, job %s, %d restarts"):format(app.runtime, app.status, app.job.status, app.job.restarts))
  print("  job: " .. table.concat(path, " -> ") .. " ...")
  app:stop{ force = true }
end
