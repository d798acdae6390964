-- traffic.lua: load that changes over the day, for autoscaling rehearsals. Numbers arrive
-- at `traffic.rate` a second times a shape, and counting each costs `traffic.cost` virtual
-- CPU-seconds, so the CPU follows the traffic. Properties (strings, as runtime properties
-- are): traffic.rate, traffic.cost, traffic.shape ("ramp", "cycle", "steps" or "flat"), and
-- for a ramp traffic.from, traffic.to, traffic.start, traffic.over (seconds on the clock);
-- for a cycle traffic.amplitude (0…1) and traffic.peak (seconds into the day); for steps
-- traffic.steps, "time:factor,time:factor,…" ("3600:4,10800:1": ×4 from 1 h, ×1 from 3 h).
local env = ...
local p = env.properties.traffic
local n = function(name, default) return tonumber(p[name] or default) end

local source = env:from_sequence(1, math.maxinteger, { rate = n("rate") }):uid("numbers")
if p.shape == "ramp" then
  source:load{ ramp = { from = n("from", 1), to = n("to"), start = n("start", 0), over = n("over") } }
elseif p.shape == "cycle" then
  source:load{ cycle = { amplitude = n("amplitude"), peak = n("peak", 0) } }
elseif p.shape == "steps" then
  local steps = {}
  for at, factor in p.steps:gmatch("([%d.]+):([%d.]+)") do steps[#steps + 1] = { at = tonumber(at), factor = tonumber(factor) } end
  source:load{ steps = steps }
end
source:key_by{ modulo = 64 }
   :count():name("Count"):uid("counts"):cost(n("cost"))
   :discard()
