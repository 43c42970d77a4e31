import Foundation

/// The kinds of output folder the report understands, in report order.
public enum OutputKind: Int, Sendable, CaseIterable, Comparable {
    case optimize, place, simulate, compare

    /// The command that writes it.
    public var command: String {
        switch self {
        case .optimize: return "optimize"
        case .place: return "place"
        case .simulate: return "simulate"
        case .compare: return "compare"
        }
    }

    /// The section's heading.
    public var heading: String {
        switch self {
        case .optimize: return "Stock plan"
        case .place: return "Depot placement"
        case .simulate: return "Simulation"
        case .compare: return "Comparison"
        }
    }

    /// The files that identify it (all must be there).
    public var signature: [String] {
        switch self {
        case .optimize: return ["stock-plan.csv", "summary.json"]
        case .place: return ["depots.csv", "summary.json"]
        case .simulate: return ["kpis.json"]
        case .compare: return ["compare.json"]
        }
    }

    public static func < (a: OutputKind, b: OutputKind) -> Bool { a.rawValue < b.rawValue }

    /// What a folder must hold, in words, for errors.
    public static var expectation: String {
        allCases.map { "\($0.signature.joined(separator: " + ")) (\($0.command))" }.joined(separator: ", ")
    }
}

/// One command's outputs found in a folder.
public struct OutputSet: Sendable, Equatable {
    public var kind: OutputKind
    /// The folder's path.
    public var folder: String
    /// The folder as the report names it: the report folder's name, then the subfolder.
    public var title: String

    /// Creates a set.
    public init(kind: OutputKind, folder: String, title: String) {
        self.kind = kind
        self.folder = folder
        self.title = title
    }

    /// Every output set in `directory` and its immediate subfolders, in report order (kind, then
    /// the folder itself before its subfolders, then subfolders by name).
    public static func find(in directory: String) throws(ReportError) -> [OutputSet] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw ReportError(.unreadable, path: directory, "no such folder")
        }
        guard isDirectory.boolValue else { throw ReportError(.unreadable, path: directory, "not a folder") }
        let entries: [String]
        do { entries = try fm.contentsOfDirectory(atPath: directory) } catch {
            throw ReportError(.unreadable, path: directory, "cannot list the folder (\(error.localizedDescription))")
        }
        let base = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        var folders: [(path: String, title: String)] = [(directory, base)]
        for name in entries.sorted() where !name.hasPrefix(".") {
            let path = (directory as NSString).appendingPathComponent(name)
            var sub: ObjCBool = false
            if fm.fileExists(atPath: path, isDirectory: &sub), sub.boolValue { folders.append((path, "\(base)/\(name)")) }
        }
        var sets: [OutputSet] = []
        for kind in OutputKind.allCases {
            for folder in folders where kind.signature.allSatisfy({ fm.fileExists(atPath: (folder.path as NSString).appendingPathComponent($0)) }) {
                sets.append(OutputSet(kind: kind, folder: folder.path, title: folder.title))
            }
        }
        guard !sets.isEmpty else {
            throw ReportError(.nothingToReport, path: directory,
                              "no Echelon outputs here or in its subfolders; expected \(OutputKind.expectation)")
        }
        return sets
    }
}
