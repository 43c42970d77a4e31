/// The model's units of time, stated once: every clock (simulation, desk, lead times) runs in
/// days; rates in a scenario (failures, demand overrides) and the per-year KPIs are per year of
/// 365 days. Convert through these instead of a bare 365.
public enum Units {
    /// Days in a year of the model.
    public static let daysPerYear = 365.0

    /// A per-year rate as a per-day rate.
    @inlinable public static func perDay(_ perYear: Double) -> Double { perYear / daysPerYear }

    /// A per-day rate (a count divided by the days it took) as a per-year rate.
    @inlinable public static func perYear(_ perDay: Double) -> Double { perDay * daysPerYear }

    /// A length in years as days.
    @inlinable public static func days(years: Double) -> Double { years * daysPerYear }
}
