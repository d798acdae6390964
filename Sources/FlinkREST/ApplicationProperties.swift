import Foundation

/// An application's runtime properties as the service hands them to its job: the property
/// groups as a JSON file in the service's format — `[{"PropertyGroupId": …, "PropertyMap":
/// {…}}]`, what `KinesisAnalyticsRuntime.getApplicationProperties()` reads from
/// `/etc/flink/application_properties.json` on the service. floe cannot write that one
/// path for every job of a shared machine, so it writes one file per job and names it in
/// the job's program arguments: `--application-properties FILE`. A job written for the
/// service reads the file it is given (`KinesisAnalyticsRuntime.getApplicationProperties(file)`),
/// the service's own otherwise.
enum ApplicationProperties {
    static let argument = "--application-properties"

    /// Writes `groups` as `folder/<name>.json` (groups in name order, keys sorted): its path.
    static func write(_ groups: [String: [String: String]], into folder: String, as name: String) throws(FlinkError) -> String {
        struct Group: Encodable {
            let PropertyGroupId: String
            let PropertyMap: [String: String]
        }
        let path = "\(folder)/\(name).json"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let file = try encoder.encode(groups.keys.sorted().map { Group(PropertyGroupId: $0, PropertyMap: groups[$0] ?? [:]) })
            try file.write(to: URL(fileURLWithPath: path))
        } catch {
            throw FlinkError("cannot write the job's runtime properties to \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// The program arguments that name the file.
    static func arguments(_ path: String) -> [String] { [argument, path] }
}
