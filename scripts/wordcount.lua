#!/usr/bin/env floe
-- wordcount.lua: runs the word-count job script on the embedded job runtime.
-- Run it with `floe run scripts/wordcount.lua [parallelism]`.
-- Shows: floe.job, a batch job going INITIALIZING → CREATED → RUNNING → FINISHED on the
-- virtual clock, its tasks, and its results read back with a collect sink.

local parallelism = tonumber(arg[1] or "2")
local job = floe.job{
  code = "jobs/wordcount.lua",                         -- beside this script
  properties = { input = { path = "scripts/data/hamlet.txt" } },
  parallelism = parallelism,
  mode = "batch",
}
print("job status:", job.status)
print("finished as", job:wait())

for _, task in ipairs(job:tasks()) do print("task", task.name, task.state) end
for _, e in ipairs(job:events()) do
  if e.subject == "job" then print(("%s  job %s -> %s"):format(floe.time_text(e.time), e.from, e.to)) end
end
