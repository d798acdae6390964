-- busy-counts.lua: a job whose records cost CPU. Numbers arrive at `load.rate` a second,
-- and counting each costs `load.cost` virtual CPU-seconds, so each Count subtask is busy
-- rate × cost ÷ parallelism of the time: the application's containerCPUUtilization, which
-- autoscaling watches. Built-in operators only, fast enough to simulate days.
-- Properties: load.rate, load.cost (numbers, or strings as runtime properties are).
local env = ...
local load = env.properties.load

env:from_sequence(1, math.maxinteger, { rate = tonumber(load.rate) }):uid("numbers")
   :key_by{ modulo = 64 }
   :count():name("Count"):uid("counts"):cost(tonumber(load.cost))
   :discard()
