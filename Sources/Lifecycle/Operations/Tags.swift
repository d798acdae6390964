extension LifecycleEngine {
    /// The application an ARN names (`arn:…:application/<name>`), for the tagging operations.
    public func application(arn: String) throws(LifecycleError) -> Application {
        let marker = ":application/"
        guard arn.hasPrefix("arn:"), let slash = arn.lastIndex(of: "/"), arn[..<slash].hasSuffix(marker.dropLast()) else {
            throw LifecycleError(.invalidArgument, "ResourceARN '\(arn)' is not an application ARN (arn:aws:kinesisanalytics:<region>:<account>:application/<name>).")
        }
        let app = try application(String(arn[arn.index(after: slash)...]))
        guard app.arn == arn else { throw LifecycleError(.resourceNotFound, "No application has the ARN \(arn).") }
        return app
    }

    /// TagResource: adds or replaces tags (keys 1–128 characters, values up to 256, at most
    /// 50 per application). Never changes status or version; refused while DELETING.
    /// Errors: ResourceNotFoundException, ResourceInUseException, InvalidArgumentException,
    /// TooManyTagsException.
    public func tagResource(arn: String, tags: [(key: String, value: String)]) throws(LifecycleError) {
        let app = try application(arn: arn)
        guard app.status != .deleting else { throw LifecycleError(.resourceInUse, "Application \(app.name) is in DELETING status.") }
        guard (1...200).contains(tags.count) else {
            throw LifecycleError(.invalidArgument, "Tags must have 1 to 200 items; got \(tags.count).")
        }
        guard Set(tags.map(\.key)).count == tags.count else {
            throw LifecycleError(.invalidArgument, "Tags must not repeat a key.")
        }
        for (key, value) in tags {
            guard (1...128).contains(key.count), value.count <= 256 else {
                throw LifecycleError(.invalidArgument, "A tag key must be 1 to 128 characters and its value at most 256; got '\(key)'.")
            }
        }
        var merged = app.tags
        for (key, value) in tags { merged[key] = value }
        guard merged.count <= 50 else {
            throw LifecycleError(.tooManyTags, "Application \(app.name) would have \(merged.count) tags; at most 50 are allowed.")
        }
        app.tags = merged
    }

    /// UntagResource: removes tags by key (keys it does not have are ignored).
    public func untagResource(arn: String, keys: [String]) throws(LifecycleError) {
        let app = try application(arn: arn)
        guard app.status != .deleting else { throw LifecycleError(.resourceInUse, "Application \(app.name) is in DELETING status.") }
        guard (1...200).contains(keys.count) else {
            throw LifecycleError(.invalidArgument, "TagKeys must have 1 to 200 items; got \(keys.count).")
        }
        for key in keys { app.tags[key] = nil }
    }
}
