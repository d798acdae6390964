import Foundation
import JobRuntime

/// One of floe's job graphs as floe's runner (`flink-runner/floe/FloeRunner.java`) reads it:
/// JSON in one program argument (`--graph JSON`). Only built-in operators cross: a graph with
/// a Lua function (map, filter, flat_map, reduce, a key function, a generator) or a `collect`
/// sink is refused, naming the operator.
public enum RunnerGraph {
    /// The runner's entry class, in the jar `bin/setup --flink` builds.
    static let entryClass = "floe.FloeRunner"

    /// The graph as JSON, with the job's checkpoint interval (milliseconds; 0: none).
    /// Errors: UnsupportedOperation naming the first operator the runner cannot build.
    public static func json(_ graph: JobGraph, checkpointInterval: Double?, on cluster: String) throws(JobError) -> String {
        var nodes: [String] = []
        for node in graph.nodes {
            var fields: [(String, String)] = [
                ("id", String(node.id)), ("name", quoted(node.name)), ("uid", quoted(node.uid ?? "floe-\(node.id)")),
                ("input", node.input.map(String.init) ?? "null"), ("parallelism", node.parallelism.map(String.init) ?? "null"),
            ]
            func refuse(_ what: String) -> JobError {
                JobError(code: JobError.Code.unsupported,
                         message: "\(cluster) cannot run '\(node.name)' (\(what)): on a cluster a job script may use built-in operators only "
                            + "(sequence, values and lines sources; key_by a field or modulo; sum, min, max, count; tumbling windows of those; "
                            + "print, discard and write_text sinks)")
            }
            switch node.kind {
            case .source(let source, let rate):
                if let rate { fields.append(("rate", number(rate))) }
                switch source {
                case .sequence(let from, let to): fields += [("kind", quoted("sequence")), ("from", String(from)), ("to", String(to))]
                case .values(let values): fields += [("kind", quoted("values")), ("values", "[" + values.map(json).joined(separator: ",") + "]")]
                case .lines(let path): fields += [("kind", quoted("lines")), ("path", quoted(absolute(path)))]
                case .generator: throw refuse("a generator calls a Lua function")
                }
            case .map: throw refuse("map calls a Lua function")
            case .filter: throw refuse("filter calls a Lua function")
            case .flatMap: throw refuse("flat_map calls a Lua function")
            case .reduce: throw refuse("reduce calls a Lua function")
            case .keyBy(let selector):
                fields.append(("kind", quoted("key_by")))
                switch selector {
                case .identity: fields.append(("selector", quoted("identity")))
                case .field(.index(let i)): fields += [("selector", quoted("index")), ("index", String(i))]
                case .field(.name(let name)): fields += [("selector", quoted("field")), ("field", quoted(name))]
                case .modulo(let n): fields += [("selector", quoted("modulo")), ("modulo", String(n))]
                case .function: throw refuse("its key is a Lua function")
                }
            case .aggregate(let aggregation):
                fields += [("kind", quoted("aggregate"))] + self.aggregation(aggregation)
            case .window(let size, .aggregate(let aggregation)):
                fields += [("kind", quoted("window")), ("size", number(size))] + self.aggregation(aggregation)
            case .window(_, .reduce):
                throw refuse("its windows reduce with a Lua function")
            case .sink(.print): fields.append(("kind", quoted("print")))
            case .sink(.discard): fields.append(("kind", quoted("discard")))
            case .sink(.file(let directory)): fields += [("kind", quoted("file")), ("directory", quoted(absolute(directory)))]
            case .sink(.collect): throw refuse("a collect sink keeps its records in floe")
            }
            nodes.append(object(fields))
        }
        return object([
            ("name", quoted(graph.name)), ("mode", quoted(graph.effectiveMode.rawValue)),
            ("maxParallelism", graph.maxParallelism.map(String.init) ?? "null"),
            ("checkpointInterval", String(Int64(((checkpointInterval ?? 0) * 1000).rounded()))),
            ("nodes", "[" + nodes.joined(separator: ",") + "]"),
        ])
    }

    /// A path as the cluster must be given it: relative ones are floe's working folder's, as
    /// the embedded runtime reads and writes them (the cluster's own working folder is not).
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    private static func aggregation(_ aggregation: Aggregation) -> [(String, String)] {
        var fields = [("function", quoted(aggregation.function.rawValue))]
        switch aggregation.field {
        case .index(let i): fields.append(("fieldIndex", String(i)))
        case .name(let name): fields.append(("fieldName", quoted(name)))
        case nil: break
        }
        return fields
    }

    /// A value as JSON the runner reads back as floe's: integers without a point, floats
    /// always with one (or an exponent), so that 2 and 2.0 stay apart.
    static func json(_ value: Value) -> String {
        switch value {
        case .nil: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): number(d)
        case .string(let s): quoted(s)
        case .list(let items): "[" + items.map(json).joined(separator: ",") + "]"
        case .map(let entries): object(entries.keys.sorted().map { ($0, json(entries[$0]!)) })
        }
    }

    private static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        let text = String(d)
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    private static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    static func quoted(_ s: String) -> String { JSONText.quoted(s) }
}
