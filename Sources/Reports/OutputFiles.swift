import Foundation
import Outputs

/// Reading the commands' JSON files with errors that name the file.
enum JSONFile {
    /// Decodes `path` as the commands write it (`OutputJSON`; `snakeCase: false` for a type whose
    /// coding keys spell the file's keys themselves, as `ScenarioRecord`'s do).
    static func read<T: Decodable>(_ type: T.Type, path: String, snakeCase: Bool = true) throws(ReportError) -> T {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ReportError(.unreadable, path: path, "cannot read the file (\(error.localizedDescription))")
        }
        let decoder = snakeCase ? OutputJSON.decoder() : JSONDecoder()
        do { return try decoder.decode(type, from: data) } catch let error as DecodingError {
            throw ReportError(.malformed, path: path, describe(error))
        } catch {
            throw ReportError(.malformed, path: path, "not valid JSON (\(error.localizedDescription))")
        }
    }

    /// A decoding error in words: where in the document, and what.
    static func describe(_ error: DecodingError) -> String {
        func at(_ path: [any CodingKey]) -> String {
            let keys = path.map { $0.intValue.map { "[\($0)]" } ?? "." + snake($0.stringValue) }.joined()
            return keys.isEmpty ? "the document" : String(keys.drop { $0 == "." })
        }
        switch error {
        case .dataCorrupted(let c):
            guard c.codingPath.isEmpty else { return "\(at(c.codingPath)): \(c.debugDescription)" }
            let detail = c.underlyingError.flatMap { ($0 as NSError).userInfo[NSDebugDescriptionErrorKey] as? String }
            return "not valid JSON" + (detail.map { " (\($0))" } ?? "")
        case .keyNotFound(let key, let c):
            return "\(at(c.codingPath + [key])): missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            return "\(at(c.codingPath)): \(c.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// `fillRate` → `fill_rate`, the file's spelling of a key.
    static func snake(_ key: String) -> String {
        var out = ""
        for ch in key {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }
}
