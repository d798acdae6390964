import JobRuntime
import Lifecycle
#if canImport(Glibc)
import Glibc
#endif

/// Application code as job scripts: the lifecycle engine asks it for the job graph of an
/// application version; it builds the graph from the script with the version's properties.
/// Each application's `collect` sinks keep their values across its runs.
final class LuaCodeLoader: CodeLoader {
    let options: HostOptions
    /// Application → sink name → what its collect sinks committed, across runs.
    private(set) var collectors: [String: [String: Collector]] = [:]

    init(options: HostOptions) { self.options = options }

    func exists(_ code: String) -> Bool { access(code, R_OK) == 0 }

    /// A path made absolute beside the calling script, or relative to the working folder
    /// (at the prompt and in `-e`): which, and the rule.
    func whereLooked(for code: String) -> String? {
        if code.hasPrefix("/") {
            return "no readable file there; a relative code path is read beside the script that names it"
        }
        var buffer = [CChar](repeating: 0, count: 4096)
        let folder = getcwd(&buffer, buffer.count) != nil
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "."
        return "looked in the working folder \(folder): at the prompt and in -e a relative code path is read from there, in a script beside the script"
    }

    /// A `.jar` is a jar (a Flink cluster runs it, its entry class the manifest's or the run
    /// options' `class`, its runtime properties handed to it); anything else is a job script.
    /// A PyFlink program (the run options' `python`) is refused: floe does not run one.
    func code(for application: String, configuration: ApplicationConfiguration) throws(LifecycleError) -> JobCode {
        let runOptions = configuration.properties[JarProgram.runOptionsGroup] ?? [:]
        if let python = runOptions["python"] {
            throw LifecycleError(.codeValidation, "\(application) is a PyFlink program (\(JarProgram.runOptionsGroup) names python = \(python)), "
                                 + "which floe does not run: give it a jar, or a job script")
        }
        guard configuration.code.hasSuffix(".jar") else { return .graph(try graph(for: application, configuration: configuration)) }
        return .jar(JarProgram(path: configuration.code, entryClass: runOptions["class"], parallelism: configuration.parallelism,
                               properties: configuration.properties))
    }

    func graph(for application: String, configuration: ApplicationConfiguration) throws(LifecycleError) -> JobGraph {
        var properties = LuaTable()
        for (group, values) in configuration.properties {
            var table = LuaTable()
            for (key, value) in values { table[key] = .string(value) }
            properties[group] = .table(table)
        }
        do {
            let script = try JobScript(path: configuration.code, properties: properties, options: options)
            var sinks = collectors[application] ?? [:]
            defer { collectors[application] = sinks }
            return try script.buildGraph(name: application, parallelism: configuration.parallelism, collectors: &sinks)
        } catch {
            throw LifecycleError(.codeValidation, error.message)
        }
    }
}
