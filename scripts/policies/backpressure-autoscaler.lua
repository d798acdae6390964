-- backpressure-autoscaler.lua: an autoscaling policy that scales on backpressure, not on
-- CPU, and caps the cost. Load it with
--   floe.policy.autoscaling(floe.policy.load("policies/backpressure-autoscaler.lua", { max_kpus = 4 }))
-- It doubles the parallelism when the busiest subtask has been busy more than `high` of
-- the time for `minutes` minutes, halves it (not below the configured parallelism) when it
-- has been under `low` for as long, and never asks for more than `max_kpus` KPUs. It
-- returns its options too, so that the engine hands it only the minutes it looks at.
local options = ... or {}
local high, low = options.high or 0.8, options.low or 0.3
local minutes = options.minutes or 5
local max_kpus = options.max_kpus or 4

-- Whether every minute from `from` on was busy above `high` (sign 1) or below `low` (sign -1).
local function all(history, from, sign)
  for i = from, #history do
    local busy = history[i].busy
    if sign > 0 and busy <= high or sign < 0 and busy >= low then return false end
  end
  return true
end

local function policy(app, m)
  local history = m.history
  if #history < minutes then return nil end          -- too soon after a start or a scaling
  local from = #history - minutes + 1
  local cap = math.min(m.max_parallelism, max_kpus * m.parallelism_per_kpu)
  if all(history, from, 1) and m.parallelism < cap then
    return math.min(cap, m.parallelism * 2)
  end
  if all(history, from, -1) and m.parallelism > m.configured_parallelism then
    return math.max(m.configured_parallelism, m.parallelism // 2)
  end
  return nil
end

return policy, { history = minutes }
