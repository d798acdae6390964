#!/usr/bin/env floe
-- stuck-start.lua: an application that takes too long to start (here: a start time of
-- 15 minutes, as a large state might take), and the way out the service documents: a
-- forced stop. Run it with `floe run scripts/stuck-start.lua`.
floe.settings{ starting = 900 }

local app = floe.create_application{
  name = "slow", code = "jobs/running-sums.lua",
  properties = { numbers = { count = "1000", rate = "10" } },
}
app:start()
floe.sleep(120)
print(("after %s the application is still %s"):format(floe.duration_text(floe.now()), app.status))
local ok, err = pcall(app.stop, app)                 -- a plain stop is refused while STARTING
print("stop:", err.code)
app:stop{ force = true }
app:wait("READY")
print(("forced stop: %s at %s"):format(app.status, floe.time_text()))
for _, op in ipairs(app:operations()) do print(op.operation, op.status) end
