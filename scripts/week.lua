-- week.lua: a fleet for a simulated week. N applications (default 100), each with a few
-- records a second on a daily cycle, checkpoints every minute, the example autoscaler and
-- maintenance policies, alerting hooks, and random faults drawn from floe's seed. Prints
-- what happened; the same seed prints the same lines. floe-bench measures it.
--
--   floe run scripts/week.lua [applications] [days]
--   floe --seed 7 run scripts/week.lua 10 2
local applications, days = tonumber(arg[1] or 100), tonumber(arg[2] or 7)
floe.settings{ step = 60, maintenance_interval = 86400, application_quota = applications }

floe.policy.autoscaling(floe.policy.load("policies/backpressure-autoscaler.lua", { max_kpus = 2 }))
floe.policy.maintenance(floe.policy.load("policies/peak-aware-maintenance.lua", { peak = { "08:00", "20:00" } }))
local alerts = 0
for _, hook in ipairs(floe.policy.load("policies/alerts.lua", function() alerts = alerts + 1 end)) do
  floe.on(table.unpack(hook))
end
local transitions = 0
floe.on("status", function() transitions = transitions + 1 end)

local fleet = {}
for i = 1, applications do
  fleet[i] = floe.create_application{
    name = ("app-%03d"):format(i), code = "jobs/traffic.lua", checkpoint_interval = 60,
    properties = { traffic = { rate = tostring(1 + i % 3), cost = "0.05", shape = "cycle",
                               amplitude = "0.6", peak = tostring(36000 + 600 * (i % 12)) } },
  }
  fleet[i]:start()
end

-- Random faults, hour by hour: a task failure or a lost TaskManager somewhere in the fleet.
local faults = 0
for _ = 1, days * 24 do
  floe.sleep(3600)
  for _ = 1, 3 do
    local app = fleet[math.random(applications)]
    if app.status == "RUNNING" and app.job and math.random() < 0.5 then
      if math.random() < 0.5 then
        app.job:inject{ fault = "task_failure", task = 1, after_records = 1 }
      else
        app.job:inject{ fault = "taskmanager_lost", taskmanager = 1 }
      end
      faults = faults + 1
    end
  end
end

local statuses, restarts, scalings, maintenances = {}, 0, 0, 0
for _, app in ipairs(fleet) do
  statuses[app.status] = (statuses[app.status] or 0) + 1
  for _, op in ipairs(app:operations()) do
    if op.operation == "ScaleUp" or op.operation == "ScaleDown" then scalings = scalings + 1 end
    if op.operation == "ApplicationMaintenance" then maintenances = maintenances + 1 end
  end
  for _, e in ipairs(app:log()) do
    if e.subject == "job" and e.to == "RESTARTING" and e.from ~= "RESTARTING" then restarts = restarts + 1 end
  end
end
local parts = {}
for status, n in pairs(statuses) do parts[#parts + 1] = status .. " " .. n end
table.sort(parts)
-- The busiest a subtask gets: the highest rate at the top of its daily cycle, times its cost.
local peak = 0
for i = 1, applications do peak = math.max(peak, (1 + i % 3) * 0.05 * (1 + 0.6)) end
print(("%d applications for %s: %s at the end"):format(applications, floe.duration_text(days * 86400), table.concat(parts, ", ")))
print(("%d status changes; %d faults injected, %d job restarts"):format(transitions, faults, restarts))
print(("%d maintenances (a patch a day per application, kept out of 08:00–20:00 by the example policy)"):format(maintenances))
print(("%d scalings: the example autoscaler doubles a job busy over 80 %% of the time for 5 minutes, and this fleet peaks at %.0f %% busy, %s"):format(
  scalings, peak * 100, scalings == 0 and "so none is expected" or "yet some jobs were busier (backlog after faults)"))
print(("%d alerts from the example hooks (job restarts, failed checkpoints and operations, policies that fell back)"):format(alerts))
