import CLua

extension LuaRuntime {
    /// What Tab offers at the prompt for `word` ("flo", "floe.cre", "app:st"), as whole
    /// replacements, sorted; inside a string literal, application names. Never fails:
    /// nothing to offer is an empty list.
    public func completions(for word: String, inString: Bool) -> [String] {
        let stack = LuaStack(state)
        let base = stack.top
        defer { stack.top = base }
        pushInternal("completions")
        stack.push(word)
        if inString {
            stack.push(.table(LuaTable(sequence: namesInStatusLog.map(LuaValue.string))))
        } else {
            stack.push(LuaValue.nil)
        }
        guard (try? call(arguments: 2, results: 1)) != nil, case .table(let list)? = try? stack.value(at: -1) else { return [] }
        return list.sequence.compactMap(\.stringValue)
    }

    /// Tells the prelude's completion the fields and methods of floe's objects.
    func registerMembersForCompletion() {
        let stack = LuaStack(state)
        lua_getfield(state, clua_registryindex(), RegistryKey.internals)
        var members = LuaTable()
        for (name, methods, fields) in [
            (ApplicationType.type.name, ApplicationType.type.methods.map(\.name),
             Array(ApplicationType.type.fields.keys) + Array(ApplicationType.type.objectFields.keys)),
            (JobType.type.name, JobType.type.methods.map(\.name),
             Array(JobType.type.fields.keys) + Array(JobType.type.objectFields.keys)),
        ] {
            var entry = LuaTable()
            entry["methods"] = .table(LuaTable(sequence: methods.sorted().map(LuaValue.string)))
            entry["fields"] = .table(LuaTable(sequence: fields.sorted().map(LuaValue.string)))
            members[name] = .table(entry)
        }
        stack.push(.table(members))
        stack.rawSetField(-2, "members")
        stack.pop()
    }
}
