extension LifecycleEngine {
    /// AddApplicationCloudWatchLoggingOption (spec §4.1, §11.1): a log stream for the
    /// application; a new version, with no restart (floe's status log is what the stream
    /// would carry). Allowed where UpdateApplication is.
    /// Errors: ResourceNotFoundException, ResourceInUseException,
    /// ConcurrentModificationException, InvalidArgumentException (not an ARN, or a stream
    /// the application already has).
    @discardableResult
    public func addCloudWatchLoggingOption(_ name: String, logStreamARN: String, currentVersionId: Int? = nil,
                                           conditionalToken: String? = nil) throws(LifecycleError) -> (option: CloudWatchLoggingOption, operation: String) {
        let app = try application(name)
        try checkAllowed(.update, app)
        try checkCurrent(app, versionId: currentVersionId, token: conditionalToken)
        guard logStreamARN.hasPrefix("arn:") else {
            throw LifecycleError(.invalidArgument, "LogStreamARN must be an ARN (arn:aws:logs:…); got '\(logStreamARN)'.")
        }
        guard !app.configuration.cloudWatchLoggingOptions.contains(where: { $0.logStreamARN == logStreamARN }) else {
            throw LifecycleError(.invalidArgument, "Application \(name) already logs to \(logStreamARN).")
        }
        var configuration = app.configuration
        let option = CloudWatchLoggingOption(id: "\(app.versionId + 1).\(configuration.cloudWatchLoggingOptions.count + 1)",
                                             logStreamARN: logStreamARN)
        configuration.cloudWatchLoggingOptions.append(option)
        let operation = changeConfiguration(app, to: configuration, operation: "AddApplicationCloudWatchLoggingOption")
        return (option, operation)
    }

    /// DeleteApplicationCloudWatchLoggingOption: removes a log stream by its id; a new version.
    /// Errors: as Add, and ResourceNotFoundException for an unknown id.
    @discardableResult
    public func deleteCloudWatchLoggingOption(_ name: String, optionId: String, currentVersionId: Int? = nil,
                                              conditionalToken: String? = nil) throws(LifecycleError) -> String {
        let app = try application(name)
        try checkAllowed(.update, app)
        try checkCurrent(app, versionId: currentVersionId, token: conditionalToken)
        var configuration = app.configuration
        guard let index = configuration.cloudWatchLoggingOptions.firstIndex(where: { $0.id == optionId }) else {
            throw LifecycleError(.resourceNotFound, "Application \(name) has no CloudWatch logging option \(optionId).")
        }
        configuration.cloudWatchLoggingOptions.remove(at: index)
        return changeConfiguration(app, to: configuration, operation: "DeleteApplicationCloudWatchLoggingOption")
    }

    /// A configuration change that needs no redeploy: the next version, at once, as a
    /// successful operation.
    private func changeConfiguration(_ app: Application, to configuration: ApplicationConfiguration, operation name: String) -> String {
        let operation = beginOperation(app, name)
        let previous = app.versionId
        app.versionUpdatedFrom = previous
        app.addVersion(configuration, runtime: app.runtime, at: now)
        app.setVersionChange(of: operation, from: previous)
        endOperation(app, operation, .successful)
        return operation
    }
}
