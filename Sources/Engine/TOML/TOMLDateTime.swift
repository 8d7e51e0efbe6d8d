/// A TOML date, time of day or date-time, kept as its written parts (no time zones, no Foundation):
/// an offset date-time has a date, a time and an offset; a local date-time no offset; a local date
/// only the date; a local time only the time.
package struct TOMLDateTime: Sendable, Equatable {
    /// A calendar date whose day exists in its month (leap years included); year 0 to 9999.
    package struct LocalDate: Sendable, Equatable {
        package let year: Int
        package let month: Int
        package let day: Int
    }

    /// A time of day; `second` is 60 for a leap second.
    package struct LocalTime: Sendable, Equatable {
        package let hour: Int
        package let minute: Int
        package let second: Int
        /// The digits after the decimal point, as written ("" when there are none).
        package let fraction: String
    }

    /// The offset from UTC: `Z`, or `+hh:mm` / `-hh:mm` (hours 0 to 23, minutes 0 to 59).
    package enum Offset: Sendable, Equatable {
        case utc
        case hoursMinutes(negative: Bool, hours: Int, minutes: Int)
    }

    /// The four TOML types of dates and times.
    package enum Kind: Sendable {
        case offsetDateTime, localDateTime, localDate, localTime

        /// The type's name as the TOML specification writes it.
        package var name: String {
            switch self {
            case .offsetDateTime: "offset date-time"
            case .localDateTime: "local date-time"
            case .localDate: "local date"
            case .localTime: "local time"
            }
        }
    }

    package let date: LocalDate?
    package let time: LocalTime?
    /// Only with both a date and a time.
    package let offset: Offset?

    package var kind: Kind {
        switch (date, time, offset) {
        case (.some, .some, .some): .offsetDateTime
        case (.some, .some, nil): .localDateTime
        case (.some, nil, _): .localDate
        default: .localTime
        }
    }

    /// RFC 3339 text: `T` between date and time, `Z` for UTC, the fraction's digits as written.
    package var text: String {
        var parts: [String] = []
        if let date { parts.append("\(digits(date.year, 4))-\(digits(date.month, 2))-\(digits(date.day, 2))") }
        if let time {
            let fraction = time.fraction.isEmpty ? "" : "." + time.fraction
            parts.append("\(digits(time.hour, 2)):\(digits(time.minute, 2)):\(digits(time.second, 2))" + fraction)
        }
        var text = parts.joined(separator: "T")
        switch offset {
        case .utc: text += "Z"
        case .hoursMinutes(let negative, let hours, let minutes): text += (negative ? "-" : "+") + "\(digits(hours, 2)):\(digits(minutes, 2))"
        case nil: break
        }
        return text
    }

    private func digits(_ n: Int, _ width: Int) -> String {
        let text = String(n)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
