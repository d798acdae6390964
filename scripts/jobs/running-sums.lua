-- running-sums.lua: a job script with state: numbers arrive at a rate, and a running
-- sum is kept per key (n % 10). Its keyed state is what checkpoints save and restores
-- bring back. Properties: numbers.count, numbers.rate (numbers, or strings as an
-- application's runtime properties are).
local env = ...
local numbers = env.properties.numbers

env:from_sequence(1, math.tointeger(tonumber(numbers.count)), { rate = tonumber(numbers.rate) }):uid("numbers")
   :map(function(n) return { n % 10, n } end):name("Pair")
   :key_by(1)
   :sum(2):name("Running sum"):uid("sums")
   :collect("sums")
