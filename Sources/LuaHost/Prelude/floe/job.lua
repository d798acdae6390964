-- floe/job.lua: the job-script API, a DataStream builder in the manner of Flink's.
--
-- A job script receives an environment and builds its dataflow from it:
--
--   local env = ...
--   env:from_lines(env.properties.input.path)
--      :flat_map(function(line) local t = {} for w in line:gmatch("%S+") do t[#t+1] = {w, 1} end return t end)
--      :key_by(1)
--      :sum(2)
--      :write_text(env.properties.output.path)
--
-- The host runs the script once to learn the graph, then again in every subtask's own Lua
-- state to find that subtask's copy of each function, by the order the functions appear.
-- So a job script must build the same graph every time it runs.

local getinfo = debug.getinfo

local Env = { __name = "floe.JobEnvironment" }
Env.__index = Env
local Stream = { __name = "floe.DataStream" }
Stream.__index = Stream
local Keyed = { __name = "floe.KeyedStream" }
Keyed.__index = function(_, k) return Keyed[k] or Stream[k] end

local function typename(v)
  if v == nil then return "no value" end
  return type(v)
end

-- Argument checks that read like Lua's own, blaming the job script's line.
local function check(value, expected, position, method)
  if type(value) ~= expected then
    error(("bad argument #%d to '%s' (%s expected, got %s)"):format(position, method, expected, typename(value)), 3)
  end
end

local function check_count(value, position, method, least)
  if type(value) ~= "number" then
    error(("bad argument #%d to '%s' (number expected, got %s)"):format(position, method, typename(value)), 3)
  end
  if math.type(value) ~= "integer" or value < least then
    error(("bad argument #%d to '%s' (integer of at least %d expected, got %s)"):format(position, method, least, value), 3)
  end
end

local function where(fn)
  local info = getinfo(fn, "S")
  return info.short_src .. ":" .. info.linedefined
end

-- Adds a node to the graph and returns the stream that reads from it.
local function add(env, node, keyed)
  node.id = #env.nodes + 1
  if node.fn then
    env.functions[#env.functions + 1] = node.fn
    node.fn_index = #env.functions
    node.where = where(node.fn)
  end
  env.nodes[node.id] = node
  return setmetatable({ env = env, id = node.id }, keyed and Keyed or Stream)
end

local function transform(kind, method)
  return function(self, fn)
    check(fn, "function", 1, method)
    return add(self.env, { kind = kind, input = self.id, fn = fn })
  end
end

-- Sources ------------------------------------------------------------------------------

-- A source's options: {rate = records per virtual second}.
local function rate_of(options, position, method)
  if options == nil then return nil end
  check(options, "table", position, method)
  if options.rate ~= nil and (type(options.rate) ~= "number" or options.rate <= 0) then
    error(("bad argument #%d to '%s' (field 'rate' must be a positive number)"):format(position, method), 3)
  end
  return options.rate
end

--- env:from_sequence(from, to, [{rate = n}]): the integers from..to, split among the subtasks.
function Env:from_sequence(from, to, options)
  check_count(from, 1, "from_sequence", math.mininteger)
  check_count(to, 2, "from_sequence", math.mininteger)
  return add(self, { kind = "sequence", from = from, to = to, rate = rate_of(options, 3, "from_sequence") })
end

--- env:from_values(list, [{rate = n}]): the values of a Lua list (numbers, strings, booleans, tables).
function Env:from_values(values, options)
  check(values, "table", 1, "from_values")
  return add(self, { kind = "values", values = values, rate = rate_of(options, 2, "from_values") })
end

--- env:from_lines(path, [{rate = n}]): the lines of a text file (relative paths from the working folder).
function Env:from_lines(path, options)
  check(path, "string", 1, "from_lines")
  return add(self, { kind = "lines", path = path, rate = rate_of(options, 2, "from_lines") })
end

--- env:from_generator(fn, {count = n}): fn(1), fn(2), … fn(n).
function Env:from_generator(fn, options)
  check(fn, "function", 1, "from_generator")
  options = options or {}
  check(options, "table", 2, "from_generator")
  if options.count ~= nil then check_count(options.count, 2, "from_generator", 0) end
  return add(self, { kind = "generator", fn = fn, count = options.count, rate = rate_of(options, 2, "from_generator") })
end

--- stream:load(shape): shapes a rated source's rate over virtual time (clock seconds):
--- {ramp = {from = f, to = f, start = s, over = s}}, {cycle = {amplitude = a, peak = s,
--- period = s (a day)}} or {steps = {{at = s, factor = f}, …}}; the rate times the factor.
function Stream:load(shape)
  check(shape, "table", 1, "load")
  local node = self.env.nodes[self.id]
  if node.rate == nil then error("bad argument #1 to 'load' (only a source with a rate has a load)", 2) end
  local kinds = 0
  for k in pairs(shape) do kinds = kinds + 1 end
  local function number(t, field, default)
    local v = t[field]
    if v == nil then v = default end
    if type(v) ~= "number" then error(("bad argument #1 to 'load' (field '%s' must be a number)"):format(field), 3) end
    return v
  end
  if kinds ~= 1 then error("bad argument #1 to 'load' (one of ramp, cycle or steps expected)", 2) end
  if shape.ramp then
    local r = shape.ramp
    node.load = { kind = "ramp", from = number(r, "from", 1), to = number(r, "to"), start = number(r, "start", 0), over = number(r, "over") }
  elseif shape.cycle then
    local c = shape.cycle
    node.load = { kind = "cycle", amplitude = number(c, "amplitude"), peak = number(c, "peak", 0), period = number(c, "period", 86400) }
    if node.load.amplitude < 0 or node.load.amplitude > 1 or node.load.period <= 0 then
      error("bad argument #1 to 'load' (a cycle's amplitude is 0 to 1 and its period positive)", 2)
    end
  elseif shape.steps then
    local steps = {}
    for i, step in ipairs(shape.steps) do steps[i] = { at = number(step, "at"), factor = number(step, "factor") } end
    table.sort(steps, function(a, b) return a.at < b.at end)
    node.load = { kind = "steps", steps = steps }
  else
    error("bad argument #1 to 'load' (one of ramp, cycle or steps expected)", 2)
  end
  for _, f in ipairs{ node.load.from, node.load.to } do
    if f < 0 then error("bad argument #1 to 'load' (factors must not be negative)", 2) end
  end
  for _, step in ipairs(node.load.steps or {}) do
    if step.factor < 0 then error("bad argument #1 to 'load' (factors must not be negative)", 2) end
  end
  return self
end

--- env:set_parallelism(n), env:set_max_parallelism(n), env:set_runtime_mode("BATCH")
function Env:set_parallelism(n) check_count(n, 1, "set_parallelism", 1) self.settings.parallelism = n return self end
function Env:set_max_parallelism(n) check_count(n, 1, "set_max_parallelism", 1) self.settings.max_parallelism = n return self end
function Env:set_runtime_mode(mode)
  check(mode, "string", 1, "set_runtime_mode")
  self.settings.mode = mode
  return self
end

-- Transformations ----------------------------------------------------------------------

Stream.map = transform("map", "map")
Stream.filter = transform("filter", "filter")
--- stream:flat_map(fn): fn returns a list of values (or nil for none).
Stream.flat_map = transform("flat_map", "flat_map")

--- stream:key_by(selector): a field number of list records, a field name of map records,
--- {modulo = n} for integer records, a function, or nothing for the record itself.
function Stream:key_by(selector)
  local node = { kind = "key_by", input = self.id }
  local t = type(selector)
  if selector == nil then
    node.selector = "identity"
  elseif math.type(selector) == "integer" and selector >= 1 then
    node.selector, node.index = "index", selector
  elseif t == "string" then
    node.selector, node.field = "field", selector
  elseif t == "function" then
    node.selector, node.fn = "function", selector
  elseif t == "table" and math.type(selector.modulo) == "integer" and selector.modulo > 0 then
    node.selector, node.modulo = "modulo", selector.modulo
  else
    error(("bad argument #1 to 'key_by' (field number, field name, {modulo = n} or function expected, got %s)")
      :format(typename(selector)), 2)
  end
  return add(self.env, node, true)
end

local function aggregate(fn)
  return function(self, field)
    if field ~= nil and type(field) ~= "string" and math.type(field) ~= "integer" then
      error(("bad argument #1 to '%s' (field number or name expected, got %s)"):format(fn, typename(field)), 2)
    end
    return add(self.env, { kind = "aggregate", fn_name = fn, input = self.id, field = field })
  end
end

Keyed.sum = aggregate("sum")
Keyed.min = aggregate("min")
Keyed.max = aggregate("max")
--- keyed:window(seconds): tumbling event-time windows; then :sum, :min, :max, :count, :reduce.
local Windowed = { __name = "floe.WindowedStream" }
Windowed.__index = Windowed

function Keyed:window(size)
  check(size, "number", 1, "window")
  if not (size > 0) then error(("bad argument #1 to 'window' (positive number of seconds expected, got %s)"):format(size), 2) end
  return setmetatable({ env = self.env, id = self.id, size = size }, Windowed)
end

local function windowed(fn)
  return function(self, field)
    if field ~= nil and type(field) ~= "string" and math.type(field) ~= "integer" then
      error(("bad argument #1 to '%s' (field number or name expected, got %s)"):format(fn, typename(field)), 2)
    end
    return add(self.env, { kind = "window", size = self.size, fn_name = fn, input = self.id, field = field })
  end
end

Windowed.sum = windowed("sum")
Windowed.min = windowed("min")
Windowed.max = windowed("max")
function Windowed:count() return add(self.env, { kind = "window", size = self.size, fn_name = "count", input = self.id }) end
function Windowed:reduce(fn)
  check(fn, "function", 1, "reduce")
  return add(self.env, { kind = "window", size = self.size, input = self.id, fn = fn })
end

--- keyed:count(): {key, n} per key.
function Keyed:count() return add(self.env, { kind = "aggregate", fn_name = "count", input = self.id }) end
--- keyed:reduce(fn): fn(accumulated, next) per key.
Keyed.reduce = transform("reduce", "reduce")

-- Sinks --------------------------------------------------------------------------------

function Stream:print() return add(self.env, { kind = "print", input = self.id }) end
function Stream:discard() return add(self.env, { kind = "discard", input = self.id }) end
--- stream:collect(name): values the script reads back with job:collected(name).
function Stream:collect(name)
  check(name, "string", 1, "collect")
  return add(self.env, { kind = "collect", input = self.id, collect = name })
end
--- stream:write_text(folder): one line per record into folder/part-<subtask>.
function Stream:write_text(path)
  check(path, "string", 1, "write_text")
  return add(self.env, { kind = "write_text", input = self.id, path = path })
end

-- Settings of the last operator --------------------------------------------------------

function Stream:name(name) check(name, "string", 1, "name") self.env.nodes[self.id].name = name return self end
function Stream:uid(uid) check(uid, "string", 1, "uid") self.env.nodes[self.id].uid = uid return self end
function Stream:parallelism(n) check_count(n, 1, "parallelism", 1) self.env.nodes[self.id].parallelism = n return self end
--- stream:cost(seconds): virtual CPU-seconds one record costs this operator.
function Stream:cost(seconds) check(seconds, "number", 1, "cost") self.env.nodes[self.id].cost = seconds return self end

-- The host's side ----------------------------------------------------------------------

local M = {}

--- A fresh environment with the job's property groups.
function M.environment(properties)
  return setmetatable({ properties = properties or {}, nodes = {}, functions = {}, settings = {} }, Env)
end

--- The graph as plain data (functions replaced by their index), for the host to read.
function M.describe(env)
  local nodes = {}
  for i, node in ipairs(env.nodes) do
    local copy = {}
    for k, v in pairs(node) do
      if k ~= "fn" then copy[k] = v end
    end
    nodes[i] = copy
  end
  return { nodes = nodes, settings = env.settings }
end

return M
