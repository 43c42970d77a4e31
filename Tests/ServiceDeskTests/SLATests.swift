import Foundation
import ScenarioModel
@testable import ServiceDesk
import Testing

/// Business calendars and SLA stop-watches against hand-computed instants. Desk time 0 is
/// 2026-01-01 00:00 UTC (a Thursday); times below are written as day + hour/24 in UTC.
@Suite("SLA stop-watches")
struct SLATests {
    /// 2026-01-01 00:00 UTC in seconds since 1970 (20,454 days).
    static let origin = 1_767_225_600.0
    static let officeHours = [TimeWindow](repeating: TimeWindow(startMinute: 8 * 60, endMinute: 18 * 60), count: 1)

    static func calendar(_ zone: String, holidays: [CalendarDate] = [], allDay: Bool = false) throws -> BusinessCalendar {
        let week: [[TimeWindow]] = allDay
            ? Array(repeating: [TimeWindow(startMinute: 0, endMinute: 1440)], count: 7)
            : Array(repeating: officeHours, count: 5) + [[], []]
        return try #require(BusinessCalendar(ServiceCalendar(id: "c", timeZone: zone, weekly: week, holidays: holidays), origin: origin))
    }

    static func utc(day: Int, hour: Double) -> Double { Double(day) + hour / 24 }

