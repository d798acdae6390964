/// The one error type that crosses between Swift and Lua, in both directions.
///
/// In Lua it is a `floe.Error` value with fields `code`, `message`, `where` and
/// `traceback`, printing as `Code: message`; in Swift it is this struct. Codes are the
/// service's error names (`ResourceInUseException`, …) where the service has one, and
/// floe's own kinds otherwise (see `FloeError.Code`).
public struct FloeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The error's name: what `pcall` callers branch on.
    public var code: String
    /// What went wrong, in a sentence.
    public var message: String
    /// `file:line: ` of the Lua code that raised it or called the Swift function that did.
    public var location: String?
    /// Lua's `stack traceback:` text, when the error passed through Lua code.
    public var traceback: String?

    public init(code: String, message: String, location: String? = nil, traceback: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.traceback = traceback
    }

    /// `Code: message`, as `tostring` prints the error in Lua.
    public var description: String { "\(code): \(message)" }

    /// floe's own error kinds (the AWS and Flink names come with the engines that raise them).
    public enum Code {
        /// A Lua runtime error: `error("…")`, a failed operation on a Lua value.
        public static let luaError = "LuaError"
        /// A chunk that does not compile.
        public static let syntaxError = "LuaSyntaxError"
        /// A file that cannot be opened or read.
        public static let fileError = "FileError"
        /// An argument of the wrong type or value, reported the way Lua's own functions do.
        public static let badArgument = "BadArgument"
        /// A function called where its phase does not allow it.
        public static let notAllowed = "NotAllowed"
        /// A value that cannot be carried between Lua and Swift.
        public static let conversion = "ConversionError"
        /// The state's memory cap refused an allocation.
        public static let memoryLimit = "MemoryLimitExceeded"
        /// The machine itself ran out of memory.
        public static let outOfMemory = "OutOfMemory"
        /// The instruction budget ran out.
        public static let instructionLimit = "InstructionLimitExceeded"
        /// Ctrl-C.
        public static let interrupted = "Interrupted"
        /// The virtual clock's watchdog: events kept coming at one instant, time standing still.
        public static let stalled = "Stalled"
        /// A state directory's registry that cannot be opened, read or written (its own words).
        public static let stateDirectory = "StateDirectoryError"
        /// A failure inside the host that has no better name.
        public static let hostError = "HostError"
    }

    /// "bad argument #1 to 'sleep' (number expected, got string)", as Lua words it.
    public static func badArgument(_ position: Int32, to function: String, _ detail: String) -> FloeError {
        FloeError(code: Code.badArgument, message: "bad argument #\(position) to '\(function)' (\(detail))")
    }
}
