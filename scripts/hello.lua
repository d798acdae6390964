#!/usr/bin/env floe
-- hello.lua: a first look at floe's host. Run it with `floe run scripts/hello.lua [name]`.
-- Shows: the `arg` table, virtual time (a day passes in no time), the seed that makes
-- runs repeatable, and floe's error values, which pcall catches with a code.

local name = arg[1] or "operator"
print(("hello, %s: this is floe %s on %s"):format(name, floe.version, _VERSION))

-- Virtual time moves only when the script waits, and then it jumps.
local start = floe.now()
floe.sleep(24 * 3600)
print(("a day passed in virtual time: floe.now() went from %g to %g"):format(start, floe.now()))

-- The same seed gives the same numbers, run after run (try `--seed 7`).
local draws = {}
for i = 1, 5 do draws[i] = math.random(100) end
print(("seed %d draws %s"):format(floe.seed(), table.concat(draws, " ")))

-- Errors from the host are values with a code and a message.
local ok, err = pcall(floe.sleep, -5)
assert(not ok)
print(("a refused call: code=%s message=%q"):format(err.code, err.message))

return true
