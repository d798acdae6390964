-- timeline.lua: what happened, drawn. An application runs for an hour and a half with a
-- task failure, an update and a stop; floe.timeline draws its statuses, its job's, its
-- checkpoints and the marks in the terminal. Add `--report run.html` for the same as a page.
--   floe run scripts/timeline.lua [columns]
local app = floe.create_application{
  name = "orders", code = "jobs/running-sums.lua", checkpoint_interval = 60,
  properties = { numbers = { count = "100000000", rate = "5" } },
}
app:start()
app:wait("RUNNING")
floe.sleep(1800)
app.job:inject{ fault = "task_failure", task = 1, after_records = 1 }
floe.sleep(1800)
app:update{ parallelism = 2 }
app:wait("RUNNING")
floe.sleep(1800)
app:stop()
app:wait("READY")
floe.timeline(app, { width = tonumber(arg[1]) or 72 })
