public import Foundation

/// How every JSON output file is written and read: pretty-printed, keys sorted and in snake_case
/// (`fillRate` ↔ `fill_rate`), slashes unescaped. Commands write through `encode`, the report
/// reads through `decoder`, so the two cannot drift apart.
public enum OutputJSON {
    /// The version of the output files' schemas this build writes (the `format` field of each JSON
    /// summary). Files without the field were written before it existed; the readers accept them.
    public static let format = 1

    /// The encoder of every output file.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    /// The decoder that reads them back.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// `value` as the output files hold it.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }
}