    static func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) * 86_400 < 1e-3  // within a millisecond
    }

    /// The origin of a start date is its midnight UTC, as Foundation counts it.
    @Test func originOfAStartDate() throws {
        let date = try #require(CalendarDate(parsing: "2026-01-01"))
        #expect(BusinessCalendar.origin(of: date) == Self.origin)
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = try #require(TimeZone(identifier: "UTC"))
        let d = try #require(utc.date(from: DateComponents(year: 2026, month: 1, day: 1)))
        #expect(d.timeIntervalSince1970 == Self.origin)
        #expect(BusinessCalendar.weekday(ofDay: BusinessCalendar.dayNumber(date)) == 3)  // Thursday
    }

    /// Weekdays and weekends: opened Friday 9 Jan 17:00 Berlin (16:00 UTC) with 8 business hours
    /// Mon–Fri 08–18: 1 h on Friday, 7 h on Monday 12 Jan → 15:00 Berlin = 14:00 UTC. The 80 %
    /// warning (6.4 h) comes at Monday 13:24 Berlin.
    @Test func weekendIsSkipped() throws {
        let c = try Self.calendar("Europe/Berlin")
        let open = Self.utc(day: 8, hour: 16)
        #expect(Self.close(c.instant(after: 8, from: open), Self.utc(day: 11, hour: 14)))
        #expect(Self.close(c.instant(after: 6.4, from: open), Self.utc(day: 11, hour: 12.4)))
        #expect(abs(c.businessHours(from: open, to: Self.utc(day: 11, hour: 14)) - 8) < 1e-9)
        #expect(c.businessHours(from: Self.utc(day: 9, hour: 0), to: Self.utc(day: 11, hour: 0)) == 0)  // Sat–Sun
        #expect(!c.isOpen(at: Self.utc(day: 9, hour: 12)) && c.isOpen(at: Self.utc(day: 8, hour: 16.5)))
    }

    /// A holiday on Monday 12 Jan moves the same breach to Tuesday 15:00 Berlin.
    @Test func holidayIsSkipped() throws {
        let c = try Self.calendar("Europe/Berlin", holidays: [try #require(CalendarDate(parsing: "2026-01-12"))])
        #expect(Self.close(c.instant(after: 8, from: Self.utc(day: 8, hour: 16)), Self.utc(day: 12, hour: 14)))
    }

    /// Time zones: the same instant (Friday 16:00 UTC) and 4 business hours: in Berlin (UTC+1)
    /// 1 h Friday + 3 h Monday → Monday 11:00 local = 10:00 UTC; in New York (UTC−5) Friday
    /// 11:00–15:00 local → 20:00 UTC the same day.
    @Test func timeZonesMoveTheHours() throws {
        let open = Self.utc(day: 8, hour: 16)
        #expect(Self.close(try Self.calendar("Europe/Berlin").instant(after: 4, from: open), Self.utc(day: 11, hour: 10)))
        #expect(Self.close(try Self.calendar("America/New_York").instant(after: 4, from: open), Self.utc(day: 8, hour: 20)))
    }

    /// Daylight saving: Berlin skips 02:00–03:00 on Sunday 29 March. Round the clock in Berlin,
    /// 24 h from Saturday 12:00 local (11:00 UTC) end on Sunday 13:00 local = 11:00 UTC: real
    /// hours, not wall-clock hours. Day 87 is 29 March.
    @Test func daylightSavingCountsRealHours() throws {
        let c = try Self.calendar("Europe/Berlin", allDay: true)
        let start = Self.utc(day: 86, hour: 11)
        #expect(Self.close(c.instant(after: 24, from: start), Self.utc(day: 87, hour: 11)))
        #expect(abs(c.businessHours(from: start, to: Self.utc(day: 87, hour: 11)) - 24) < 1e-9)
    }

    /// Thresholds crossed while nobody looked carry their own instants: target 5 h round the
    /// clock from t = 0, looked at only when stopped at 9 h → warning at 4 h, breach at 5 h.
    @Test func thresholdsKeepTheirInstants() throws {
        let c = BusinessCalendar.continuous(origin: Self.origin)
        var w = SLAWatch(name: "restore", targetHours: 5, at: 0)
        var events: [(SLAWatchEvent, Double)] = []
        w.setRunning(true, at: 0, on: c) { events.append(($0, $1)) }
        #expect(w.nextDeadline(on: c)?.event == .warning && Self.close(w.nextDeadline(on: c)?.at, 4.0 / 24))
        w.stop(at: 9.0 / 24, on: c) { events.append(($0, $1)) }
        #expect(events.map(\.0) == [.running, .warning, .breach, .stopped])
        #expect(Self.close(events[1].1, 4.0 / 24) && Self.close(events[2].1, 5.0 / 24) && Self.close(events[3].1, 9.0 / 24))
        #expect(!w.met && abs(w.elapsedHours - 9) < 1e-9)
    }

    /// A pause that spans the would-be breach: target 10 h, paused from 8 h to 20 h (no breach
    /// while paused), resumed → breach at 22 h; a pause after the breach does not undo it.
    @Test func pauseSpanningABreach() throws {
        let c = BusinessCalendar.continuous(origin: Self.origin)
        var w = SLAWatch(name: "restore", targetHours: 10, at: 0)
        var events: [(SLAWatchEvent, Double)] = []
        let emit: (SLAWatchEvent, Double) -> Void = { events.append(($0, $1)) }
        w.setRunning(true, at: 0, on: c, emit: emit)
        w.setRunning(false, at: 8.0 / 24, on: c, emit: emit)
        w.advance(to: 19.0 / 24, on: c, emit: emit)
        #expect(w.breachedAt == nil && abs(w.elapsed(at: 19.0 / 24, on: c) - 8) < 1e-9)
        w.setRunning(true, at: 20.0 / 24, on: c, emit: emit)
        #expect(Self.close(w.nextDeadline(on: c)?.at, 22.0 / 24))
        w.setRunning(false, at: 23.0 / 24, on: c, emit: emit)
        w.stop(at: 30.0 / 24, on: c, emit: emit)
        #expect(events.map(\.0) == [.running, .warning, .paused, .running, .breach, .paused, .stopped])
        #expect(Self.close(events[1].1, 8.0 / 24))   // the warning at 8 h is reached exactly at the pause
        #expect(Self.close(w.breachedAt, 22.0 / 24) && !w.met && abs(w.elapsedHours - 11) < 1e-9)
    }

    /// A priority change mid-flight: 24 h target, 10 h counted, then 8 h → warning and breach at
    /// the change; back to 24 h later → still breached at the change's instant.
    @Test func priorityChangeMidFlight() throws {
        let c = BusinessCalendar.continuous(origin: Self.origin)
        var w = SLAWatch(name: "restore", targetHours: 24, at: 0)
        var events: [(SLAWatchEvent, Double)] = []
        let emit: (SLAWatchEvent, Double) -> Void = { events.append(($0, $1)) }
        w.setRunning(true, at: 0, on: c, emit: emit)
        w.retarget(hours: 8, at: 10.0 / 24, on: c, emit: emit)
        #expect(events.map(\.0) == [.running, .warning, .breach])
        #expect(Self.close(events[2].1, 10.0 / 24))
        w.retarget(hours: 24, at: 12.0 / 24, on: c, emit: emit)
        w.stop(at: 13.0 / 24, on: c, emit: emit)
        #expect(Self.close(w.breachedAt, 10.0 / 24) && !w.met)
        // A longer target before any threshold moves the deadline: 2 h counted, 8 → 4 h target.
        var v = SLAWatch(name: "response", targetHours: 8, at: 0)
        v.setRunning(true, at: 0, on: c) { _, _ in }
        v.retarget(hours: 4, at: 2.0 / 24, on: c) { _, _ in }
        #expect(Self.close(v.nextDeadline(on: c)?.at, 3.2 / 24))   // warning at 80 % of 4 h
    }

    /// Business hours on the watch: restore 8 h opened Friday 17:00 Berlin → breach Monday 15:00
    /// Berlin, even though the watch is looked at only on Tuesday.
    @Test func businessWatchBreachesOnMonday() throws {
        let c = try Self.calendar("Europe/Berlin")
        var w = SLAWatch(name: "restore", targetHours: 8, at: Self.utc(day: 8, hour: 16))
        var breach: Double?
        w.setRunning(true, at: Self.utc(day: 8, hour: 16), on: c) { _, _ in }
        w.advance(to: Self.utc(day: 12, hour: 9), on: c) { if $0 == .breach { breach = $1 } }
        #expect(Self.close(breach, Self.utc(day: 11, hour: 14)))
    }

    /// A calendar that never opens never breaches (and says so instead of looping).
    @Test func neverOpenNeverBreaches() throws {
        let c = try #require(BusinessCalendar(ServiceCalendar(id: "closed", timeZone: "UTC", weekly: Array(repeating: [], count: 7), holidays: []),
                                              origin: Self.origin))
        var w = SLAWatch(name: "restore", targetHours: 1, at: 0)
        w.setRunning(true, at: 0, on: c) { _, _ in }
        #expect(w.nextDeadline(on: c) == nil)
        #expect(c.instant(after: 1, from: 0) == nil)
        #expect(BusinessCalendar(ServiceCalendar(id: "x", timeZone: "Mars/Olympus", weekly: [], holidays: []), origin: 0) == nil)
    }
}
