import Foundation
import JobRuntime
import Lifecycle

/// The service's JSON bodies as `Value`s and back, through the toolchain's codec.
/// Integers stay integers (`Int64`) when they have no fraction; other numbers are doubles.
enum JSONValue {
    struct Malformed: Error {
        let reason: String
    }

    /// The object a request body holds (an empty body is `{}`). Errors: Malformed (not JSON,
    /// or not an object).
    static func request(_ body: [UInt8]) throws(Malformed) -> Value {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .map([:]) }
        let value: Value
        do {
            value = try JSONDecoder().decode(Decoded.self, from: Data(body)).value
        } catch {
            throw Malformed(reason: "the body is not valid JSON")
        }
        guard case .map = value else { throw Malformed(reason: "the body is JSON but not an object") }
        return value
    }

    /// `value` as JSON text (keys sorted, so that answers compare byte for byte).
    static func text(_ value: Value) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(Encoded(value: value)))) ?? Array("{}".utf8)
    }

    private struct Decoded: Decodable {
        let value: Value

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { value = .nil }
            else if let b = try? c.decode(Bool.self) { value = .bool(b) }
            else if let i = try? c.decode(Int64.self) { value = .int(i) }
            else if let d = try? c.decode(Double.self) { value = .double(d) }
            else if let s = try? c.decode(String.self) { value = .string(s) }
            else if let l = try? c.decode([Decoded].self) { value = .list(l.map(\.value)) }
            else { value = .map(try c.decode([String: Decoded].self).mapValues(\.value)) }
        }
    }

    private struct Encoded: Encodable {
        let value: Value

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch value {
            case .nil: try c.encodeNil()
            case .bool(let b): try c.encode(b)
            case .int(let i): try c.encode(i)
            case .double(let d): try c.encode(d)
            case .string(let s): try c.encode(s)
            case .list(let l): try c.encode(l.map(Encoded.init))
            case .map(let o): try c.encode(o.filter { !$0.value.isNil }.mapValues(Encoded.init))
            }
        }
    }
}
