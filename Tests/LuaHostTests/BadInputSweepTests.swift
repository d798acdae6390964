import FloeTestSupport
import Foundation
import JobRuntime
import Lifecycle
@testable import LuaHost
import Testing

/// Bad input explored from the service model (issue 12): every member of every `floe.aws`
/// request, at and past its bounds, through the real host. Each case ends in an exact
/// accept or in the refusal the real client or service gives: `ParamValidationError` where
/// boto3 refuses before sending (types, minimums), `InvalidArgumentException` where the
/// service's validation does (maximums, patterns, enums) — never a trap.
@Suite struct BadInputSweepTests {
    /// What the model says a value of a member should meet with.
    enum Expectation: String { case accepted, client, service }

    struct Case {
        let path: [String]
        let value: LuaValue
        let expectation: Expectation
    }

    // MARK: values at and past the bounds

    static let hugeText = String(repeating: "a", count: 10_000)

    /// Values to try for a member of `shape`, with what each should meet with.
    static func values(for shape: APIShape) -> [(LuaValue, Expectation)] {
        let wrongTypes: [LuaValue] = [.boolean(true), .string("1"), .table(LuaTable(sequence: [1]))]
        switch shape {
        case .integer(let min, let max):
            var candidates: [Int64] = [0, -1, min, max, 1 << 31, (1 << 53) + 1, .max, .min]
            if min > .min { candidates.append(min - 1) }
            if max < .max { candidates.append(max + 1) }
            var out: [(LuaValue, Expectation)] = candidates.map { i in
                (.integer(i), i < min ? .client : i > max ? .service : .accepted)
            }
            // Floats are no integers, however whole (boto3 refuses 2.0).
            out += [2.0, 1.5, .infinity, -.infinity, .nan, 9.3e18].map { (.number($0), .client) }
            out += wrongTypes.filter { if case .boolean = $0 { false } else { true } }.map { ($0, .client) }
            return out
        case .string(let min, let max, let pattern):
            var lengths = [0, Swift.max(min, 1), 10_000]
            if max <= 10_000 { lengths += [max, max + 1] }
            var out: [(LuaValue, Expectation)] = lengths.map { n in
                let text = n == 10_000 ? hugeText : String(repeating: "a", count: n)
                return (.string(text), classify(string: text, min: min, max: max, pattern: pattern))
            }
            if pattern != nil { out.append((.string("a b"), classify(string: "a b", min: min, max: max, pattern: pattern))) }
            out += [(.integer(42), .client), (.number(1.5), .client), (.boolean(false), .client)]
            return out
        case .enumeration(let allowed):
            return [(.string(allowed[0]), .accepted), (.string("NOPE"), .service), (.string(""), .service),
                    (.integer(1), .client)]
        case .boolean:
            return [(.boolean(true), .accepted), (.boolean(false), .accepted), (.string("true"), .client), (.integer(1), .client)]
        case .timestamp:
            return [(.number(1_767_225_600), .accepted), (.integer(1_767_225_600), .accepted), (.string("yesterday"), .client),
                    (.number(.nan), .client), (.number(.infinity), .client)]
        case .list(let item, let min, let max):
            var out: [(LuaValue, Expectation)] = [(.table(LuaTable()), min > 0 ? .client : .accepted)]
            let thousand = LuaTable(sequence: Array(repeating: luaValue(base(item)), count: 1000))
            out.append((.table(thousand), 1000 > max ? .service : .accepted))
            out.append((.string("items"), .client))
            return out
        case .map(_, let value, let min, let max):
            var thousand = LuaTable()
            for i in 0..<1000 { thousand["k\(i)"] = luaValue(base(value)) }
            var emptyKey = LuaTable()
            emptyKey[""] = luaValue(base(value))
            return [(.table(LuaTable()), min > 0 ? .client : .accepted), (.table(thousand), 1000 > max ? .service : .accepted),
                    (.table(emptyKey), .client), (.integer(3), .client)]
        case .structure:
            return [(.string("a structure"), .client), (.integer(7), .client)]
        case .unmodeled:
            return []
        }
    }

