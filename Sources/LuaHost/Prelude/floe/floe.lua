-- The Lua half of the `floe` module: what needs no host lives here, compiled into
-- the binary and run once per state as `local floe, host = ...`.
-- It returns a table of helpers only the host can reach.
local floe, host = ...

local randomseed = math.randomseed
-- Kept before any user code runs: the sandbox needs them, and user code may change globals.
local getupvalue, upvaluejoin = debug.getupvalue, debug.upvaluejoin
local base_load, collect, dump = load, collectgarbage, string.dump
local pairs, type, error, select = pairs, type, error, select

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

-- The sandbox ---------------------------------------------------------------------------

local function copy(t, without)
  local c = {}
  for k, v in pairs(t) do if not (without and without[k]) then c[k] = v end end
  return c
end

-- What the sandbox hands out, taken now, before user code can change it.
local pristine = {}
for _, name in ipairs{ "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget", "rawlen",
                       "rawset", "select", "setmetatable", "getmetatable", "tonumber", "tostring", "type",
                       "xpcall", "_VERSION" } do
  pristine[name] = _G[name]
end
local libraries = {
  math = copy(math, { randomseed = true }), string = copy(string, { dump = true }),
  table = copy(table), utf8 = copy(utf8), coroutine = copy(coroutine),
}

--- The environment policies and hooks run in: the pure parts of the standard library (no
--- io, os, package, debug, require, string.dump or binary chunks), time from floe.now (and
--- floe.time_text, floe.duration_text to write it), and
--- what the floe module lets them read.
local function sandbox_env()
  local env = copy(pristine)
  for name, library in pairs(libraries) do env[name] = copy(library) end
  env.print = print   -- the script's print, wherever it sends lines
  -- Strings and floe's objects share their metatables with the script: not for a policy to see.
  local getmetatable = pristine.getmetatable
  env.getmetatable = function(value)
    if type(value) ~= "table" then return nil end
    return getmetatable(value)
  end
  env.load = function(chunk, name, mode, e)
    if mode ~= nil and mode ~= "t" then error("a policy may load text chunks only", 2) end
    return base_load(chunk, name, "t", e or env)
  end
  env.collectgarbage = function(option)
    if option == nil or option == "count" then return collect("count") end
    error("collectgarbage(\"" .. tostring(option) .. "\") is not available to a policy or hook", 2)
  end
  env.floe = { now = floe.now, time_text = floe.time_text, duration_text = floe.duration_text, version = floe.version }
  env._G = env
  return env
end

--- Takes from this state's globals what job code must not have: the state runs a job
--- script or its functions, never the operator's own script. No io, os, debug, dofile,
--- loadfile, string.dump or C modules; `load` reads text chunks; `require` finds only
--- floe's own modules; `collectgarbage` only counts.
function internal.restrict()
  local G = _G
  G.io, G.os, G.debug, G.dofile, G.loadfile = nil, nil, nil, nil, nil
  G.string.dump = nil
  G.load = function(chunk, name, mode, env)
    if mode ~= nil and mode ~= "t" then error("job code may load text chunks only", 2) end
    return base_load(chunk, name, "t", env or G)
  end
  G.collectgarbage = function(option)
    if option == nil or option == "count" then return collect("count") end
    error("collectgarbage(\"" .. tostring(option) .. "\") is not available to job code", 2)
  end
  local package = G.package
  package.loadlib, package.cpath, package.path = nil, "", ""
  package.searchers = { package.searchers[1] }   -- package.preload: floe's modules
end

