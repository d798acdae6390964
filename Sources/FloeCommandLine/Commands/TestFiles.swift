#if canImport(Glibc)
import Glibc
#endif

/// The files `floe test` runs: each path that is a file, and the `*_test.lua` files in
/// each path that is a folder (its subfolders too, but not hidden ones such as `.build`),
/// in name order.
enum TestFiles {
    struct NotFound: Error {
        let message: String
    }

    static func find(_ paths: [String]) throws(NotFound) -> [String] {
        var files: [String] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw NotFound(message: "cannot find '\(path)': \(String(cString: strerror(errno)))")
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                let found = walk(path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path)
                files += found.sorted()
            } else {
                files.append(path)
            }
        }
        return files
    }

    private static func walk(_ folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var found: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(".") { continue }
            let path = folder == "." ? name : "\(folder)/\(name)"
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                found += walk(path)
            } else if name.hasSuffix("_test.lua") {
                found.append(path)
            }
        }
        return found
    }
}
