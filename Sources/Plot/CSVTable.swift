import Foundation

/// A CSV file as text fields: a header row and data rows of the same width (RFC 4180: fields may
/// be quoted, a quoted field may hold commas, newlines and doubled quotes; lines end in LF or CRLF).
package struct CSVTable: Sendable {
    package let header: [String]
    package let rows: [[String]]

    package init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// Reads and parses a file; errors name the file.
    package static func read(_ path: String) throws(PlotError) -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            // access(2) says why in the system's words: no such file, permission denied...
            let reason = access(path, R_OK) != 0 ? String(cString: strerror(errno)) : "is a folder or cannot be read"
            throw .unreadable(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8(path: path) }
        return try parse(text, source: path)
    }

    /// Parses CSV text; `source` names it in errors. An empty text, an unterminated quote or a row
    /// whose width differs from the header's is an error naming the line.
    package static func parse(_ text: String, source: String) throws(PlotError) -> CSVTable {
        var records: [[String]] = []
        var lines: [Int] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            record.append(field)
            if !(record.count == 1 && record[0].isEmpty && !fieldWasQuoted) {
                records.append(record)
                lines.append(recordLine)
            }
            record = []
            field = ""
            fieldWasQuoted = false
            recordLine = line
        }
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                quoted = true
                fieldWasQuoted = true
            case ",":
                record.append(field)
                field = ""
                fieldWasQuoted = false
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                line += 1
                endRecord()
            case "\n":
                line += 1
                endRecord()
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw .unterminatedQuote(source: source, line: recordLine) }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted { endRecord() }
        guard let header = records.first else { throw .emptyCSV(source: source) }
        for (index, row) in records.enumerated().dropFirst() where row.count != header.count {
            throw .rowWidth(source: source, line: lines[index], fields: row.count, headerFields: header.count)
        }
        return CSVTable(header: header, rows: Array(records.dropFirst()))
    }

    /// A field as a number: decimal or exponent notation, `nan`, `inf`, `-inf`, `infinity` (any case);
    /// nil for an empty or non-numeric field.
    package static func number(_ field: String) -> Double? {
        let text = field.trimmingCharacters(in: .whitespaces)
        switch text.lowercased() {
        case "nan", "+nan", "-nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return Double(text)
        }
    }

    /// The index of the first column with this name.
    package func column(_ name: String) -> Int? { header.firstIndex(of: name) }
}
