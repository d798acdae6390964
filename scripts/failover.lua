#!/usr/bin/env floe
-- failover.lua: rehearses failures of a stateful streaming job.
-- Run it with `floe run scripts/failover.lua`.
-- Shows: checkpoints every 2 virtual seconds; a failing task, a lost TaskManager and a
-- declined checkpoint, each followed by a restart from the latest checkpoint; a rescale
-- from 2 to 4 through a savepoint; and the final sums, which equal a fault-free run's:
-- nothing lost, nothing counted twice.

local function run(faults)
  local job = floe.job{
    code = "jobs/running-sums.lua",
    properties = { numbers = { count = 20000, rate = 1000 } },
    parallelism = 2, checkpoint_interval = 2,
    restart_strategy = { type = "fixed-delay", attempts = 5, delay = 1 },
  }
  if faults then
    job:inject{ fault = "task_failure", task = 1, after_records = 3000 }
    job:inject{ fault = "taskmanager_lost", taskmanager = 2, after = 7.5 }
    job:inject{ fault = "checkpoint_failure" }
    floe.sleep(9)
    for _, e in ipairs(job:events()) do
      if e.subject ~= "job" and e.to == "FAILED" or e.subject == "job" and e.to == "RESTARTING" then
        print(("%s  %s %s -> %s  (%s)"):format(floe.time_text(e.time), e.subject, e.from, e.to, e.cause))
      end
    end
    print(("after 9 s: %s, %d restarts"):format(job.status, job.restarts))
    print("rescaled to 4:", job:rescale(4))
  end
  job:wait()
  local sums = {}
  for _, pair in ipairs(job:collected("sums")) do sums[pair[1]] = pair[2] end
  return job, sums
end

local clean, expected = run(false)
local _, got = run(true)
local same = true
for key = 0, 9 do
  print(("key %d: %d (fault-free %d)"):format(key, got[key], expected[key]))
  same = same and got[key] == expected[key]
end
print(same and "identical to the fault-free run" or "DIFFERENT from the fault-free run")
assert(same)
