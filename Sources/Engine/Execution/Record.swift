import Models

/// The result of one point of a scan, as journalled and merged.
package struct Record: Sendable, Equatable {
    package let index: Int
    package let outcome: PointOutcome
    /// The rank that computed it (for per-rank activity; not part of the results).
    package let rank: Int
    /// Series recorded for the point ([record] in the job), in the order the model produced them.
    package let series: [SeriesData]

    package init(index: Int, outcome: PointOutcome, rank: Int, series: [SeriesData] = []) {
        self.index = index
        self.outcome = outcome
        self.rank = rank
        self.series = series
    }
}

/// Binary form of records for MPI messages: per record, index (Int64), rank (Int64), status byte,
/// then either the observables' Double bit patterns (with their count) followed by the series (count; per
/// series its UTF-8 name with length, the length n, n coordinates and n values), or a UTF-8 reason with its
/// length. Little endian.
enum RecordCodec {
    static func encode(_ records: [Record]) -> [UInt8] {
        var bytes: [UInt8] = []
        append(UInt64(records.count), to: &bytes)
        for record in records {
            append(UInt64(bitPattern: Int64(record.index)), to: &bytes)
            append(UInt64(bitPattern: Int64(record.rank)), to: &bytes)
            switch record.outcome {
            case .finished(let values):
                bytes.append(0)
                append(UInt64(values.count), to: &bytes)
                for x in values { append(x.bitPattern, to: &bytes) }
                append(UInt64(record.series.count), to: &bytes)
                for series in record.series {
                    let name = Array(series.name.utf8)
                    append(UInt64(name.count), to: &bytes)
                    bytes += name
                    append(UInt64(series.values.count), to: &bytes)
                    for x in series.coordinates { append(x.bitPattern, to: &bytes) }
                    for x in series.values { append(x.bitPattern, to: &bytes) }
                }
            case .failed(let reason):
                bytes.append(1)
                let utf8 = Array(reason.utf8)
                append(UInt64(utf8.count), to: &bytes)
                bytes += utf8
            }
        }
        return bytes
    }

    struct Malformed: Error {}

    static func decode(_ bytes: [UInt8]) throws(Malformed) -> [Record] {
        var offset = 0
        func word() throws(Malformed) -> UInt64 {
            guard offset + 8 <= bytes.count else { throw Malformed() }
            var value: UInt64 = 0
            for k in 0..<8 { value |= UInt64(bytes[offset + k]) << (8 * k) }
            offset += 8
            return value
        }
        let count = try word()
        var records: [Record] = []
        for _ in 0..<count {
            let index = Int(Int64(bitPattern: try word()))
            let rank = Int(Int64(bitPattern: try word()))
            guard offset < bytes.count else { throw Malformed() }
            let status = bytes[offset]
            offset += 1
            let length = Int(try word())
            if status == 0 {
                var values: [Double] = []
                for _ in 0..<length { values.append(Double(bitPattern: try word())) }
                var series: [SeriesData] = []
                for _ in 0..<(try word()) {
                    let nameLength = Int(try word())
                    guard nameLength < 1 << 20, offset + nameLength <= bytes.count else { throw Malformed() }
                    let name = String(decoding: bytes[offset..<offset + nameLength], as: UTF8.self)
                    offset += nameLength
                    let count = Int(try word())
                    guard count < 1 << 40, offset + 16 * count <= bytes.count else { throw Malformed() }
                    var coordinates: [Double] = [], samples: [Double] = []
                    for _ in 0..<count { coordinates.append(Double(bitPattern: try word())) }
                    for _ in 0..<count { samples.append(Double(bitPattern: try word())) }
                    series.append(SeriesData(name: name, coordinates: coordinates, values: samples))
                }
                records.append(Record(index: index, outcome: .finished(values), rank: rank, series: series))
            } else {
                guard offset + length <= bytes.count else { throw Malformed() }
                let reason = String(decoding: bytes[offset..<offset + length], as: UTF8.self)
                offset += length
                records.append(Record(index: index, outcome: .failed(reason: reason), rank: rank))
            }
        }
        return records
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * k))) }
    }
}
