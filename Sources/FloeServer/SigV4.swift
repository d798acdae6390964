import Crypto
import Foundation

/// Signature Version 4 as botocore signs a request (`floe serve --credentials FILE`): the
/// canonical request, the string to sign over the credential's scope, the signing key
/// derived from the secret, and a date within the service's 15 minutes of skew. A request
/// that fails is refused as the service refuses it (HTTP 403) and changes nothing.
struct SigV4 {
    /// Access key id → secret access key.
    let secrets: [String: String]
    static let skew: Double = 15 * 60

    struct Refusal: Error {
        let code: String
        let message: String
    }

    /// Reads an AWS shared-credentials file: `aws_access_key_id` and `aws_secret_access_key`
    /// in each `[profile]` section. Errors: a message saying what is wrong.
    static func load(_ path: String) throws(Refusal) -> SigV4 {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Refusal(code: "", message: "cannot read the credentials file \(path)")
        }
        var secrets: [String: String] = [:]
        var id: String?, secret: String?
        func close() {
            if let id, let secret { secrets[id] = secret }
            id = nil
            secret = nil
        }
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") { close(); continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            if parts[0] == "aws_access_key_id" { id = parts[1] }
            if parts[0] == "aws_secret_access_key" { secret = parts[1] }
        }
        close()
        guard !secrets.isEmpty else {
            throw Refusal(code: "", message: "the credentials file \(path) has no aws_access_key_id with its aws_secret_access_key")
        }
        return SigV4(secrets: secrets)
    }

    /// Checks `request`'s signature at wall time `now` (Unix seconds). Errors: the service's
    /// refusal (MissingAuthenticationTokenException, UnrecognizedClientException,
    /// InvalidSignatureException).
    func check(_ request: WireRequest, now: Double) throws(Refusal) {
        guard let authorization = request.header("Authorization") else {
            throw Refusal(code: "MissingAuthenticationTokenException", message: "Missing Authentication Token")
        }
        let prefix = "AWS4-HMAC-SHA256 "
        guard authorization.hasPrefix(prefix) else {
            throw Refusal(code: "IncompleteSignatureException", message: "Authorization header requires AWS4-HMAC-SHA256 signing.")
        }
        var fields: [String: String] = [:]
        for part in authorization.dropFirst(prefix.count).split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        guard let credential = fields["Credential"], let signed = fields["SignedHeaders"], let signature = fields["Signature"] else {
            throw Refusal(code: "IncompleteSignatureException", message: "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.")
        }
        let scope = credential.split(separator: "/").map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request" else {
            throw Refusal(code: "IncompleteSignatureException", message: "Credential should be scoped to a valid region, service and aws4_request.")
        }
        guard let secret = secrets[scope[0]] else {
            throw Refusal(code: "UnrecognizedClientException", message: "The security token included in the request is invalid.")
        }
        guard let date = request.header("X-Amz-Date"), let signedAt = SigV4.time(date), date.hasPrefix(scope[1]) else {
            throw Refusal(code: "IncompleteSignatureException", message: "X-Amz-Date must be an ISO 8601 basic time (20260101T000000Z) on the credential's date.")
        }
        guard abs(now - signedAt) <= SigV4.skew else {
            throw Refusal(code: "InvalidSignatureException",
                          message: "Signature expired: \(date) is now earlier than \(SigV4.stamp(now - SigV4.skew)) (\(SigV4.stamp(now)) - 15 min.)")
        }
        let headerNames = signed.split(separator: ";").map(String.init)
        let canonicalHeaders: String = headerNames.map { name -> String in
            let values = request.headers.filter { $0.name.lowercased() == name }.map { SigV4.collapsed($0.value) }
            return "\(name):\(values.joined(separator: ","))\n"
        }.joined()
        let (path, query) = SigV4.split(request.path)
        let canonical: String = ([request.method, path, query, canonicalHeaders, signed, SigV4.hex(SHA256.hash(data: request.body))] as [String]).joined(separator: "\n")
        let toSign = ["AWS4-HMAC-SHA256", date, scope[1...].joined(separator: "/"), SigV4.hex(SHA256.hash(data: Data(canonical.utf8)))].joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(secret)".utf8))
        for part in scope[1...4] { key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key))) }
        let expected = SigV4.hex(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: key))
        guard expected == signature else {
            throw Refusal(code: "InvalidSignatureException",
                          message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
        }
    }

    /// The path (as sent: botocore's are already encoded) and the canonical query: its
    /// parameters sorted, each `key=value`.
    static func split(_ target: String) -> (String, String) {
        guard let mark = target.firstIndex(of: "?") else { return (target, "") }
        let query = target[target.index(after: mark)...].split(separator: "&").map { pair in
            pair.contains("=") ? String(pair) : String(pair) + "="
        }.sorted()
        return (String(target[..<mark]), query.joined(separator: "&"))
    }

    /// A header value trimmed, its runs of spaces one space.
    static func collapsed(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// "20261202T071000Z" as Unix seconds.
    static func time(_ stamp: String) -> Double? {
        let c = Array(stamp.utf8)
        guard c.count == 16, c[8] == UInt8(ascii: "T"), c[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: c[range], as: UTF8.self)) }
        guard let y = number(0..<4), let m = number(4..<6), let d = number(6..<8),
              let hh = number(9..<11), let mm = number(11..<13), let ss = number(13..<15) else { return nil }
        var parts = DateComponents()
        (parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second) = (y, m, d, hh, mm, ss)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: parts)?.timeIntervalSince1970
    }

    static func stamp(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
