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
local function as_expected(ok) return ok and "as expected" or "NOT as expected" end

app:start()
app:wait("RUNNING")
floe.sleep(120)

print("1. A rolling update to parallelism 2: a system snapshot, then version 2 restores it.")
app:update{ parallelism = 2 }
app:wait("RUNNING")
local restored = app:snapshots()[1]
print(("   %s  version %d RUNNING at parallelism %d, from snapshot %s (%s)"):format(floe.time_text(), app.version,
  app.parallelism, restored and restored.name or "none", as_expected(app.version == 2 and app.parallelism == 2 and restored ~= nil)))
floe.sleep(120)

print("2. An update to broken code (jobs/running-sums-broken.lua), with system rollback on.")
app:update{ code = "jobs/running-sums-broken.lua" }
app:wait("ROLLING_BACK")
local failed
for _, op in ipairs(app:operations()) do if op.status == "FAILED" then failed = op end end
print(("   %s  %s FAILED: %s"):format(floe.time_text(), failed.operation, failed.error))
print("   so the service rolls back to the last version that ran")
app:wait("RUNNING")
print(("   %s  version %d RUNNING with version 2's code and parallelism (%s)"):format(floe.time_text(), app.version,
  as_expected(app.version == 4 and app.parallelism == 2)))

print("3. An update to parallelism 3, then a manual rollback.")
floe.sleep(60)
app:update{ parallelism = 3 }
app:wait("RUNNING")
floe.sleep(60)
app:rollback()
app:wait("RUNNING")
print(("   %s  version %d RUNNING at parallelism %d again (%s)"):format(floe.time_text(), app.version,
  app:describe().parallelism, as_expected(app:describe().parallelism == 2)))

print()
print("Versions (a rollback is a new version with an old configuration):")
for _, v in ipairs(app:versions()) do
  print(("  version %d  parallelism %d  %s%s"):format(v.version, v.parallelism, v.code:match("[^/]+$"),
    v.rolled_back and "  (rolled back)" or ""))
end
print("Operations, newest first:")
for _, op in ipairs(app:operations()) do
  print(("  %s  %-20s %s"):format(floe.time_text(op.start), op.operation, op.status))
end
print("The application's statuses:")
for _, e in ipairs(app:log()) do
  if e.subject == "application" then
    print(("  %s  v%d  %s -> %s"):format(floe.time_text(e.time), e.version, e.from == "" and "·" or e.from, e.to))
  end
end
