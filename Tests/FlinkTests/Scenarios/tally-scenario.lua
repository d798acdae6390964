-- The same scenario on either backend: `floe run tally-scenario.lua OUT` runs its jobs on
-- the embedded runtime; `floe run --flink URL --flink-scripts tally-scenario.lua OUT`, on
-- the cluster. Each application runs its bounded job to the end (RUNNING, then READY as
-- the job FINISHES); the scenario then prints what the part files hold, sorted.
local out = arg[1]
floe.settings{starting = 1}
for _, mode in ipairs{"STREAMING", "BATCH"} do
  local app = floe.create_application{name = "tally-" .. mode:lower(), code = "tally.lua", parallelism = 2,
    checkpoint_interval = 1000, properties = {output = {path = out .. "/" .. mode:lower()}, execution = {mode = mode}}}
  app:start()
  app:wait("RUNNING")
  app:wait("READY", 120)
  local ends = {}
  for _, e in ipairs(app:log()) do if e.subject == "job" and (e.to == "FINISHED" or e.to == "FAILED") then ends[#ends + 1] = e.to end end
  print(app:describe().name, table.concat(ends, " "))
end
local lines = {}
for _, mode in ipairs{"streaming", "batch"} do
  for _, sink in ipairs(mode == "batch" and {"sum", "min", "max"} or {"tally", "nines"}) do
    local folder = out .. "/" .. mode .. "/" .. sink
    for part = 0, 1 do
      local file = io.open(folder .. "/part-" .. part)
      if file then
        for line in file:lines() do lines[#lines + 1] = mode .. "/" .. sink .. "/part-" .. part .. " " .. line end
        file:close()
      end
    end
  end
end
table.sort(lines)
print(#lines .. " lines")
for _, line in ipairs(lines) do print(line) end
