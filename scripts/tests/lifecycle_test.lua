-- lifecycle_test.lua: an application's statuses and versions through start, update,
-- rollback and stop, as the service moves them.

local function running_sums(name)
  return floe.create_application{ name = name, code = "../jobs/running-sums.lua",
                                  properties = { numbers = { count = "1000000", rate = "50" } } }
end

floe.test("an application starts, runs and stops", function()
  local app = running_sums("sums")
  floe.expect(app.status):equals("READY")
  floe.expect(app.version):equals(1)
  app:start()
  floe.expect(app.status):equals("STARTING")
  app:wait("RUNNING")
  floe.expect(app.job.status):equals("RUNNING")
  app:stop()
  app:wait("READY")
  floe.expect(app.job):equals(nil)
end)

floe.test("an update makes a version, a rollback goes back to the one before", function()
  local app = running_sums("sums")
  app:start()
  app:wait("RUNNING")
  app:update{ parallelism = 2 }
  floe.expect(app.status):equals("UPDATING")
  app:wait("RUNNING")
  floe.expect(app.version):equals(2)
  floe.expect(app.parallelism):equals(2)
  app:rollback()
  app:wait("RUNNING")
  floe.expect(app.version):equals(3)
  floe.expect(app.parallelism):equals(1)
end)

floe.test("operations the status does not allow are refused with the service's error", function()
  local app = running_sums("sums")
  local err = floe.expect(function() app:stop() end):fails("ResourceInUseException")
  floe.expect(err.code):equals("ResourceInUseException")
  app:start()
  floe.expect(function() app:delete() end):fails("ResourceInUseException")
end)
