#!/usr/bin/env floe
-- upgrade.lua: rehearses upgrades of a running application.
-- Run it with `floe run scripts/upgrade.lua`.
-- Shows: a rolling update (a system snapshot, the new version restores it, the sums go
-- on), an update with broken code that the system rolls back (RollbackEnabled), and an
-- update undone by a manual rollback; the versions, operations and status log at the end.

local app = floe.create_application{
  name = "sums", code = "jobs/running-sums.lua",
  properties = { numbers = { count = "1000000", rate = "100" } },
  rollback = true,                                     -- system rollback on a failed update
  restart_strategy = { type = "none" },               -- a broken job fails at once
}
app:start()
app:wait("RUNNING")
floe.sleep(120)

print("1. rolling update to parallelism 2")
app:update{ parallelism = 2 }
app:wait("RUNNING")
print(("   version %d RUNNING at %gs"):format(app.version, floe.now()))
floe.sleep(120)

print("2. an update with broken code")
app:update{ code = "jobs/running-sums-broken.lua" }
app:wait("ROLLING_BACK")
print(("   the new version failed; rolling back at %gs"):format(floe.now()))
app:wait("RUNNING")
print(("   version %d RUNNING (the configuration of version 2)"):format(app.version))

print("3. an update to parallelism 3, then a manual rollback")
floe.sleep(60)
app:update{ parallelism = 3 }
app:wait("RUNNING")
floe.sleep(60)
app:rollback()
app:wait("RUNNING")
print(("   version %d RUNNING at %gs, parallelism %d again"):format(app.version, floe.now(), app:describe().parallelism))

print()
for _, v in ipairs(app:versions()) do
  print(("version %d  parallelism %d  %s%s"):format(v.version, v.parallelism, v.code:match("[^/]+$"),
    v.rolled_back and "  (rolled back)" or ""))
end
for _, op in ipairs(app:operations()) do
  print(("%-20s %-11s %s"):format(op.operation, op.status, op.error and op.error:sub(1, 60) or ""))
end
for _, e in ipairs(app:log()) do
  if e.subject == "application" then print(("%7.1fs v%d %s -> %s"):format(e.time, e.version, e.from, e.to)) end
end
