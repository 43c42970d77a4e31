internal import Foundation

/// A probability distribution of a non-negative duration or quantity (lead times and repair times, in days).
///
/// Written in a scenario as a number (deterministic), a string such as `"gamma(mean=2, cv=0.3)"`,
/// or a mapping such as `{dist: gamma, mean: 2, cv: 0.3}`. `cv` is the coefficient of variation
/// (standard deviation / mean).
public enum DistributionSpec: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Always `value`.
    case deterministic(value: Double)
    /// Exponential with the given mean.
    case exponential(mean: Double)
    /// Gamma with the given mean and coefficient of variation.
    case gamma(mean: Double, cv: Double)
    /// Log-normal with the given mean and coefficient of variation (of the variable itself, not its log).
    case lognormal(mean: Double, cv: Double)
    /// Weibull with shape k and scale λ: mean = λ·Γ(1 + 1/k).
    case weibull(shape: Double, scale: Double)
    /// Uniform on [min, max].
    case uniform(min: Double, max: Double)
    /// Triangular on [min, max] with the given mode.
    case triangular(min: Double, mode: Double, max: Double)
    /// Each listed value equally likely.
    case empirical(values: [Double])

    /// The exact mean.
    public var mean: Double {
        switch self {
        case .deterministic(let value): return value
        case .exponential(let mean): return mean
        case .gamma(let mean, _), .lognormal(let mean, _): return mean
        case .weibull(let shape, let scale): return scale * tgamma(1 + 1 / shape)
        case .uniform(let low, let high): return (low + high) / 2
        case .triangular(let low, let mode, let high): return (low + mode + high) / 3
        case .empirical(let values):
            return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        }
    }

    /// The exact variance (population variance for `empirical`).
    public var variance: Double {
        switch self {
        case .deterministic: return 0
        case .exponential(let mean): return mean * mean
        case .gamma(let mean, let cv), .lognormal(let mean, let cv): return (mean * cv) * (mean * cv)
        case .weibull(let shape, let scale):
            let first = tgamma(1 + 1 / shape)
            return scale * scale * (tgamma(1 + 2 / shape) - first * first)
        case .uniform(let low, let high): return (high - low) * (high - low) / 12
        case .triangular(let low, let mode, let high):
            return (low * low + mode * mode + high * high - low * mode - low * high - mode * high) / 18
        case .empirical(let values):
            guard !values.isEmpty else { return 0 }
            let mean = self.mean
            return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        }
    }

    /// The standard deviation, √variance.
    public var standardDeviation: Double { variance.squareRoot() }

    /// The canonical string form, parseable by `DistributionSpec.parse(_:)`.
    public var description: String {
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }
        switch self {
        case .deterministic(let value): return "deterministic(value=\(number(value)))"
        case .exponential(let mean): return "exponential(mean=\(number(mean)))"
        case .gamma(let mean, let cv): return "gamma(mean=\(number(mean)), cv=\(number(cv)))"
        case .lognormal(let mean, let cv): return "lognormal(mean=\(number(mean)), cv=\(number(cv)))"
        case .weibull(let shape, let scale): return "weibull(shape=\(number(shape)), scale=\(number(scale)))"
        case .uniform(let low, let high): return "uniform(min=\(number(low)), max=\(number(high)))"
        case .triangular(let low, let mode, let high):
            return "triangular(min=\(number(low)), mode=\(number(mode)), max=\(number(high)))"
        case .empirical(let values): return "empirical(\(values.map(number).joined(separator: ", ")))"
        }
    }

    /// The distribution kinds and their parameter names, in documentation order.
    public static let kinds: [(name: String, parameters: [String])] = [
        ("deterministic", ["value"]),
        ("exponential", ["mean"]),
        ("gamma", ["mean", "cv"]),
        ("lognormal", ["mean", "cv"]),
        ("weibull", ["shape", "scale"]),
        ("uniform", ["min", "max"]),
        ("triangular", ["min", "mode", "max"]),
        ("empirical", ["values"]),
    ]

    /// Why a distribution text or mapping was rejected.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// A sentence naming the problem.
        public let message: String

        /// Creates an error.
        public init(message: String) {
            self.message = message
        }

        /// The message.
        public var description: String { message }
    }

    /// Parses the string form: a plain number (deterministic), `kind(name=value, …)`,
    /// `deterministic(2)` or `empirical(1, 2, 2, 3)`. Parameters are validated.
    public static func parse(_ text: String) throws(ParseError) -> DistributionSpec {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let value = Double(trimmed) {
            return try make(kind: "deterministic", parameters: [("value", value)], values: nil)
        }
        guard let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") else {
            throw ParseError(message: "expected a number of days or a distribution like \"gamma(mean=2, cv=0.3)\", got \"\(text)\"")
        }
        let kind = trimmed[..<open].trimmingCharacters(in: .whitespaces).lowercased()
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        let arguments = inner.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        var named: [(String, Double)] = []
        var positional: [Double] = []
        for argument in arguments {
            if let equals = argument.firstIndex(of: "=") {
                let name = argument[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                let valueText = argument[argument.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                guard let value = Double(valueText) else {
                    throw ParseError(message: "\(kind): \(name) must be a number, got \"\(valueText)\"")
                }
                named.append((name, value))
            } else {
                guard let value = Double(argument) else {
                    throw ParseError(message: "\(kind): expected name=value, got \"\(argument)\"")
                }
                positional.append(value)
            }
        }
        if !positional.isEmpty {
            switch kind {
            case "empirical":
                guard named.isEmpty else {
                    throw ParseError(message: "empirical takes a plain list of values, e.g. empirical(1, 2, 2, 3)")
                }
                return try make(kind: kind, parameters: [], values: positional)
            case "deterministic" where positional.count == 1 && named.isEmpty:
                return try make(kind: kind, parameters: [("value", positional[0])], values: nil)
            default:
                throw ParseError(message: "\(kind): write parameters by name, e.g. \(example(for: kind))")
            }
        }
        return try make(kind: kind, parameters: named, values: kind == "empirical" ? [] : nil)
    }

    static func example(for kind: String) -> String {
        switch kind {
        case "deterministic": return "deterministic(value=2)"
        case "exponential": return "exponential(mean=2)"
        case "gamma": return "gamma(mean=2, cv=0.3)"
        case "lognormal": return "lognormal(mean=2, cv=0.5)"
        case "weibull": return "weibull(shape=1.5, scale=3)"
        case "uniform": return "uniform(min=1, max=3)"
        case "triangular": return "triangular(min=1, mode=2, max=4)"
        case "empirical": return "empirical(1, 2, 2, 3)"
        default: return "gamma(mean=2, cv=0.3)"
        }
    }

    /// Builds and validates a distribution from a kind name and named parameters (shared by all syntaxes).
    static func make(kind rawKind: String, parameters: [(String, Double)], values: [Double]?) throws(ParseError) -> DistributionSpec {
        let kind = rawKind.lowercased()
        guard let spec = kinds.first(where: { $0.name == kind }) else {
            let hint = Suggestion.didYouMean(kind, among: kinds.map(\.name))
            throw ParseError(message: "unknown distribution \"\(rawKind)\"\(hint); expected one of: \(kinds.map(\.name).joined(separator: ", "))")
        }
        var given: [String: Double] = [:]
        for (name, value) in parameters {
            guard spec.parameters.contains(name), kind != "empirical" else {
                let hint = Suggestion.didYouMean(name, among: spec.parameters)
                throw ParseError(message: "\(kind) has no parameter \"\(name)\"\(hint); write \(example(for: kind))")
            }
            guard given[name] == nil else {
                throw ParseError(message: "\(kind): parameter \"\(name)\" is given twice")
            }
            guard value.isFinite else {
                throw ParseError(message: "\(kind): \(name) must be a finite number")
            }
            given[name] = value
        }
        if kind == "empirical" {
            let list = values ?? []
            guard !list.isEmpty else { throw ParseError(message: "empirical needs at least one value, e.g. empirical(1, 2, 2, 3)") }
            guard list.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw ParseError(message: "empirical values must be finite and at least 0")
            }
            return .empirical(values: list)
        }
        let missing = spec.parameters.filter { given[$0] == nil }
        guard missing.isEmpty else {
            throw ParseError(message: "\(kind) needs \(spec.parameters.joined(separator: " and ")); missing \(missing.joined(separator: ", ")), e.g. \(example(for: kind))")
        }
        func value(_ name: String) -> Double { given[name] ?? 0 }
        func positive(_ name: String) throws(ParseError) {
            guard value(name) > 0 else { throw ParseError(message: "\(kind): \(name) must be greater than 0, got \(format(value(name)))") }
        }
        func nonNegative(_ name: String) throws(ParseError) {
            guard value(name) >= 0 else { throw ParseError(message: "\(kind): \(name) must be at least 0, got \(format(value(name)))") }
        }
        switch kind {
        case "deterministic":
            try nonNegative("value")
            return .deterministic(value: value("value"))
        case "exponential":
            try positive("mean")
            return .exponential(mean: value("mean"))
        case "gamma", "lognormal":
            try positive("mean")
            try positive("cv")
            return kind == "gamma" ? .gamma(mean: value("mean"), cv: value("cv")) : .lognormal(mean: value("mean"), cv: value("cv"))
        case "weibull":
            try positive("shape")
            try positive("scale")
            return .weibull(shape: value("shape"), scale: value("scale"))
        case "uniform":
            try nonNegative("min")
            guard value("min") <= value("max") else {
                throw ParseError(message: "uniform: min (\(format(value("min")))) must not exceed max (\(format(value("max"))))")
            }
            return .uniform(min: value("min"), max: value("max"))
        default: // triangular
            try nonNegative("min")
            guard value("min") <= value("mode"), value("mode") <= value("max"), value("min") < value("max") else {
                throw ParseError(message: "triangular: needs min ≤ mode ≤ max and min < max, got min=\(format(value("min"))), mode=\(format(value("mode"))), max=\(format(value("max")))")
            }
            return .triangular(min: value("min"), mode: value("mode"), max: value("max"))
        }
    }
}

/// Formats a number for messages: integers without a decimal point.
func format(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}
