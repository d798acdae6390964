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
    private var generation = 0
    private var running = 0
    private var stopping = false
    private var body: (@Sendable (Int) -> Void)?

    /// `count` workers (the caller and count − 1 threads); 0 or 1 runs every round on the
    /// calling thread.
    init(count: Int) {
        self.count = count
        pthread_mutex_init(lock, nil)
        pthread_cond_init(wake, nil)
        pthread_cond_init(done, nil)
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
        guard count > 1 else {
            body(0)
            return
        }
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

    /// Ends the threads (after the current round).
    func shutdown() {
        guard !threads.isEmpty else { return }
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
        lock.deallocate()
        wake.deallocate()
        done.deallocate()
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
