-- pretty_test.lua: floe.pretty, what the REPL shows a value as on a terminal.

floe.test("tables are sorted by key, the sequence first", function()
  floe.expect(floe.pretty{ b = 2, a = 1, 10, 20, [5] = "x" }):equals('{ 10, 20, [5] = "x", a = 1, b = 2 }')
end)

floe.test("a table inside itself is marked", function()
  local t = { name = "loop" }
  t.again = t
  floe.expect(floe.pretty(t)):equals('{ again = <cycle>, name = "loop" }')
end)

floe.test("long tables are cut short with a count", function()
  local big = {}
  for i = 1, 100000 do big[i] = i end
  floe.expect(floe.pretty(big, { items = 3 })):equals("{ 1, 2, 3, … 99997 more }")
end)

floe.test("what does not fit the width goes on lines of its own", function()
  floe.expect(floe.pretty({ first = "a fairly long string", second = "another one" }, { width = 30 }))
    :equals('{\n  first = "a fairly long string",\n  second = "another one"\n}')
end)

floe.test("strings are quoted, bytes that are not UTF-8 shown in hex", function()
  floe.expect(floe.pretty("tab\there \255")):equals('"tab\\there \\xFF"')
end)

floe.test("an application is a line: name, status, version, job", function()
  local app = floe.create_application{ name = "orders", code = "../jobs/running-sums.lua",
                                       properties = { numbers = { count = "1000000", rate = "10" } } }
  floe.expect(floe.pretty(app)):equals("<Application orders READY v1>")
  app:start()
  app:wait("RUNNING")
  floe.expect(floe.pretty(app)):equals("<Application orders RUNNING v1 job RUNNING>")
end)
