-- floe.pretty: values as text for people — what the REPL prints on a terminal, and what
-- floe.expect shows when it fails. Tables sorted by key, on one line when they fit the
-- width and indented otherwise; a table inside itself shown as <cycle>; floe's objects as a
-- one-line summary; long tables and strings cut short with a count of what was left out.
local M = {}

local type, tostring, pairs, rawget, rawlen, getmetatable, pcall = type, tostring, pairs, rawget, rawlen, getmetatable, pcall
local concat, sort = table.concat, table.sort
local format = string.format

local defaults = { width = 80, items = 100, depth = 8, string = 400, colour = false }

-- ANSI colours, with `colour`: strings green, numbers cyan, booleans and nil magenta, floe's
-- objects bold, what stands for what is left out dim.
local tones = { string = "32", number = "36", boolean = "35", object = "1", note = "2" }
local function paint(text, tone, options)
  if not options.colour then return text end
  return "\27[" .. tones[tone] .. "m" .. text .. "\27[0m"
end

-- Columns a text takes on the terminal: without colour codes, in characters.
local function visible(text)
  local plain = text:gsub("\27%[[%d;]*m", "")
  return utf8.len(plain) or #plain
end

local keywords = {}
for word in ([[and break do else elseif end false for function goto if in local nil not or
  repeat return then true until while]]):gmatch("%a+") do keywords[word] = true end

local escapes = { ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r", ['"'] = '\\"', ["\\"] = "\\\\" }

--- A string as a Lua literal: control characters escaped, invalid UTF-8 bytes as \xNN,
--- longer than `limit` bytes cut with a count.
local function quote(s, limit)
  local cut = ""
  if #s > limit then
    cut = format("…(%d more bytes)", #s - limit)
    s = s:sub(1, limit)
  end
  local out, i = {}, 1
  while i <= #s do
    local len = utf8.len(s, i, i)  -- nil at a byte that starts no valid character
    local ok, char = pcall(utf8.codepoint, s, i)
    if len and ok then
      local c = utf8.char(char)
      if escapes[c] then
        out[#out + 1] = escapes[c]
      elseif char < 32 or char == 127 then
        out[#out + 1] = format("\\%d", char)
      else
        out[#out + 1] = c
      end
      i = i + #c
    else
      out[#out + 1] = format("\\x%02X", s:byte(i))
      i = i + 1
    end
  end
  return '"' .. concat(out) .. '"' .. cut
end

-- Keys in order: numbers first (ascending), then strings, then the rest by their text.
local rank = { number = 1, string = 2 }
local function key_before(a, b)
  local ra, rb = rank[type(a)] or 3, rank[type(b)] or 3
  if ra ~= rb then return ra < rb end
  if ra == 3 then return tostring(a) < tostring(b) end
  return a < b
end

--- floe's objects in one line: <Application orders RUNNING v2 job RUNNING>.
local function summary(value, name)
  local function field(key)
    local ok, v = pcall(function() return value[key] end)
    return ok and v or nil
  end
  if name == "floe.Application" then
    local job = field("job")
    local job_status = job and (pcall(function() return job.status end) and job.status) or nil
    local parts = { "Application", tostring(field("name")), tostring(field("status")) }
    local version = field("version")
    if version then parts[#parts + 1] = "v" .. tostring(version) end
    if job_status then parts[#parts + 1] = "job " .. job_status end
    return "<" .. concat(parts, " ") .. ">"
  elseif name == "floe.Job" then
    return format("<Job %s %s>", tostring(field("name")), tostring(field("status")))
  end
  return nil
end

local function scalar(value, options)
  local t = type(value)
  if t == "string" then return paint(quote(value, options.string), "string", options) end
  if t == "number" then
    local text = tostring(value)
    if value ~= value then text = "0/0" elseif value == math.huge then text = "math.huge"
    elseif value == -math.huge then text = "-math.huge" end
    return paint(text, "number", options)
  end
  if t == "boolean" or t == "nil" then return paint(tostring(value), "boolean", options) end
  if t == "userdata" then
    local mt = getmetatable(value)
    local name = type(mt) == "table" and rawget(mt, "__name") or nil
    local line = name and summary(value, name)
    if line then return paint(line, "object", options) end
  end
  return tostring(value)
end

local function key_text(k, options)
  if type(k) == "string" and k:match("^[%a_][%w_]*$") and not keywords[k] then return k end
  return "[" .. scalar(k, options) .. "]"
end

-- Renders `value` at `indent`; `open` holds the tables being rendered around it.
local function render(value, options, indent, open, depth)
  if type(value) ~= "table" then return scalar(value, options) end
  if open[value] then return paint("<cycle>", "note", options) end
  local mt = getmetatable(value)
  if type(mt) == "table" and rawget(mt, "__tostring") then return tostring(value) end
  if depth > options.depth then return paint("{…}", "note", options) end
  open[value] = true
  local entries, shown, total = {}, 0, 0
  -- The sequence part first, in order, without keys; then the other keys, sorted.
  local n = rawlen(value)
  for i = 1, n do
    total = total + 1
    if shown < options.items then
      shown = shown + 1
      entries[shown] = render(rawget(value, i), options, indent .. "  ", open, depth + 1)
    end
  end
  local keys = {}
  for k in pairs(value) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  total = total + #keys
  if shown < options.items and #keys > 0 then
    sort(keys, key_before)
    for _, k in ipairs(keys) do
      if shown >= options.items then break end
      shown = shown + 1
      entries[shown] = key_text(k, options) .. " = " .. render(rawget(value, k), options, indent .. "  ", open, depth + 1)
    end
  end
  open[value] = nil
  if total > shown then entries[#entries + 1] = paint(format("… %d more", total - shown), "note", options) end
  if #entries == 0 then return "{}" end
  local line = "{ " .. concat(entries, ", ") .. " }"
  if #indent + visible(line) <= options.width and not line:find("\n", 1, true) then return line end
  return "{\n" .. indent .. "  " .. concat(entries, ",\n" .. indent .. "  ") .. "\n" .. indent .. "}"
end

--- floe.pretty(value, [options]) -> string. options: width (80), items per table (100),
--- depth (8), string (400 bytes shown of a string), colour (false: ANSI colours).
function M.format(value, options)
  local o = {}
  for k, v in pairs(defaults) do o[k] = v end
  if type(options) == "table" then
    for k, v in pairs(options) do
      if defaults[k] == nil then error(("unknown option '%s' to 'pretty'"):format(tostring(k)), 3) end
      if k == "colour" then
        if type(v) ~= "boolean" then error("option 'colour' to 'pretty' must be a boolean", 3) end
      elseif math.type(v) ~= "integer" or v < 1 then
        error(("option '%s' to 'pretty' must be a positive integer"):format(k), 3)
      end
      o[k] = v
    end
  end
  o.width = math.max(o.width, 20)
  return render(value, o, "", {}, 1)
end

return M
