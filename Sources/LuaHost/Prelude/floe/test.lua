-- floe.test: cases for `floe test`, and floe.expect's assertions. Required on first use
-- (`floe.test`, `floe.expect`); the runner (`floe test`) reads the cases through the
-- prelude's internals.
local pretty = require "floe.pretty"
local getinfo = debug.getinfo

local M = { cases = {} }

--- floe.test(name, fn): registers a case. `floe test FILE` runs the file, then each case
--- in a floe of its own (the file runs again for each); a case passes when fn returns.
function M.register(name, fn)
  if type(name) ~= "string" then
    error(("bad argument #1 to 'test' (case name expected, got %s)"):format(type(name)), 3)
  end
  if type(fn) ~= "function" then
    error(("bad argument #2 to 'test' (function expected, got %s)"):format(type(fn)), 3)
  end
  local caller = getinfo(3, "Sl")
  M.cases[#M.cases + 1] = { name = name, fn = fn, source = caller.source, line = caller.currentline }
end

-- Expectations ------------------------------------------------------------------------

local Expectation = {}
Expectation.__index = Expectation
Expectation.__name = "floe.Expectation"

local function deep_equal(a, b, seen)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  seen = seen or {}
  if seen[a] == b then return true end
  seen[a] = b
  for k, v in pairs(a) do
    if not deep_equal(v, b[k], seen) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

local function fail(message, ...)
  error(message:format(...), 3)
end

--- expect(actual):equals(expected): equal, tables compared field by field.
function Expectation:equals(expected)
  if not deep_equal(self.actual, expected) then
    fail("expected %s, got %s", pretty.format(expected), pretty.format(self.actual))
  end
  return self
end

--- expect(actual):is_near(expected, [tolerance]): a number within tolerance (1e-9).
function Expectation:is_near(expected, tolerance)
  tolerance = tolerance or 1e-9
  local actual = self.actual
  if type(actual) ~= "number" or math.abs(actual - expected) > tolerance then
    fail("expected %s ± %s, got %s", pretty.format(expected), pretty.format(tolerance), pretty.format(actual))
  end
  return self
end

--- expect(actual):matches(pattern): a string in which the Lua pattern is found.
function Expectation:matches(pattern)
  local actual = self.actual
  if type(actual) ~= "string" or not actual:find(pattern) then
    fail("expected a string matching %s, got %s", pretty.format(pattern), pretty.format(actual))
  end
  return self
end

--- expect(fn):fails([pattern]): calling fn raises an error (whose text matches pattern).
--- Returns the error, for more checks.
function Expectation:fails(pattern)
  if type(self.actual) ~= "function" then
    fail("expected a function that fails, got %s", pretty.format(self.actual))
  end
  local ok, err = pcall(self.actual)
  if ok then fail("expected an error, but the function returned") end
  if pattern ~= nil and not tostring(err):find(pattern) then
    fail("expected an error matching %s, got %s", pretty.format(pattern), pretty.format(tostring(err)))
  end
  return err
end

--- floe.expect(actual): an expectation with equals, is_near, matches and fails; a failed
--- one raises an error at the line that asked.
function M.expect(actual)
  return setmetatable({ actual = actual }, Expectation)
end

-- Running a case -----------------------------------------------------------------------

-- "where: message" → message, when `where` is the place the error was raised.
local function without_place(message, place)
  if place and message:sub(1, #place + 2) == place .. ": " then return message:sub(#place + 3) end
  return message
end

--- Runs case `index`: true, or false, the message and "file:line" — the innermost line of
--- the case's file that was running when it failed.
function M.run(index)
  local case = M.cases[index]
  local place
  local ok, err = xpcall(case.fn, function(e)
    for level = 2, 200 do
      local info = getinfo(level, "Sl")
      if not info then break end
      if info.source == case.source and info.currentline > 0 then
        place = info.short_src .. ":" .. info.currentline
        break
      end
    end
    return e
  end)
  if ok then return true end
  place = place or (case.source:gsub("^[@=]", "") .. ":" .. case.line)
  local message = type(err) == "string" and err or tostring(err)
  return false, without_place(message, place), place
end

return M