    static func classify(string text: String, min: Int, max: Int, pattern: APIPattern?) -> Expectation {
        if text.count < min { return .client }
        if text.count > max { return .service }
        if let pattern, !pattern.matches(text) { return .service }
        return .accepted
    }

    // MARK: a valid request to start from

    /// Values the sweep's application makes sense of, by member name.
    static let known: [String: Value] = [
        "ApplicationName": "sums", "ResourceARN": "arn:aws:kinesisanalytics:us-east-1:123456789012:application/sums",
        "BucketARN": "arn:aws:s3:::jobs", "BucketARNUpdate": "arn:aws:s3:::jobs", "FileKey": "running-sums.lua",
        "FileKeyUpdate": "running-sums.lua", "RuntimeEnvironment": "FLINK-1_20", "CurrentApplicationVersionId": 1,
        "ServiceExecutionRole": "arn:aws:iam::123456789012:role/flink", "CodeContentType": "ZIPFILE",
        "CodeContentTypeUpdate": "ZIPFILE", "ApplicationRestoreType": "SKIP_RESTORE_FROM_SNAPSHOT",
        // A Flink application needs its code, though the model makes the block optional.
        "ApplicationConfiguration": .map([
            "ApplicationCodeConfiguration": .map([
                "CodeContentType": "ZIPFILE",
                "CodeContent": .map(["S3ContentLocation": .map(["BucketARN": "arn:aws:s3:::jobs", "FileKey": "running-sums.lua"])]),
            ]),
            "EnvironmentProperties": .map(["PropertyGroups": .list([.map([
                "PropertyGroupId": "numbers", "PropertyMap": .map(["count": "100000", "rate": "100"]),
            ])])]),
        ]),
    ]

    /// The smallest request `shape` takes that the sweep's application makes sense of: its
    /// required members, and the `known` ones, each valid.
    static func base(_ shape: APIShape, name: String = "") -> Value {
        if let value = known[name] { return value }
        switch shape {
        case .structure(let members, let required):
            return .map(Dictionary(uniqueKeysWithValues: members.compactMap { member, memberShape in
                required.contains(member) || known[member] != nil ? (member, base(memberShape, name: member)) : nil
            }))
        case .list(let item, let min, _): return .list(Array(repeating: base(item), count: min))
        case .map(_, let value, let min, _):
            return .map(Dictionary(uniqueKeysWithValues: (0..<min).map { ("k\($0)", base(value)) }))
        case .string(let min, _, let pattern):
            switch pattern {
            case .arn: return "arn:aws:kinesisanalytics:us-east-1:123456789012:application/sums"
            case .time: return "03:00"
            default: return .string(String(repeating: "a", count: max(min, 1)))
            }
        case .enumeration(let allowed): return .string(allowed[0])
        case .integer(let min, let max): return .int(Swift.min(Swift.max(min, 1), max))
        case .boolean: return .bool(true)
        case .timestamp: return .double(1_767_225_600)
        case .unmodeled: return .nil
        }
    }

    /// Every member path under `shape` with the values to try there, the request around it
    /// otherwise `base`.
    static func cases(_ shape: APIShape, path: [String] = []) -> [Case] {
        var out: [Case] = []
        if !path.isEmpty {
            out += values(for: shape).map { Case(path: path, value: $0.0, expectation: $0.1) }
        }
        switch shape {
        case .structure(let members, _):
            for (member, memberShape) in members.sorted(by: { $0.key < $1.key }) {
                out += cases(memberShape, path: path + [member])
            }
        case .list(let item, _, _):
            out += cases(item, path: path + ["[1]"])
        case .map(_, let value, _, _):
            out += cases(value, path: path + ["k0"])
        default:
            break
        }
        return out
    }

    /// The base request with `value` at `path` (the structures and one list item on the way made valid).
    static func request(_ shape: APIShape, named name: String = "", setting value: LuaValue, at path: [String]) -> LuaValue {
        guard let first = path.first else { return value }
        switch shape {
        case .structure(let members, _):
            guard case .table(var table) = luaValue(base(shape, name: name)), let member = members[first] else { return .nil }
            let inner: LuaValue = path.count == 1 ? value : request(member, named: first, setting: value, at: Array(path.dropFirst()))
            table[first] = inner
            return .table(table)
        case .list(let item, _, _):
            return .table(LuaTable(sequence: [request(item, setting: value, at: Array(path.dropFirst()))]))
        case .map(_, let valueShape, _, _):
            var table = LuaTable()
            table[first] = path.count == 1 ? value : request(valueShape, setting: value, at: Array(path.dropFirst()))
            return .table(table)
        default:
            return value
        }
    }

