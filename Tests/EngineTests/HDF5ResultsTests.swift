import CHDF5Shims
@testable import Engine
import Foundation
import Models
import Testing

/// results.h5 read back through HDF5 itself and compared with results.csv, value by value.
@Suite("results.h5")
struct HDF5ResultsTests {
    static let job = try! JobLoader.parse("""
        [scan]
        model = "lmg.oscillator"
        [axes]
        ramp = ["full", "half"]
        Lambda = [0.1, 1.0, 10.0]
        [fixed]
        form = "scaled"
        """, file: "h5.toml")

    /// Records with distinct values, point 4 failed and point 5 missing.
    static func records() -> [Int: Record] {
        let count = job.model.description.observables.count
        var records: [Int: Record] = [:]
        for index in 0..<4 {
            records[index] = Record(index: index, outcome: .finished((0..<count).map { Double(index) + 0.1 * Double($0) + 1e-17 * Double(index * $0) }), rank: 0)
        }
        records[4] = Record(index: 4, outcome: .failed(reason: "test"), rank: 0)
        return records
    }

    func read(_ file: quench_h5_file, _ name: String, count: Int) -> [Double]? {
        var values = [Double](repeating: 0, count: count)
        return quench_h5_read_doubles(file, name, &values, UInt64(count)) == 0 ? values : nil
    }

    /// The int64 values of dataset `object`, or of its attribute `attribute`.
    func integers(_ file: quench_h5_file, _ object: String, _ attribute: String? = nil, count: Int) -> [Int64]? {
        var values = [Int64](repeating: 0, count: count)
        return quench_h5_read_int64(file, object, attribute, &values, UInt64(count)) == 0 ? values : nil
    }

    /// The strings of dataset `object`, or of its attribute `attribute`, decoded as UTF-8.
    func strings(_ file: quench_h5_file, _ object: String, _ attribute: String? = nil, count: Int) -> [String]? {
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        defer { quench_h5_free_strings(&pointers, UInt64(count)) }
        guard quench_h5_read_strings(file, object, attribute, &pointers, UInt64(count)) == 0 else { return nil }
        return pointers.map { $0.map { String(cString: $0) } ?? "" }
    }

    @Test("every observable is an array over (ramp, Lambda) with both dimension scales; each value equals results.csv's; failed and missing points are NaN; status 1/0/−1")
    func readBack() throws {
        let folder = temporaryFolder()
        let path = folder + "/results.h5"
        let records = Self.records()
        try HDF5Results.write(job: Self.job, records: records, to: path)
        let csv = ResultsTable.csv(job: Self.job, records: records).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = csv[0].map(String.init)
        let file = quench_h5_open_read(path)
        try #require(file >= 0)
        defer { _ = quench_h5_close(file) }
        #expect(try #require(read(file, "Lambda", count: 3)) == [0.1, 1.0, 10.0])
        #expect(strings(file, "ramp", count: 2) == ["full", "half"])
        for observable in Self.job.model.description.observables {
            var dims = [UInt64](repeating: 0, count: 8)
            #expect(quench_h5_dataset_dims(file, observable.name, &dims) == 2)
            #expect(Array(dims.prefix(2)) == [2, 3])
            #expect(quench_h5_scale_count(file, observable.name, 0) == 1 && quench_h5_scale_count(file, observable.name, 1) == 1)
            let values = try #require(read(file, observable.name, count: 6), "\(observable.name)")
            let column = try #require(header.firstIndex(of: observable.name))
            for row in csv.dropFirst() {
                let index = Int(row[0])!
                let expected = row[column] == "nan" ? Double.nan : Double(String(row[column]))!
                #expect(values[index].bitPattern == expected.bitPattern || (values[index].isNaN && expected.isNaN), "\(observable.name)[\(index)]")
            }
            #expect(values[4].isNaN && values[5].isNaN)
        }
        var dims = [UInt64](repeating: 0, count: 8)
        #expect(quench_h5_dataset_dims(file, "status", &dims) == 2)
        #expect(try #require(read(file, "status", count: 6)) == [1, 1, 1, 1, 0, -1])
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp-\(getpid())"))
    }

