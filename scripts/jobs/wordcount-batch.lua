-- wordcount-batch.lua: word count as a BATCH job: bounded input, one final count per
-- word, written to `properties.output.path` (part files), after which the job FINISHES.
local env = ...
env:set_runtime_mode("BATCH")
env:from_lines(env.properties.input.path)
   :flat_map(function(line)
     local words = {}
     for word in line:lower():gmatch("%a+") do words[#words + 1] = { word, 1 } end
     return words
   end):name("Split")
   :key_by(1)
   :sum(2):name("Count")
   :write_text(env.properties.output.path)
