-- A job of built-in operators only, which runs on floe's embedded runtime and, through
-- floe's runner, on a Flink cluster (`--flink-scripts`): the same records, keyed the same
-- way, into the same part files. Its outputs do not depend on the order records meet in:
-- rolling sums of equal weights and rolling counts in STREAMING, final sums, minima and
-- maxima in BATCH.
local env = ...
local out = env.properties.output.path
if env.properties.execution.mode == "BATCH" then
  env:set_runtime_mode("BATCH")
  env:from_sequence(1, 2000):key_by{modulo = 7}:sum():name("Sum by 7"):write_text(out .. "/sum")
  env:from_sequence(-50, 50):key_by{modulo = 4}:min():name("Min by 4"):write_text(out .. "/min")
  env:from_sequence(1, 999):key_by{modulo = 5}:max():name("Max by 5"):write_text(out .. "/max")
else
  local animals = {"ant", "bee", "cat", "dog", "eel", "fox"}
  local weighed = {}
  for i = 1, 600 do weighed[i] = {animals[i % #animals + 1], (i % #animals) % 2 == 0 and 1 or 0.5} end
  env:from_values(weighed):key_by(1):sum(2):name("Tally"):write_text(out .. "/tally")
  env:from_sequence(1, 1500):key_by{modulo = 9}:count():name("Nines"):write_text(out .. "/nines")
end
