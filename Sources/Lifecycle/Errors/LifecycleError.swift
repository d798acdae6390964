/// The service's errors (spec §3.2): the name is the code Lua scripts branch on, the
/// message says what was wrong and what is allowed.
public struct LifecycleError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    public enum Code: String, Sendable, CaseIterable {
        case resourceNotFound = "ResourceNotFoundException"
        case resourceInUse = "ResourceInUseException"
        case invalidArgument = "InvalidArgumentException"
        case invalidRequest = "InvalidRequestException"
        case invalidApplicationConfiguration = "InvalidApplicationConfigurationException"
        case concurrentModification = "ConcurrentModificationException"
        case limitExceeded = "LimitExceededException"
        case codeValidation = "CodeValidationException"
        case tooManyTags = "TooManyTagsException"
        case unsupportedOperation = "UnsupportedOperationException"
        /// Not the service's: boto3's own refusal of a request that does not fit the
        /// operation's shape (a missing or unknown member, a wrong type), before sending it.
        case paramValidation = "ParamValidationError"
    }
}
