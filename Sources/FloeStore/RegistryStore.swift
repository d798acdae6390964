#if canImport(Glibc)
import Glibc
#endif
import Foundation
internal import GRDB
import Lifecycle

/// The registry of a state directory (`--state-dir DIR`): applications, versions,
/// snapshots' metadata, operations, tags, maintenance and logging options, the status log
/// and the engine's counters, in `DIR/floe.sqlite` (SQLite through GRDB). Snapshot data
/// stays in the folders the job runtime writes atomically beside it.
///
/// `save` writes what changed since the last save in one transaction, before the caller
/// answers anyone: a server saves after every request and every clock step that changed
/// something, so whatever a client was told is on disk. WAL with `synchronous = NORMAL`:
/// a commit survives the process being killed at any moment (the file system has it);
/// only a power cut may lose the last ones.
public final class RegistryStore {
    public static let fileName = "floe.sqlite"
    /// The schema versions this floe knows, oldest first (GRDB's migrations).
    static let schema = "v1"

    public let directory: String
    public let path: String
    private let lock: DirectoryLock
    private let database: DatabaseQueue
    /// What the file holds: each application's generation and revision as last written,
    /// the status log's length, the counters, the clock.
    private var written: [String: (generation: Int, revision: Int)] = [:]
    private var loggedCount = 0
    private var writtenCounters = EngineCounters()
    private var writtenClock = 0.0
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Opens (making it if need be) the registry in `directory`, holding the directory's
    /// lock for as long as the store lives. Refuses a directory it cannot read and write,
    /// one another process holds, and a database a newer floe wrote (changing nothing).
    public init(directory: String, holder: String) throws(StoreError) {
        self.directory = directory
        path = "\(directory)/\(RegistryStore.fileName)"
        try RegistryStore.prepare(directory)
        lock = try DirectoryLock(directory: directory, holder: holder)
        let migrator = RegistryStore.migrator
        // A database a newer floe wrote is refused from a read-only look, which writes
        // nothing (opening it for writing would already fold its log into it).
        if access(path, F_OK) == 0 {
            do {
                var look = Configuration()
                look.readonly = true
                let reader = try DatabaseQueue(path: path, configuration: look)
                let newer = try reader.read { db in try migrator.hasBeenSuperseded(db) ? try migrator.appliedIdentifiers(db).sorted() : nil }
                try reader.close()
                if let newer {
                    throw StoreError("\(path) was written by a newer floe (its schema has \(newer.joined(separator: ", ")); this floe knows \(RegistryStore.schema)); nothing was changed")
                }
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError("cannot read \(path): \(RegistryStore.reason(error)); nothing was changed")
            }
        }
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            try migrator.migrate(database)
        } catch {
            throw StoreError("cannot open \(path): \(RegistryStore.reason(error))")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "application") { t in
                t.primaryKey("name", .text)
                t.column("generation", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("record", .text).notNull()   // ApplicationRecord as JSON
            }
            try db.create(table: "status_log") { t in
                t.primaryKey("seq", .integer)
                t.column("time", .double).notNull()
                t.column("application", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("subject", .text).notNull()
                t.column("from_status", .text).notNull()
                t.column("to_status", .text).notNull()
                t.column("cause", .text)
            }
            try db.create(table: "registry") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        return migrator
    }

    /// Makes the directory if it is missing; refuses one that is not a directory or that
    /// this process may not read and write.
    private static func prepare(_ directory: String) throws(StoreError) {
        var info = stat()
        if stat(directory, &info) != 0 {
            guard errno == ENOENT else { throw StoreError("cannot use \(directory): \(String(cString: strerror(errno)))") }
            var partial = directory.hasPrefix("/") ? "" : "."
            for component in directory.split(separator: "/") {
                partial += "/" + component
                if mkdir(partial, 0o755) != 0 && errno != EEXIST {
                    throw StoreError("cannot make the state directory \(partial): \(String(cString: strerror(errno)))")
                }
            }
            return
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw StoreError("\(directory) is not a directory") }
        guard access(directory, R_OK | W_OK | X_OK) == 0 else {
            throw StoreError("cannot use \(directory): \(String(cString: strerror(errno))) (floe needs to read and write it)")
        }
    }

    // MARK: reading

    /// What the registry holds (empty for a new one), and the service epoch it ran on.
    public func load() throws(StoreError) -> (state: RegistryState, epoch: Double?) {
        let decoder = JSONDecoder()
        do {
            let (state, epoch) = try database.read { db -> (RegistryState, Double?) in
                var state = RegistryState()
                for row in try Row.fetchAll(db, sql: "SELECT name, record FROM application ORDER BY name") {
                    let text: String = row["record"]
                    state.applications.append(try decoder.decode(ApplicationRecord.self, from: Data(text.utf8)))
                }
                for row in try Row.fetchAll(db, sql: "SELECT * FROM status_log ORDER BY seq") {
                    let subjectText: String = row["subject"]
                    guard let subject = StatusSubject(description: subjectText) else {
                        throw StoreError("\(path): status_log row \(row["seq"] as Int) has an unknown subject '\(subjectText)'")
                    }
                    state.statusLog.append(StatusLogEntry(time: row["time"], application: row["application"], version: row["version"],
                                                          subject: subject, from: row["from_status"], to: row["to_status"],
                                                          cause: row["cause"]))
                }
                let values = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM registry").map {
                    ($0["key"] as String, $0["value"] as String)
                })
                if let counters = values["counters"] { state.counters = try decoder.decode(EngineCounters.self, from: Data(counters.utf8)) }
                state.clockSeconds = values["clock"].flatMap(Double.init) ?? 0
                return (state, values["epoch"].flatMap(Double.init))
            }
            for record in state.applications { written[record.name] = (record.generation, -1) }
            loggedCount = state.statusLog.count
            writtenCounters = state.counters
            writtenClock = state.clockSeconds
            return (state, epoch)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("cannot read \(path): \(RegistryStore.reason(error))")
        }
    }

    // MARK: writing

    /// Writes, in one transaction, every application whose revision changed since the last
    /// save (and removes the deleted ones), the status log's new rows, and the counters;
    /// the clock and the epoch with them, or alone when `clockMoved` (an acknowledged
    /// advance). Writes nothing when nothing changed. Returns whether it wrote.
    @discardableResult
    public func save(_ engine: LifecycleEngine, clockSeconds: Double, epoch: Double, clockMoved: Bool = false) throws(StoreError) -> Bool {
        let applications = engine.applicationsByName
        var changed: [Application] = []
        for (name, app) in applications {
            if let last = written[name], last.generation == app.generation, last.revision == app.revision { continue }
            changed.append(app)
        }
        let deleted = written.keys.filter { applications[$0] == nil }
        let log = engine.statusLog
        let counters = engine.counters
        guard !changed.isEmpty || !deleted.isEmpty || log.count > loggedCount || counters != writtenCounters
            || (clockMoved && clockSeconds != writtenClock) else { return false }
        let rows: [(Application, String)], countersText: String
        do {
            rows = try changed.map { ($0, String(decoding: try encoder.encode($0.record), as: UTF8.self)) }
            countersText = String(decoding: try encoder.encode(counters), as: UTF8.self)
        } catch {
            throw StoreError("cannot encode the registry for \(path): \(error)")
        }
        let newEntries = log[loggedCount...]
        let first = loggedCount
        do {
            try database.write { db in
                for (app, record) in rows {
                    try db.execute(sql: """
                        INSERT INTO application (name, generation, status, version, record) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(name) DO UPDATE SET generation = excluded.generation, status = excluded.status,
                            version = excluded.version, record = excluded.record
                        """, arguments: [app.name, app.generation, app.status.rawValue, app.versionId, record])
                }
                for name in deleted { try db.execute(sql: "DELETE FROM application WHERE name = ?", arguments: [name]) }
                for (offset, entry) in newEntries.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO status_log (seq, time, application, version, subject, from_status, to_status, cause)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [first + offset + 1, entry.time, entry.application, entry.version, entry.subject.description,
                                         entry.from, entry.to, entry.cause])
                }
                for (key, value) in [("counters", countersText), ("clock", String(clockSeconds)), ("epoch", String(epoch))] {
                    try db.execute(sql: "INSERT INTO registry (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                   arguments: [key, value])
                }
            }
        } catch {
            throw StoreError("cannot write \(path): \(RegistryStore.reason(error))")
        }
        for app in changed { written[app.name] = (app.generation, app.revision) }
        for name in deleted { written[name] = nil }
        loggedCount = log.count
        writtenCounters = counters
        writtenClock = clockSeconds
        return true
    }

    /// SQLite's reason, as people read it ("database or disk is full").
    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
