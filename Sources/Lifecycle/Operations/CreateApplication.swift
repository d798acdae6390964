/// What `CreateApplication` takes (the parts floe acts on).
public struct CreateApplicationRequest: Sendable {
    public var name: String
    public var runtime: String
    public var serviceExecutionRole: String
    public var description = ""
    public var configuration: ApplicationConfiguration
    public var tags: [String: String] = [:]

    public init(name: String, runtime: String, serviceExecutionRole: String, configuration: ApplicationConfiguration) {
        self.name = name
        self.runtime = runtime
        self.serviceExecutionRole = serviceExecutionRole
        self.configuration = configuration
    }
}

extension LifecycleEngine {
    /// CreateApplication: a new application in READY, version 1 (spec §2 row 1, §9).
    /// Errors: InvalidArgumentException (a bad value, an unknown or retired runtime, code
    /// that cannot be found), ResourceInUseException (the name is taken),
    /// LimitExceededException (the quota), TooManyTagsException, UnsupportedOperationException
    /// (a SQL or Studio runtime).
    @discardableResult
    public func createApplication(_ request: CreateApplicationRequest) throws(LifecycleError) -> Application {
        try Validation.name(request.name, field: "ApplicationName", maxLength: 128)
        guard let runtime = RuntimeEnvironment(rawValue: request.runtime) else {
            throw LifecycleError(.invalidArgument, "RuntimeEnvironment '\(request.runtime)' is not one of \(RuntimeEnvironment.known.joined(separator: ", ")).")
        }
        guard runtime.isFlink else {
            throw LifecycleError(.unsupportedOperation, "floe runs Apache Flink applications; \(runtime) (SQL or Studio) is not supported.")
        }
        guard settings.allowDeprecatedRuntimes || !RuntimeEnvironment.refusedOnCreate.contains(runtime.rawValue) else {
            throw LifecycleError(.invalidArgument, "RuntimeEnvironment \(runtime) is deprecated and cannot be used for new applications; use FLINK-1_15 or later.")
        }
        guard request.serviceExecutionRole.hasPrefix("arn:"), request.serviceExecutionRole.count <= 2048 else {
            throw LifecycleError(.invalidArgument, "ServiceExecutionRole must be an ARN (arn:…) of at most 2048 characters; got '\(request.serviceExecutionRole)'.")
        }
        guard request.description.count <= 1024 else {
            throw LifecycleError(.invalidArgument, "ApplicationDescription must be at most 1024 characters; got \(request.description.count).")
        }
        try Validation.configuration(request.configuration, maxKPUs: settings.maxKPUs)
        guard request.tags.count <= 50 else {
            throw LifecycleError(.tooManyTags, "An application can have at most 50 tags; got \(request.tags.count).")
        }
        guard applications[request.name] == nil else {
            throw LifecycleError(.resourceInUse, "Application \(request.name) already exists.")
        }
        guard applications.count < settings.applicationQuota else {
            throw LifecycleError(.limitExceeded, "The account already has \(applications.count) applications, its quota in \(settings.region).")
        }
        guard codeLoader.exists(request.configuration.code) else {
            throw codeLoader.missing(request.configuration.code)
        }
        let app = Application(name: request.name,
                              arn: "arn:aws:kinesisanalytics:\(settings.region):\(settings.account):application/\(request.name)",
                              created: now, generation: nextGeneration(request.name), runtime: runtime,
                              configuration: request.configuration, description: request.description,
                              serviceExecutionRole: request.serviceExecutionRole)
        app.tags = request.tags
        applications[app.name] = app
        log(app, subject: .application, from: "", to: ApplicationStatus.ready.rawValue, cause: "CreateApplication")
        return app
    }
}

/// The service's parameter checks, each refusal naming the field and what is allowed.
enum Validation {
    static func name(_ value: String, field: String, maxLength: Int) throws(LifecycleError) {
        let allowed = value.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "." || scalar == "-"
        }
        guard !value.isEmpty, value.count <= maxLength, allowed else {
            throw LifecycleError(.invalidArgument, "\(field) must be 1 to \(maxLength) characters of [a-zA-Z0-9_.-]; got '\(value)'.")
        }
    }

    static func configuration(_ c: ApplicationConfiguration, maxKPUs: Int) throws(LifecycleError) {
        guard (1...256).contains(c.parallelism) else {
            throw LifecycleError(.invalidArgument, "Parallelism must be between 1 and 256; got \(c.parallelism).")
        }
        guard (1...8).contains(c.parallelismPerKPU) else {
            throw LifecycleError(.invalidArgument, "ParallelismPerKPU must be between 1 and 8; got \(c.parallelismPerKPU).")
        }
        guard c.parallelism <= c.parallelismPerKPU * maxKPUs else {
            throw LifecycleError(.limitExceeded, "Parallelism \(c.parallelism) needs more than the \(maxKPUs) KPUs an application may use at \(c.parallelismPerKPU) per KPU.")
        }
        guard c.checkpointIntervalMs > 0, c.minPauseBetweenCheckpointsMs >= 0 else {
            throw LifecycleError(.invalidArgument, "CheckpointInterval must be positive and MinPauseBetweenCheckpoints not negative.")
        }
    }
}
