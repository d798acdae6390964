import LuaHost

/// A host with `print` redirected into `printed`, for tests that look at output.
func makeRuntime(_ configure: (inout HostOptions) -> Void = { _ in }) throws -> LuaRuntime {
    var options = HostOptions()
    configure(&options)
    let runtime = try LuaRuntime(options: options)
    try runtime.run("""
        printed = {}
        print = function(...)
          local parts = {}
          for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
          printed[#printed + 1] = table.concat(parts, "\\t")
        end
        """)
    return runtime
}

extension LuaRuntime {
    /// The lines `print` produced since the runtime was made by `makeRuntime`.
    func printedLines() throws -> [String] {
        try global("printed").tableValue?.sequence.compactMap(\.stringValue) ?? []
    }

    /// Runs `source` and returns its first result.
    func value(_ source: String) throws -> LuaValue {
        try run(source).first ?? .nil
    }

    /// Runs `source`, expecting it to fail, and returns the error.
    func failure(_ source: String) -> FloeError? {
        do {
            try run(source)
            return nil
        } catch {
            return error
        }
    }
}