    static func luaValue(_ value: Value) -> LuaValue { value.luaValue }

    // MARK: the sweep

    /// Runs `floe.aws[name](request)` against the application `sums` as it should be for the
    /// case: READY at its current version (the request's version is made current unless the
    /// case is about the version), `fresh` for a CreateApplication. After a request is taken
    /// the application is brought back (stopped, its transient status over, made again).
    static let helpers = """
        local function status()
          local ok, d = pcall(aws.describe_application, { ApplicationName = "sums" })
          return ok and d.ApplicationDetail or nil
        end
        function sweep(name, target)
          local d = status()
          if not d then aws.create_application(create_request("sums")) d = status() end
          if type(request) == "table" then
            if name == "create_application" and request.ApplicationName == "sums" then request.ApplicationName = "fresh" end
            if request.CurrentApplicationVersionId == 1 and target ~= "CurrentApplicationVersionId" then
              request.CurrentApplicationVersionId = d.ApplicationVersionId
            end
          end
          local ok, e = pcall(aws[name], request)
          if ok then
            floe.sleep(600)
            if name == "create_application" then
              local made = aws.describe_application{ ApplicationName = request.ApplicationName }.ApplicationDetail
              aws.delete_application{ ApplicationName = made.ApplicationName, CreateTimestamp = made.CreateTimestamp }
              floe.sleep(600)
            end
            d = status()
            if d and d.ApplicationStatus == "RUNNING" then
              aws.stop_application{ ApplicationName = "sums", Force = true }
              floe.sleep(600)
            end
            return "accepted", ""
          end
          if type(e) ~= "userdata" then return "LuaError", tostring(e) end
          return e.code, e.message
        end
        """

    @Test(arguments: ServiceAPI.operations.filter(\.isSupported).map(\.name))
    func everyMemberAtAndPastItsBounds(_ operation: String) throws {
        let op = try #require(ServiceAPI.operations.first { $0.name == operation })
        let runtime = try makeRuntime()
        try runtime.run(AWSAPITests.setup)
        try runtime.run(Self.helpers)
        let cases = Self.cases(op.input)
        var tally: [String: Int] = [:]
        for c in cases {
            runtime.setGlobal("request", Self.request(op.input, setting: c.value, at: c.path))
            let results = try runtime.run("return sweep('\(op.pythonName)', '\(c.path.first ?? "")')")
            let code = results.first?.stringValue ?? "?"
            let message = results.dropFirst().first?.stringValue ?? ""
            let validation = code == "InvalidArgumentException" && message.contains("validation error")
            let what = "\(operation) \(c.path.joined(separator: ".")) = \(String(describing: c.value).prefix(60)): \(code): \(message.prefix(300))"
            switch c.expectation {
            case .client: #expect(code == "ParamValidationError", "\(what) (expected ParamValidationError)")
            case .service: #expect(validation, "\(what) (expected the service's InvalidArgumentException)")
            case .accepted: #expect(code != "ParamValidationError" && !validation && code != "LuaError" && code != "ConversionError",
                                    "\(what) (expected the value to be taken)")
            }
            // SWEEP_SHOW=1 swift test --filter BadInputSweepTests: every case taken or refused for what it meant.
            if ProcessInfo.processInfo.environment["SWEEP_SHOW"] != nil, code != "ParamValidationError", !validation { print("SWEEP", what) }
            tally[code == "accepted" ? "accepted" : code, default: 0] += 1
        }
        #expect(!cases.isEmpty || op.input.isEmptyRequest)
        print("\(operation): \(cases.count) cases: " + tally.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
    }
}

extension APIShape {
    /// A request with no members (`ListApplications` has a few; none has none, today).
    var isEmptyRequest: Bool {
        if case .structure(let members, _) = self { return members.isEmpty }
        return false
    }
}
