-- peak-aware-maintenance.lua: a maintenance policy that keeps patches out of the business
-- peak, snapshots first, and leaves an application alone while it is being changed.
--   floe.policy.maintenance(floe.policy.load("policies/peak-aware-maintenance.lua",
--                                            { peak = { "08:00", "20:00" } }))
-- Inside the window and outside the peak: a snapshot, then maintenance. Inside the peak:
-- wait until it ends. Outside the window: wait for it. Mid-update (any status but
-- RUNNING): ask again in five minutes.
local options = ... or {}
local peak = options.peak or { "08:00", "20:00" }

local function minutes(hhmm)
  local h, m = hhmm:match("^(%d%d):(%d%d)$")
  return tonumber(h) * 60 + tonumber(m)
end
local peak_start, peak_end = minutes(peak[1]), minutes(peak[2])

local function in_peak(now)
  local t = minutes(now)
  if peak_start <= peak_end then return t >= peak_start and t < peak_end end
  return t >= peak_start or t < peak_end
end

return function(app, m)
  if m.status ~= "RUNNING" then return { defer = 300 } end
  if not m.in_window then return "defer" end
  if in_peak(m.time_of_day) then
    local wait = (peak_end - minutes(m.time_of_day)) % 1440
    return { defer = wait * 60 }
  end
  return "snapshot"
end
