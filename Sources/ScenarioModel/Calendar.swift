internal import Foundation

/// A civil date without time zone, written `YYYY-MM-DD`.
public struct CalendarDate: Sendable, Equatable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Year, e.g. 2025.
    public let year: Int
    /// Month 1…12.
    public let month: Int
    /// Day of month 1…31.
    public let day: Int

    /// Creates a date if it exists in the proleptic Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` strictly (four-digit year, two-digit month and day, a real date).
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Chronological order.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A day of the week; `rawValue` is the scenario key.
public enum Weekday: String, Sendable, Equatable, Codable, CaseIterable {
    case mon, tue, wed, thu, fri, sat, sun
}

/// Opening hours within one day, in minutes after local midnight: `[startMinute, endMinute)`.
public struct TimeWindow: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Minutes after midnight when the window opens (0…1439).
    public let startMinute: Int
    /// Minutes after midnight when the window closes (1…1440; 1440 is `24:00`); greater than `startMinute`.
    public let endMinute: Int

    /// Creates a window.
    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Parses `HH:MM-HH:MM` (24-hour clock; `24:00` allowed as an end). Returns a message on failure.
    static func parse(_ text: String) -> Result<TimeWindow, CalendarParseFailure> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]) else {
            return .failure(CalendarParseFailure(message: "expected opening hours like \"08:00-18:00\", got \"\(text)\""))
        }
        guard start < end, start < 1440 else {
            return .failure(CalendarParseFailure(message: "opening time must be before closing time in \"\(text)\""))
        }
        return .success(TimeWindow(startMinute: start, endMinute: end))
    }

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0...24).contains(hours), (0...59).contains(minutes), hours < 24 || minutes == 0 else { return nil }
        return hours * 60 + minutes
    }

    /// `HH:MM-HH:MM`.
    public var description: String {
        func clock(_ minutes: Int) -> String {
            let hours = minutes / 60, rest = minutes % 60
            return (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "") + String(rest)
        }
        return "\(clock(startMinute))-\(clock(endMinute))"
    }
}

struct CalendarParseFailure: Error {
    let message: String
}

/// Working hours and holidays of a site or an SLA clock.
public struct ServiceCalendar: Sendable, Equatable, Codable {
    /// Unique calendar id.
    public let id: String
    /// IANA time zone the hours are in, e.g. `Europe/Berlin`.
    public let timeZone: String
    /// Opening windows per weekday, Monday first (7 entries); an empty list means closed all day.
    public let weekly: [[TimeWindow]]
    /// Days closed all day, sorted.
    public let holidays: [CalendarDate]

    /// Creates a calendar.
    public init(id: String, timeZone: String, weekly: [[TimeWindow]], holidays: [CalendarDate]) {
        self.id = id
        self.timeZone = timeZone
        self.weekly = weekly
        self.holidays = holidays
    }

    /// Opening windows on `day`.
    public func hours(on day: Weekday) -> [TimeWindow] {
        guard let index = Weekday.allCases.firstIndex(of: day), index < weekly.count else { return [] }
        return weekly[index]
    }

    /// Open hours in a normal week (no holidays).
    public var hoursPerWeek: Double {
        Double(weekly.joined().reduce(0) { $0 + $1.endMinute - $1.startMinute }) / 60
    }
}