    @Test("integer parameters are int64, exact at 2^53 + 1; words, the scan name and long_name are variable-length UTF-8, non-ASCII intact")
    func types() throws {
        let job = try JobLoader.parse("""
            [scan]
            name = "Δ₀-Kibble-Zurek"
            model = "bcs.gap"
            [axes]
            spectrum = ["random", "equal"]
            seed = [9007199254740993, 2]
            [fixed]
            N = 64
            """, file: "types.toml")
        let path = temporaryFolder() + "/results.h5"
        try HDF5Results.write(job: job, records: [:], to: path)
        let file = quench_h5_open_read(path)
        try #require(file >= 0)
        defer { _ = quench_h5_close(file) }
        #expect(quench_h5_kind_of(file, "seed", nil) == QUENCH_H5_INT64)
        #expect(integers(file, "seed", count: 2) == [9_007_199_254_740_993, 2])
        #expect(quench_h5_kind_of(file, "spectrum", nil) == QUENCH_H5_UTF8_TEXT)
        #expect(strings(file, "spectrum", count: 2) == ["random", "equal"])
        #expect(quench_h5_kind_of(file, "/", "N") == QUENCH_H5_INT64 && integers(file, "/", "N", count: 1) == [64])
        #expect(quench_h5_kind_of(file, "/", "width") == QUENCH_H5_FLOAT64)
        #expect(quench_h5_kind_of(file, "/", "scan") == QUENCH_H5_UTF8_TEXT)
        #expect(strings(file, "/", "scan", count: 1).map { $0.map { Array($0.utf8) } } == [Array("Δ₀-Kibble-Zurek".utf8)])
        for observable in job.model.description.observables {
            #expect(quench_h5_kind_of(file, observable.name, nil) == QUENCH_H5_FLOAT64, "\(observable.name)")
            let meaning = try #require(strings(file, observable.name, "long_name", count: 1)?.first, "\(observable.name)")
            #expect(Array(meaning.utf8) == Array(observable.meaning.utf8))
        }
        #expect(job.model.description.observables.contains { $0.meaning.unicodeScalars.contains { !$0.isASCII } })
        #expect(quench_h5_kind_of(file, "status", nil) == QUENCH_H5_INT8)
    }

    @Test("text datasets and attributes read back byte for byte: non-ASCII, punctuation, spaces and the empty string")
    func textRoundTrip() throws {
        let texts = ["Δ₀ – Kibble–Zurek", "", "τ_Q = 1/√v"]
        let path = temporaryFolder() + "/text.h5"
        let file = quench_h5_create(path)
        try #require(file >= 0)
        #expect(HDF5Results.withCStrings(texts) { quench_h5_write_strings(file, "texts", UInt64(texts.count), $0) } == 0)
        #expect(quench_h5_string_attribute(file, "texts", "long_name", texts[0]) == 0)
        #expect(quench_h5_close(file) == 0)
        let reading = quench_h5_open_read(path)
        try #require(reading >= 0)
        defer { _ = quench_h5_close(reading) }
        #expect(quench_h5_kind_of(reading, "texts", "long_name") == QUENCH_H5_UTF8_TEXT)
        #expect(strings(reading, "texts", count: 3).map { $0.map { Array($0.utf8) } } == texts.map { Array($0.utf8) })
        #expect(strings(reading, "texts", "long_name", count: 1).map { $0.map { Array($0.utf8) } } == [Array(texts[0].utf8)])
        #expect(strings(reading, "texts", count: 2) == nil, "a count that does not match is refused")
    }

    @Test("an unwritable destination is an error naming the path, and leaves no file")
    func unwritable() {
        #expect(throws: OutputError.self) { try HDF5Results.write(job: Self.job, records: Self.records(), to: "/proc/quench-no/results.h5") }
    }
}
