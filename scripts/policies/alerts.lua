-- alerts.lua: alerting hooks. Load them with
--   for _, hook in ipairs(floe.policy.load("policies/alerts.lua", sink)) do floe.on(table.unpack(hook)) end
-- where `sink(line)` receives each alert (print, by default). They raise an alert when a
-- job restarts, a checkpoint fails, an operation fails or a policy falls back to the rule.
-- Each hook is {event, [filter,] handler}: a filter keeps the handler to the events it
-- alerts on, so a checkpoint that completes every minute costs no Lua call.
local sink = ... or print

local function alert(e, what)
  sink(("%s ALERT %s: %s"):format(floe.time_text(e.time), e.application, what))
end

return {
  { "restart", function(e) alert(e, "job restarting (" .. (e.cause or "?") .. ")") end },
  { "checkpoint", { status = "FAILED" }, function(e) alert(e, "checkpoint " .. e.id .. " failed") end },
  { "operation", { status = "FAILED" }, function(e) alert(e, e.operation .. " failed: " .. (e.error or "?")) end },
  { "policy", function(e) alert(e, "policy fell back to the default rule: " .. e.cause) end },
}
