import CLua
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C. The signal handler only sets a flag in the context (lua.c's `laction`); the
/// count hook turns it into an `Interrupted` error in Lua code, and the scheduler loop
/// (`floe.sleep`, waits) checks the same flag, because time spent in Swift never reaches
/// the hook.
extension LuaRuntime {
    /// Asks the running Lua code to stop, as Ctrl-C does.
    public func interrupt() { context.pointee.interrupt = 1 }

    /// Consumes a pending interrupt: true if there was one.
    func takeInterrupt() -> Bool {
        guard context.pointee.interrupt != 0 else { return false }
        context.pointee.interrupt = 0
        return true
    }

    static let interruptedError = FloeError(code: FloeError.Code.interrupted, message: "stopped by Ctrl-C")

    /// Listens for SIGINT around the outermost protected call, like lua.c's `docall`, and
    /// gives back whatever listened before (SIG_DFL, or the line editor's at the prompt).
    func listenForInterrupts(_ on: Bool) {
        guard catchesInterrupts else { return }
        interruptTarget = on ? context : nil
        guard on else {
            sigaction(SIGINT, &interruptedBefore, nil)
            return
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = onInterrupt
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART  // as signal(3) does
        sigaction(SIGINT, &action, &interruptedBefore)
        // A parent may hand down SIGINT blocked (test runners do); Ctrl-C must still arrive.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}

/// The context Ctrl-C is aimed at (one runtime at a time listens: the command line's).
nonisolated(unsafe) private var interruptTarget: UnsafeMutablePointer<clua_Context>?
/// What handled SIGINT before the outermost call began listening.
nonisolated(unsafe) private var interruptedBefore = sigaction()

/// lua.c's `laction`: flag the interrupt and restore the default, so that a second Ctrl-C
/// stops a process stuck where the hook cannot reach.
private let onInterrupt: @convention(c) (Int32) -> Void = { signal in
    Glibc.signal(signal, SIG_DFL)
    interruptTarget?.pointee.interrupt = 1
}
