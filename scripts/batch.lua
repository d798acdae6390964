#!/usr/bin/env floe
-- batch.lua: a batch application. Its job reads a bounded input and FINISHES, and the
-- application goes back to READY on its own, as the service does.
-- Run it with `floe run scripts/batch.lua`.
local output = os.tmpname()
os.remove(output)                                   -- a folder of part files goes here

local app = floe.create_application{
  name = "hamlet-words", code = "jobs/wordcount.lua", parallelism = 2,
  properties = { input = { path = "scripts/data/hamlet.txt" }, output = { path = output },
                 execution = { mode = "BATCH" } },
}
app:start()
app:wait("READY", 600)                              -- STARTING, RUNNING, then READY
for _, e in ipairs(app:log()) do
  if e.subject ~= "snapshot" then print(("%s  %-11s %s -> %s"):format(floe.time_text(e.time), e.subject, e.from, e.to)) end
end

local counts = {}
for part = 0, 1 do
  for line in io.lines(output .. "/part-" .. part) do
    local word, n = line:match("^%((%a+),(%d+)%)$")
    counts[#counts + 1] = { word = word, n = tonumber(n) }
  end
  os.remove(output .. "/part-" .. part)
end
os.remove(output)                                   -- the run leaves nothing behind
table.sort(counts, function(a, b) return a.n > b.n or a.n == b.n and a.word < b.word end)
for i = 1, 3 do print(counts[i].word, counts[i].n) end
