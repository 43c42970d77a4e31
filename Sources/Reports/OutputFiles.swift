import Foundation
public import Scenario

/// `scenario.json`, which every command with `--out` writes: the command line and the scenario's
/// summary, so that a report can say what question was asked of which inputs.
public struct ScenarioRecord: Sendable, Codable, Equatable {
    /// The command line that wrote the folder (arguments shell-quoted where needed).
    public var command: String
    /// The scenario's headline figures.
    public var scenario: ScenarioSummary

    /// Creates a record.
    public init(command: String, scenario: ScenarioSummary) {
        self.command = command
        self.scenario = scenario
    }

    /// `echelon optimize scenarios/x.yaml --out 'my dir'`: `arguments` (without the program name)
    /// after `program`, each quoted for a POSIX shell when it needs it.
    public static func commandLine(program: String = "echelon", _ arguments: [String]) -> String {
        ([program] + arguments.map(shellQuoted)).joined(separator: " ")
    }

    static func shellQuoted(_ s: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@%+,")
        if !s.isEmpty && s.allSatisfy({ safe.contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// `summary.json` of `echelon optimize`, as the report reads it.
struct OptimizeSummaryFile: Decodable, Sendable {
    struct Point: Decodable, Sendable {
        var cost: Double
        var holdingCostPerYear: Double?
        var ebo: Double?
        var fillRate: Double
        var availability: Double
        var waitingDays: Double?
        var units: Int?
    }
    struct Solver: Decodable, Sendable {
        var termination: String?
        var solution: String?
        var objectiveHoldingCostPerYear: Double?
        var lowerBound: Double?
        var relativeGap: Double?
        var iterations: Int?
        var columns: Int?
        var pooling: Bool?
    }
    struct Echelon: Decodable, Sendable {
        var level: Int
        var units: Int
        var value: Double
    }
    var scenario: String?
    var file: String?
    var method: String?
    var goal: String?
    var status: String?
    var statusNote: String?
    var curvePoints: Int?
    var chosenPoint: Int?
    var point: Point
    var fillRateWithLaterals: Double?
    var solver: Solver?
    var currency: String?
    var seconds: Double?
    var echelons: [Echelon]?
}

/// `summary.json` of `echelon place`, as the report reads it.
struct PlaceSummaryFile: Decodable, Sendable {
    struct Parts: Decodable, Sendable {
        var fixed: Double
        var transport: Double
        var stock: Double
        var closing: Double?
    }
    struct Coverage: Decodable, Sendable {
        var targetFraction: Double?
        var hours: Double
        var achieved: Double?
        var demandWithin: Double?
        var totalDemand: Double?
    }
    struct Constraints: Decodable, Sendable {
        var maxDepots: Int?
        var depots: Int?
        var coverage: String?
        var maxResponseHours: Double?
        var fillRate: Double?
    }
    var scenario: String?
    var file: String?
    var currency: String?
    var status: String
    var solution: String?
    var objective: Double?
    var objectiveParts: Parts?
    var objectiveExact: Double?
    var stockCostExact: Double?
    var bound: Double?
    var gap: Double?
    var seconds: Double?
    var coverage: Coverage
    var constraints: Constraints?
    var openDepots: [String]
    var candidates: Int?
    var demandPoints: Int?
}

/// `kpis.json` of `echelon simulate`.
struct SimulationFile: Decodable, Sendable {
    struct KPI: Decodable, Sendable {
        var name: String
        var unit: String
        var mean: Double?
        var halfWidth: Double?
    }
    var scenario: String?
    var file: String?
    var plan: String?
    var years: Double?
    var warmupDays: Double?
    var replications: Int?
    var seed: UInt64?
    var kpis: [KPI]
    var analyticFillRate: Double?
    var analyticFillRateWithLaterals: Double?
    var events: Int?
    var wallSeconds: Double?
}

/// One row of `compare.json`.
struct CompareRowFile: Decodable, Sendable {
    var kpi: String
    var unit: String
    var plan: String
    var mean: Double?
    var halfWidth: Double?
    var differenceFromBaseline: Double?
    var differenceHalfWidth: Double?
    var significant: Bool?
}

/// Reading the commands' JSON files with errors that name the file.
enum JSONFile {
    /// Decodes `path` as the commands write it (snake_case keys).
    static func read<T: Decodable>(_ type: T.Type, path: String, snakeCase: Bool = true) throws(ReportError) -> T {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ReportError(.unreadable, path: path, "cannot read the file (\(error.localizedDescription))")
        }
        let decoder = JSONDecoder()
        if snakeCase { decoder.keyDecodingStrategy = .convertFromSnakeCase }
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
