extension TOMLDateTime {
    /// Reads `1979-05-27T07:32:00.5-07:00` (a space or `t` for `T`, `z` for `Z`), `1979-05-27` or
    /// `07:32:00`; seconds are required (TOML 1.0). Throws for other text and for dates, times and
    /// offsets that do not exist (February 30, hour 24, +25:00); second 60 (a leap second) is allowed.
    init(parsing text: Substring) throws(TOMLValueError) {
        var fields = FieldReader(text)
        func reject(_ reason: String) -> TOMLValueError { TOMLValueError("'\(text)' is not a valid date or time: \(reason)") }
        let shape = reject("expected YYYY-MM-DD, HH:MM:SS or YYYY-MM-DDTHH:MM:SS, with an optional .fraction and, after a date-time, Z or ±HH:MM")

        var date: LocalDate?
        if fields.startsWithDate {
            guard let year = fields.number(4), fields.skip("-") != nil, let month = fields.number(2),
                  fields.skip("-") != nil, let day = fields.number(2) else { throw shape }
            guard (1...12).contains(month) else { throw reject("there is no month \(month)") }
            let days = Self.days(inMonth: month, of: year)
            guard (1...days).contains(day) else { throw reject("month \(month) of \(year) has days 1 to \(days)") }
            date = LocalDate(year: year, month: month, day: day)
            if fields.atEnd { self.init(date: date, time: nil, offset: nil); return }
            guard fields.skip("Tt ") != nil else { throw shape }
        }

        guard let hour = fields.number(2), fields.skip(":") != nil, let minute = fields.number(2),
              fields.skip(":") != nil, let second = fields.number(2) else { throw shape }
        var fraction = ""
        if fields.skip(".") != nil {
            fraction = fields.digits()
            guard !fraction.isEmpty else { throw reject("a decimal point needs digits after it") }
        }
        guard hour < 24, minute < 60, second <= 60 else { throw reject("hours go to 23, minutes to 59, seconds to 60") }
        let time = LocalTime(hour: hour, minute: minute, second: second, fraction: fraction)

        var offset: Offset?
        if date != nil, let sign = fields.skip("Zz+-") {
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                offset = .utc
            } else {
                guard let hours = fields.number(2), fields.skip(":") != nil, let minutes = fields.number(2) else { throw shape }
                guard hours < 24, minutes < 60 else { throw reject("an offset goes to 23:59") }
                offset = .hoursMinutes(negative: sign == UInt8(ascii: "-"), hours: hours, minutes: minutes)
            }
        }
        guard fields.atEnd else { throw shape }
        self.init(date: date, time: time, offset: offset)
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }
}

/// The fixed-width fields of a date or time, read left to right.
private struct FieldReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ text: Substring) { bytes = Array(text.utf8) }

    var atEnd: Bool { position == bytes.count }

    /// Whether the text starts like a date (`YYYY-`) rather than a time (`HH:`).
    var startsWithDate: Bool { bytes.count > 4 && bytes[4] == UInt8(ascii: "-") }

    /// Exactly `count` ASCII digits, as a number.
    mutating func number(_ count: Int) -> Int? {
        guard position + count <= bytes.count, bytes[position..<position + count].allSatisfy(isDigit) else { return nil }
        defer { position += count }
        return bytes[position..<position + count].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// All the digits from here (possibly none).
    mutating func digits() -> String {
        let start = position
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// The next byte if it is one of `options`, consumed.
    mutating func skip(_ options: String) -> UInt8? {
        guard position < bytes.count, options.utf8.contains(bytes[position]) else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}
