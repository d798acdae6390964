-- The Lua half of the `floe` module: what needs no host lives here, compiled into
-- the binary and run once per state as `local floe, host = ...`.
-- It returns a table of helpers only the host can reach.
local floe, host = ...

local randomseed = math.randomseed

--- floe.seed([n]): with n, reseeds floe's random generator and math.random;
--- without, returns the seed in force.
function floe.seed(n)
  if n == nil then return host.seed() end
  host.seed(n)
  randomseed(n)
end

-- The same seed, the same run: math.random starts from floe's seed, not from the clock.
randomseed(host.seed())

local internal = {}

--- The REPL prints a line's results through the global `print`, as lua.c does.
function internal.print_results(...)
  if select("#", ...) > 0 then print(...) end
end

return internal
