-- running-sums-broken.lua: version 2 of running-sums.lua with a bug: every record fails
-- the new map. Used to rehearse an update that goes wrong (see scripts/upgrade.lua).
local env = ...
local numbers = env.properties.numbers

env:from_sequence(1, math.tointeger(tonumber(numbers.count)), { rate = tonumber(numbers.rate) }):uid("numbers")
   :map(function(n) return { n % 10, n / nil } end):name("Pair")    -- arithmetic on nil
   :key_by(1)
   :sum(2):name("Running sum"):uid("sums")
   :collect("sums")
