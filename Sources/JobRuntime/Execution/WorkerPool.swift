import Clock

#if canImport(Glibc)
import Glibc
#endif

/// A fixed set of workers that run one round at a time: `run` hands every worker the same
/// body, each calls it with its own number, and `run` returns when all are done. Worker 0
/// is the thread that calls `run` (the control plane's); workers 1… are threads of the
/// pool. Work is pinned (the data plane gives subtask i to worker i % n), so whatever a
/// subtask holds — a Lua state — stays on one thread for its whole life.
final class WorkerPool: @unchecked Sendable {
    let count: Int
    private var threads: [pthread_t] = []
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let done = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled whenever a piece of a stream (`start`) has run.
    private let progress = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var generation = 0
    private var running = 0
    private var stopping = false
    /// After `shutdown`: every round and stream runs on the calling thread.
    private(set) var isShutDown = false
    private var body: (@Sendable (Int) -> Void)?
    fileprivate var stream = Stream()

    /// `count` workers (the caller and count − 1 threads); 0 or 1 runs every round on the
    /// calling thread.
    init(count: Int) {
        self.count = count
        pthread_mutex_init(lock, nil)
        pthread_cond_init(wake, nil)
        pthread_cond_init(done, nil)
        pthread_cond_init(progress, nil)
        for worker in 1..<max(1, count) {
            let box = Unmanaged.passRetained(WorkerStart(pool: self, worker: worker)).toOpaque()
            var thread = pthread_t()
            pthread_create(&thread, nil, { raw in
                let start = Unmanaged<WorkerStart>.fromOpaque(raw!).takeRetainedValue()
                start.pool.loop(start.worker)
                return nil
            }, box)
            threads.append(thread)
        }
    }

    /// Runs `body(w)` for every worker w (body(0) on this thread) and waits for all of them.
    func run(_ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1, !isShutDown else {
            for worker in 0..<max(1, count) { body(worker) }
            return
        }
        finish()  // an instant's owned work still on its way runs first
        pthread_mutex_lock(lock)
        self.body = body
        running = count - 1
        generation += 1
        pthread_cond_broadcast(wake)
        pthread_mutex_unlock(lock)
        body(0)
        pthread_mutex_lock(lock)
        while running > 0 { pthread_cond_wait(done, lock) }
        self.body = nil
        pthread_mutex_unlock(lock)
    }

    /// Ends the threads (after the current round); later rounds run on the calling thread.
    /// A thread holds its pool while it runs, so the pool's owner calls this, not `deinit`.
    func shutdown() {
        guard !threads.isEmpty else { return }
        finish()
        isShutDown = true
        pthread_mutex_lock(lock)
        stopping = true
        pthread_cond_broadcast(wake)
        pthread_mutex_unlock(lock)
        for thread in threads { pthread_join(thread, nil) }
        threads.removeAll()
    }

    deinit {
        shutdown()
        pthread_mutex_destroy(lock)
        pthread_cond_destroy(wake)
        pthread_cond_destroy(done)
        pthread_cond_destroy(progress)
        lock.deallocate()
        wake.deallocate()
        done.deallocate()
        progress.deallocate()
    }

    private func loop(_ worker: Int) {
        var seen = 0
        pthread_mutex_lock(lock)
        while true {
            while generation == seen && !stopping { pthread_cond_wait(wake, lock) }
            if stopping { break }
            seen = generation
            let body = self.body!
            pthread_mutex_unlock(lock)
            body(worker)
            pthread_mutex_lock(lock)
            running -= 1
            if running == 0 { pthread_cond_signal(done) }
        }
        pthread_mutex_unlock(lock)
    }

    private final class WorkerStart {
        let pool: WorkerPool
        let worker: Int
        init(pool: WorkerPool, worker: Int) {
            self.pool = pool
            self.worker = worker
        }
    }
}

/// A stream: an instant's owned work (`Clock.schedule(at:work:then:)`), taken in order by
/// the pool's threads while the clock's thread runs the actions, taking pieces itself when
/// the one it needs next has not been taken. Unlike a round, work is not pinned: owned work
/// touches no thread-bound state (a job's step runs there only when its plane is thread-free).
extension WorkerPool: WorkRunner {
    func start(_ works: [OwnedWork]) {
        guard count > 1, !isShutDown else {
            stream = Stream(works: works)
            return
        }
        finish()
        pthread_mutex_lock(lock)
        stream = Stream(works: works)
        body = { [unowned self] _ in
            while let piece = take(nil) { run(piece) }
        }
        running = count - 1
        generation += 1
        pthread_cond_broadcast(wake)
        pthread_mutex_unlock(lock)
    }

    func wait(for index: Int) {
        while true {
            // The piece itself if nobody has it, else help with the next one while it runs.
            if let piece = take(index) ?? take(nil) {
                run(piece)
                continue
            }
            pthread_mutex_lock(lock)
            // (A stream that `run` or `finish` drained in the meantime has run every piece.)
            while stream.isActive && !stream.done[index] { pthread_cond_wait(progress, lock) }
            pthread_mutex_unlock(lock)
            return
        }
    }

    func finish() {
        pthread_mutex_lock(lock)
        let active = stream.isActive
        pthread_mutex_unlock(lock)
        guard active else { return }
        while let piece = take(nil) { run(piece) }
        pthread_mutex_lock(lock)
        while running > 0 { pthread_cond_wait(done, lock) }
        body = nil
        stream = Stream()
        pthread_mutex_unlock(lock)
    }

    /// Takes piece `index` if nobody has (nil: it is done or being run), or with nil the
    /// first piece nobody has taken.
    private func take(_ index: Int?) -> (index: Int, work: OwnedWork)? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let index {
            guard stream.isActive, !stream.taken[index] else { return nil }
            stream.taken[index] = true
            return (index, stream.works[index])
        }
        while stream.next < stream.works.count && stream.taken[stream.next] { stream.next += 1 }
        guard stream.next < stream.works.count else { return nil }
        stream.taken[stream.next] = true
        return (stream.next, stream.works[stream.next])
    }

    private func run(_ piece: (index: Int, work: OwnedWork)) {
        piece.work.run()
        pthread_mutex_lock(lock)
        stream.done[piece.index] = true
        pthread_cond_broadcast(progress)
        pthread_mutex_unlock(lock)
    }
}

/// The state of a stream, changed only under the pool's lock (`works` only by `start`).
struct Stream {
    var works: [OwnedWork] = []
    var taken: [Bool] = []
    var done: [Bool] = []
    /// No piece before it is free.
    var next = 0

    init(works: [OwnedWork] = []) {
        self.works = works
        taken = Array(repeating: false, count: works.count)
        done = taken
    }

    var isActive: Bool { !works.isEmpty }
}
