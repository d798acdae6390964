-- Helpers of the `floe` module that only the host calls, and rarely: compiled when first
-- used, so that a run that never needs them does not pay for them at start-up.
local M = {}

--- Bytes that `fn` keeps alive between calls: everything reachable from its upvalues (its
--- sandbox's globals among them) that the script does not hold as a global too, estimated
--- as Lua 5.4 lays objects out (a string 24 bytes and its length, a table 56 and 16 a
--- slot, a closure 32 and 8 an upvalue). Long strings (over 40 bytes) are counted at every
--- place that holds one: Lua cannot tell two long strings of the same contents apart, and
--- each is an object of its own unless the same one was stored twice. The host asks when
--- the heap has grown, to hold a policy or hook to its cap on what it keeps.
function M.kept_size(fn, captured)
  local pristine, libraries = captured.pristine, captured.libraries
  local getupvalue, getmetatable_raw = captured.getupvalue, captured.getmetatable
  local seen = { [_G] = true }
  for _, v in pairs(_G) do
    if type(v) == "table" or type(v) == "function" then seen[v] = true end
  end
  for _, v in pairs(pristine) do seen[v] = true end
  for _, library in pairs(libraries) do
    seen[library] = true
    for _, f in pairs(library) do seen[f] = true end
  end
  local total, stack, n = 0, { fn }, 1
  seen[fn] = nil
  while n > 0 do
    local v = stack[n]
    stack[n] = nil
    n = n - 1
    local kind = type(v)
    if kind == "string" and #v > 40 then
      total = total + 24 + #v
    elseif (kind == "table" or kind == "function" or kind == "string") and not seen[v] then
      seen[v] = true
      if kind == "string" then
        total = total + 24 + #v
      elseif kind == "table" then
        total = total + 56
        for key, value in next, v do
          total = total + 16
          n = n + 1; stack[n] = key
          n = n + 1; stack[n] = value
        end
        local mt = getmetatable_raw(v)
        if mt then n = n + 1; stack[n] = mt end
      else
        total = total + 32
        for i = 1, 255 do
          local name, value = getupvalue(v, i)
          if name == nil then break end
          total = total + 8
          n = n + 1; stack[n] = value
        end
      end
    end
  end
  return total
end


local keywords = { "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
                   "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while" }

--- What Tab offers for `word` at the prompt, as whole replacements, sorted: globals and
--- keywords; a table's fields after `.`; its functions after `:`; a floe object's fields
--- and methods (`members_of`, from the host). `names`: offered instead when the word is
--- inside a string (application names).
function M.completions(word, names, members_of)
  local found, seen = {}, {}
  local function offer(text)
    if not seen[text] then seen[text] = true; found[#found + 1] = text end
  end
  if names then
    for _, name in ipairs(names) do if name:sub(1, #word) == word then offer(name) end end
    table.sort(found)
    return found
  end
  local base, sep, partial = word:match("^(.-)([.:])([%w_]*)$")
  if not base then
    for k in pairs(_G) do
      if type(k) == "string" and k:sub(1, #word) == word and k:match("^[%a_][%w_]*$") then offer(k) end
    end
    for _, k in ipairs(keywords) do if k:sub(1, #word) == word then offer(k) end end
    table.sort(found)
    return found
  end
  local value = _G
  for part in (base .. "."):gmatch("(.-)%.") do
    if not part:match("^[%a_][%w_]*$") then return found end
    local ok, v = pcall(function() return value[part] end)
    if not ok or v == nil then return found end
    value = v
  end
  local function consider(key, is_function)
    if type(key) == "string" and key:sub(1, #partial) == partial and key:match("^[%a_][%w_]*$")
       and (sep == "." or is_function) then
      offer(base .. sep .. key)
    end
  end
  if type(value) == "table" then
    for k, v in next, value do consider(k, type(v) == "function") end
  end
  local mt = getmetatable(value)
  local members = type(mt) == "table" and members_of and members_of[rawget(mt, "__name")]
  if members then
    for _, m in ipairs(members.methods) do consider(m, true) end
    for _, f in ipairs(members.fields) do consider(f, false) end
  end
  table.sort(found)
  return found
end

return M
