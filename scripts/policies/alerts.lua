-- alerts.lua: alerting hooks. Load them with
--   for event, handler in pairs(floe.policy.load("policies/alerts.lua", sink)) do floe.on(event, handler) end
-- where `sink(line)` receives each alert (print, by default). They raise an alert when a
-- job restarts, a checkpoint fails, an operation fails or a policy falls back to the rule.
local sink = ... or print

local function alert(e, what)
  sink(("[%7.0fs] ALERT %s: %s"):format(e.time, e.application, what))
end

return {
  restart = function(e) alert(e, "job restarting (" .. (e.cause or "?") .. ")") end,
  checkpoint = function(e) if e.status == "FAILED" then alert(e, "checkpoint " .. e.id .. " failed") end end,
  operation = function(e) if e.status == "FAILED" then alert(e, e.operation .. " failed: " .. (e.error or "?")) end end,
  policy = function(e) alert(e, "policy fell back to the default rule: " .. e.cause) end,
}
