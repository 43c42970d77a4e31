public import Foundation
public import ScenarioModel

/// A service calendar in desk time: weekly opening hours in a time zone, minus holidays.
///
/// Desk time is days since the desk's origin instant (``origin``, seconds since 1970-01-01 UTC).
/// Opening hours are local wall-clock times; each local day's windows are turned into instants
/// with the zone's UTC offset at that moment, so daylight-saving changes and zones are exact.
/// Answers are exact to the floating-point resolution of desk time (well under a millisecond
/// over a century).
public struct BusinessCalendar: Sendable {
    /// The calendar's id in the scenario.
    public let id: String
    /// The IANA zone the hours are in.
    public let timeZone: TimeZone
    /// Seconds since 1970-01-01 UTC of desk time 0.
    public let origin: Double
    /// Opening windows per weekday, Monday first.
    let weekly: [[TimeWindow]]
    let holidays: Set<Int>
    /// Whether any hour of a normal week is open (else no business time ever passes).
    public let isEverOpen: Bool

    /// How far ahead an answer is searched before concluding that the hours never come (10 years).
    static let horizonDays = 3_660

    /// The calendar of a scenario entry; nil when its time zone is unknown to the system.
    public init?(_ c: ServiceCalendar, origin: Double) {
        guard let zone = TimeZone(identifier: c.timeZone) else { return nil }
        self.init(id: c.id, zone: zone, weekly: c.weekly, holidays: c.holidays, origin: origin)
    }

    init(id: String, zone: TimeZone, weekly: [[TimeWindow]], holidays: [CalendarDate], origin: Double) {
        self.id = id
        timeZone = zone
        self.origin = origin
        self.weekly = (0..<7).map { $0 < weekly.count ? weekly[$0] : [] }
        self.holidays = Set(holidays.map { Self.dayNumber($0) })
        isEverOpen = self.weekly.contains { !$0.isEmpty }
    }

    /// A round-the-clock calendar (every second is business time).
    public static func continuous(origin: Double) -> BusinessCalendar {
        BusinessCalendar(id: "24/7", zone: TimeZone(secondsFromGMT: 0) ?? .current,
                         weekly: Array(repeating: [TimeWindow(startMinute: 0, endMinute: 1440)], count: 7), holidays: [],
                         origin: origin)
    }

    /// Desk time 0 at midnight UTC of `date` (the scenario's start date).
    public static func origin(of date: CalendarDate) -> Double {
        Double(dayNumber(date)) * 86_400
    }

    // MARK: - Civil days (proleptic Gregorian, days since 1970-01-01)

    /// Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`).
    static func dayNumber(_ d: CalendarDate) -> Int {
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (d.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + d.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of day `n` since 1970-01-01 (H. Hinnant's `civil_from_days`); nil outside
    /// years 1–9999.
    public static func civilDate(day n: Int) -> CalendarDate? {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return CalendarDate(year: y, month: m, day: d)
    }

    /// Monday = 0 … Sunday = 6 of a day number (1970-01-01 was a Thursday).
    static func weekday(ofDay n: Int) -> Int { ((n % 7) + 7 + 3) % 7 }

    /// UTC offset in seconds of the zone at a UTC instant (seconds since 1970).
    func offset(at utc: Double) -> Double {
        Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: utc)))
    }

    /// The UTC instant of a local wall-clock time (seconds since 1970 as if local were UTC).
    func utc(ofLocal local: Double) -> Double {
        let guess = local - offset(at: local)
        return local - offset(at: guess)
    }

    /// The local day number holding a UTC instant.
    func localDay(ofUTC utc: Double) -> Int {
        Int(((utc + offset(at: utc)) / 86_400).rounded(.down))
    }

    /// Open intervals of local day `n`, as UTC seconds, in order.
    func openIntervals(day n: Int) -> [(Double, Double)] {
        guard !holidays.contains(n) else { return [] }
        return weekly[Self.weekday(ofDay: n)].map { w in
            let midnight = Double(n) * 86_400
            return (utc(ofLocal: midnight + Double(w.startMinute) * 60), utc(ofLocal: midnight + Double(w.endMinute) * 60))
        }
    }

    // MARK: - Business time

    /// Business time between desk times `a` ≤ `b`, in hours.
    public func businessHours(from a: Double, to b: Double) -> Double {
        guard b > a else { return 0 }
        let ua = origin + a * 86_400, ub = origin + b * 86_400
        var total = 0.0
        var day = localDay(ofUTC: ua) - 1
        let last = localDay(ofUTC: ub) + 1
        while day <= last {
            for (s, e) in openIntervals(day: day) {
                let lo = max(s, ua), hi = min(e, ub)
                if hi > lo { total += hi - lo }
            }
            day += 1
        }
        return total / 3_600
    }

    /// The earliest desk time at which `hours` of business time have passed since `a`; `a` itself
    /// for zero hours. Nil when the calendar never opens for that long within 10 years.
    public func instant(after hours: Double, from a: Double) -> Double? {
        guard hours > 0 else { return a }
        guard isEverOpen else { return nil }
        let ua = origin + a * 86_400
        var need = hours * 3_600
        var day = localDay(ofUTC: ua) - 1
        let stop = day + Self.horizonDays
        while day <= stop {
            for (s, e) in openIntervals(day: day) where e > ua {
                let lo = max(s, ua)
                let span = e - lo
                if span >= need { return (lo + need - origin) / 86_400 }
                need -= span
            }
            day += 1
        }
        return nil
    }

    /// Whether desk time `t` falls inside opening hours.
    public func isOpen(at t: Double) -> Bool {
        let u = origin + t * 86_400
        let day = localDay(ofUTC: u)
        return (day - 1...day + 1).contains { d in openIntervals(day: d).contains { $0.0 <= u && u < $0.1 } }
    }
}
