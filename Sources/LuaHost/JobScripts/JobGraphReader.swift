import JobRuntime

/// Turns the plain description a job script's environment gives (`job.lua`'s `describe`)
/// into the runtime's `JobGraph`.
struct JobGraphReader {
    let script: JobScript
    let description: LuaTable
    let name: String
    let parallelism: Int

    func graph(collectors: inout [String: Collector]) throws(FloeError) -> JobGraph {
        let settings = description["settings"].tableValue ?? LuaTable()
        var graph = JobGraph(name: name, parallelism: settings["parallelism"].intValue ?? parallelism,
                             maxParallelism: settings["max_parallelism"].intValue)
        if let mode = settings["mode"].stringValue {
            guard let parsed = RuntimeMode(rawValue: mode.uppercased()) else {
                throw invalid("runtime mode '\(mode)' is not one of STREAMING, BATCH, AUTOMATIC")
            }
            graph.mode = parsed
        }
        let nodes = description["nodes"].tableValue?.sequence ?? []
        guard !nodes.isEmpty else { throw invalid("the job script \(script.path) built no dataflow") }
        for item in nodes {
            let node = item.tableValue ?? LuaTable()
            let input = node["input"].intValue.map { $0 - 1 }
            let id = graph.add(try operation(node, collectors: &collectors), input: input,
                               name: node["name"].stringValue, uid: node["uid"].stringValue,
                               parallelism: node["parallelism"].intValue,
                               costPerRecord: node["cost"].doubleValue ?? 1e-6)
            precondition(id == (node["id"].intValue ?? 0) - 1, "job.lua numbers nodes from 1 in order")
            if let load = node["load"].tableValue { graph.shape(id, Self.load(load)) }
        }
        return graph
    }

    /// A `stream:load` table (checked by job.lua) as a load shape.
    static func load(_ t: LuaTable) -> LoadShape {
        let number = { (field: String) in t[field].doubleValue ?? 0 }
        switch t["kind"].stringValue {
        case "ramp": return .ramp(from: number("from"), to: number("to"), start: number("start"), over: number("over"))
        case "cycle": return .cycle(amplitude: number("amplitude"), period: number("period"), peak: number("peak"))
        case "steps":
            return .steps((t["steps"].tableValue?.sequence ?? []).map { step in
                LoadStep(at: step.tableValue?["at"].doubleValue ?? 0, factor: step.tableValue?["factor"].doubleValue ?? 1)
            })
        default: return .constant
        }
    }

    private func operation(_ node: LuaTable, collectors: inout [String: Collector]) throws(FloeError) -> Operator {
        let kind = node["kind"].stringValue ?? ""
        let rate = node["rate"].doubleValue
        func function() -> LuaJobFunction {
            LuaJobFunction(script: script, index: node["fn_index"].intValue ?? 0,
                           name: "\(kind) (\(node["where"].stringValue ?? script.path))")
        }
        func field(_ value: LuaValue) -> FieldReference? {
            if let i = value.intValue { return .index(i) }
            return value.stringValue.map(FieldReference.name)
        }
        switch kind {
        case "sequence":
            return .source(.sequence(from: Int64(node["from"].intValue ?? 0), to: Int64(node["to"].intValue ?? 0)), rate: rate)
        case "values":
            let values: [Value]
            do { values = try (node["values"].tableValue?.sequence ?? []).map { (v) throws(JobError) in try Value(v) } } catch {
                throw invalid("from_values: \(error.message)")
            }
            return .source(.values(values), rate: rate)
        case "lines":
            return .source(.lines(path: node["path"].stringValue ?? ""), rate: rate)
        case "generator":
            return .source(.generator(function(), count: node["count"].intValue.map(Int64.init)), rate: rate)
        case "map": return .map(function())
        case "filter": return .filter(function())
        case "flat_map": return .flatMap(function())
        case "reduce": return .reduce(function())
        case "key_by":
            switch node["selector"].stringValue {
            case "index": return .keyBy(.field(.index(node["index"].intValue ?? 1)))
            case "field": return .keyBy(.field(.name(node["field"].stringValue ?? "")))
            case "modulo": return .keyBy(.modulo(Int64(node["modulo"].intValue ?? 1)))
            case "function": return .keyBy(.function(function()))
            default: return .keyBy(.identity)
            }
        case "aggregate":
            let function = Aggregation.Function(rawValue: node["fn_name"].stringValue ?? "") ?? .sum
            return .aggregate(Aggregation(function, field: field(node["field"])))
        case "window":
            let size = node["size"].doubleValue ?? 1
            if node["fn_index"] != .nil { return .window(size: size, .reduce(function())) }
            let function = Aggregation.Function(rawValue: node["fn_name"].stringValue ?? "") ?? .sum
            return .window(size: size, .aggregate(Aggregation(function, field: field(node["field"]))))
        case "print": return .sink(.print)
        case "discard": return .sink(.discard)
        case "collect":
            let name = node["collect"].stringValue ?? ""
            let collector = collectors[name] ?? Collector()
            collectors[name] = collector
            return .sink(.collect(collector))
        case "write_text": return .sink(.file(directory: node["path"].stringValue ?? ""))
        default:
            throw invalid("unknown operator '\(kind)'")
        }
    }

    private func invalid(_ message: String) -> FloeError {
        FloeError(code: JobError.Code.invalidGraph, message: message)
    }
}

extension LuaValue {
    var intValue: Int? { if case .integer(let i) = self { Int(exactly: i) } else { nil } }
}
