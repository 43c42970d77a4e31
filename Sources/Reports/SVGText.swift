import Foundation
/// Escaping and number text for the SVG charts (kept as the charts have always written them, so
/// that the CLI's `.svg` files do not change).
enum SVGText {
    /// `&`, `<`, `>` and `"` escaped: element content and double-quoted attributes.
    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// One decimal: SVG coordinates.
    static func f(_ v: Double) -> String { Format.coordinate(v) }
}
