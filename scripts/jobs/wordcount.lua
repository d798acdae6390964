-- wordcount.lua: a job script, the classic word count.
-- Reads the lines of `properties.input.path`, counts each word, and writes `(word,count)`
-- lines into the folder `properties.output.path` (one part file per subtask), or prints
-- them when no output is given. With `properties.execution.mode = "BATCH"` it counts once,
-- at the end of its bounded input, and then FINISHES (see scripts/batch.lua).
-- Run it with scripts/wordcount.lua.
local env = ...
local execution = env.properties.execution
if execution and execution.mode then env:set_runtime_mode(execution.mode) end
local input = env.properties.input

local counts = env:from_lines(input.path)
  :flat_map(function(line)
    local words = {}
    for word in line:lower():gmatch("%a+") do words[#words + 1] = { word, 1 } end
    return words
  end):name("Split")
  :key_by(1)
  :sum(2):name("Count"):uid("word-counts")

local output = env.properties.output
if output then counts:write_text(output.path) else counts:print() end
