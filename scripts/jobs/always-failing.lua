-- always-failing.lua: a job whose map fails on every record, so that it restarts for
-- ever (or fails for good, as its restart strategy says). For rehearsing failing jobs.
local env = ...
env:from_sequence(1, 1000000, { rate = 10 })
   :map(function(n) error("record " .. n .. " cannot be parsed") end):name("Parse")
   :discard()
