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

    @Test("an unwritable destination is an error naming the path, and leaves no file")
    func unwritable() {
        #expect(throws: OutputError.self) { try HDF5Results.write(job: Self.job, records: Self.records(), to: "/proc/quench-no/results.h5") }
    }
}