--- A copy of `fn` whose globals are a sandbox of its own: the same code, sharing every
--- other upvalue with `fn` (the script's locals it closes over), while `fn` itself stays
--- the script's, globals and all.
function internal.sandbox(fn)
  local env = sandbox_env()
  local dumped, code = pcall(dump, fn)
  if not dumped then return fn end   -- a C function: no globals of its own to rebind
  local copy = assert(base_load(code, "=(sandboxed)", "b", env))
  for i = 1, 255 do
    local name = getupvalue(fn, i)
    if name == nil then break end
    if name == "_ENV" then
      upvaluejoin(copy, i, function() return env end, 1)
    else
      upvaluejoin(copy, i, fn, i)
    end
  end
  return copy
end

-- Helpers only the host calls, and rarely (a policy's kept memory, Tab at the prompt):
-- compiled when first used, from floe/host.lua, with what they need taken now.
local captured = { pristine = pristine, libraries = libraries, getupvalue = getupvalue,
                   getmetatable = debug.getmetatable }
function internal.kept_size(fn) return require("floe.host").kept_size(fn, captured) end
function internal.completions(word, names) return require("floe.host").completions(word, names, internal.members) end

-- Policies and hooks --------------------------------------------------------------------

-- Functions that already run in a sandbox (those of a file floe.policy.load read).
local sandboxed = setmetatable({}, { __mode = "k" })

local function callable(fn, what)
  if type(fn) ~= "function" then
    error(("bad argument #1 to '%s' (function expected, got %s)"):format(what, type(fn)), 3)
  end
  if sandboxed[fn] then return fn end
  return internal.sandbox(fn)
end

floe.policy = {}

--- floe.policy.load(path, ...): runs a policy file (a path beside the calling script) in a
--- sandbox of its own with `...` as its arguments, and returns what it returns: every
--- function of the file runs sandboxed, helpers included.
function floe.policy.load(path, ...)
  local source, name = host.read_policy(path)
  local env = sandbox_env()
  local chunk, message = base_load(source, name, "t", env)
  if not chunk then error(message, 2) end
  local results = table.pack(chunk(...))
  -- Its functions already run in its sandbox: returned, or in tables it returns (two deep).
  local function mark(value, depth)
    if type(value) == "function" then sandboxed[value] = true end
    if type(value) == "table" and depth < 2 then
      for _, v in pairs(value) do mark(v, depth + 1) end
    end
  end
  for i = 1, results.n do mark(results[i], 0) end
  return table.unpack(results, 1, results.n)
end

--- floe.policy.autoscaling(fn | nil, [options]): fn(app, metrics) returns the parallelism to
--- scale to, or nil to stay. nil restores the service's rule. options.history: how many of
--- the last minutes metrics.history holds (1 to 360, default 360).
function floe.policy.autoscaling(fn, options)
  if options ~= nil and type(options) ~= "table" then
    error(("bad argument #2 to 'autoscaling' (options table expected, got %s)"):format(type(options)), 2)
  end
  host.set_policy("autoscaling", fn ~= nil and callable(fn, "autoscaling") or nil, options and options.history)
end

--- floe.policy.maintenance(fn | nil): fn(app, maintenance) returns "proceed", "snapshot",
--- "defer" (to the next window), {defer = seconds}, {defer_until = time} or "skip".
function floe.policy.maintenance(fn)
  host.set_policy("maintenance", fn ~= nil and callable(fn, "maintenance") or nil)
end

--- floe.on(event, [filter,] fn): calls fn(event) for each event of that kind, in the order
--- they happen; handlers of one event run in the order they were added. With a filter
--- ({status = "FAILED"}), only for the events whose fields have those values.
function floe.on(event, filter, fn)
  if type(event) ~= "string" then
    error(("bad argument #1 to 'on' (event name expected, got %s)"):format(type(event)), 2)
  end
  if fn == nil then filter, fn = nil, filter end
  if filter ~= nil and type(filter) ~= "table" then
    error(("bad argument #2 to 'on' (filter table expected, got %s)"):format(type(filter)), 2)
  end
  host.on(event, callable(fn, "on"), filter)
end

-- Values for people, and tests ----------------------------------------------------------

--- floe.pretty(value, [options]) -> string: tables sorted by key, cycles marked, floe's
--- objects summed up in a line, long tables and strings cut short (see floe.pretty).
function floe.pretty(value, options)
  return require("floe.pretty").format(value, options)
end

--- floe.test(name, fn): a case for `floe test` (see floe.test).
function floe.test(name, fn)
  require("floe.test").register(name, fn)
end

--- floe.expect(actual): an expectation — :equals(x), :is_near(x, [tolerance]),
--- :matches(pattern), :fails([pattern]) — that raises an error at its line when it fails.
function floe.expect(actual)
  return require("floe.test").expect(actual)
end

--- The cases registered so far: { {name, line}, … }.
function internal.test_cases()
  local cases = {}
  for i, case in ipairs(require("floe.test").cases) do cases[i] = { name = case.name, line = case.line } end
  return cases
end

--- Runs case i: true, or false, the message and "file:line".
function internal.run_test(i)
  return require("floe.test").run(i)
end

--- The REPL prints a line's results through the global `print`, as lua.c does; on a
--- terminal (internal.pretty_results), each through floe.pretty first.
internal.pretty_results = false
function internal.print_results(...)
  local n = select("#", ...)
  if n == 0 then return end
  if not internal.pretty_results then return print(...) end
  local shown = {}
  for i = 1, n do
    local value = select(i, ...)
    local ok, text = pcall(floe.pretty, value, { width = internal.width or 80, colour = internal.colour or false })
    shown[i] = ok and text or tostring(value)
  end
  print(table.unpack(shown, 1, n))
end

return internal
