import CHDF5Shims
import Foundation
import Models

/// `results.h5`: the results as arrays over the scan axes, for h5py and xarray (netCDF-4 conventions,
/// `xarray.open_dataset(path, engine="h5netcdf")`). Each axis is a 1-D dataset and an HDF5 dimension
/// scale, typed by the kind of parameter the model declares: integers as int64 (exact beyond 2^53),
/// real numbers as float64, words and lists (as results.csv writes them) as variable-length UTF-8
/// strings. Each observable is a float64 dataset with one dimension per axis in file order (the first
/// axis varies slowest, as in results.csv), NaN where a point failed, its meaning in `long_name`;
/// `status` is int8 (1 ok, 0 failed, −1 missing). Fixed parameters (typed like the axes), the model
/// and the job name are file attributes; all text, attributes included, is variable-length UTF-8. A
/// scan without axes has one int64 dimension `point` of length 1. An observable whose name is also an
/// axis is stored as `<name>_value`. Written to a temporary file, synced and renamed, like the CSV.
package enum HDF5Results {
    package static func write(job: Job, records: [Int: Record], to path: String) throws(OutputError) {
        let description = job.model.description
        let temporary = "\(path).tmp-\(getpid())"
        let file = quench_h5_create(temporary)
        guard file >= 0 else { throw OutputError(path: temporary, reason: "HDF5 cannot create the file") }
        var failure: String?
        func check(_ status: Int32, _ what: String) {
            if status < 0 && failure == nil { failure = what }
        }
        let axes: [(name: String, values: [ParameterValue])] = job.axes.isEmpty
            ? [("point", [.integer(0)])] : job.axes.map { ($0.parameter, $0.values) }
        let dims = axes.map { UInt64($0.values.count) }
        for axis in axes {
            check(writeAxis(file, axis.name, axis.values), "axis \(axis.name)")
            check(quench_h5_make_scale(file, axis.name), "dimension scale \(axis.name)")
        }
        let count = job.pointCount
        let axisNames = Set(axes.map(\.name))
        for (k, observable) in description.observables.enumerated() {
            let name = axisNames.contains(observable.name) ? observable.name + "_value" : observable.name
            var values = [Double](repeating: .nan, count: count)
            for index in 0..<count {
                if let record = records[index], case .finished(let v) = record.outcome { values[index] = v[k] }
            }
            check(quench_h5_write_doubles(file, name, Int32(dims.count), dims, values), "observable \(name)")
            for (d, axis) in axes.enumerated() { check(quench_h5_attach_scale(file, name, axis.name, Int32(d)), "dimension \(axis.name) of \(name)") }
            check(quench_h5_string_attribute(file, name, "long_name", observable.meaning), "long_name of \(name)")
        }
        let status: [Int8] = (0..<count).map { index in
            guard let record = records[index] else { return -1 }
            if case .finished = record.outcome { return 1 }
            return 0
        }
        check(quench_h5_write_int8(file, "status", Int32(dims.count), dims, status), "status")
        for (d, axis) in axes.enumerated() { check(quench_h5_attach_scale(file, "status", axis.name, Int32(d)), "dimension \(axis.name) of status") }
        check(quench_h5_string_attribute(file, "status", "long_name", "1 ok, 0 failed, -1 missing"), "status attribute")
        check(quench_h5_string_attribute(file, "/", "model", description.name), "model attribute")
        check(quench_h5_string_attribute(file, "/", "scan", job.name), "scan attribute")
        check(quench_h5_string_attribute(file, "/", "integrator_method", job.integrator.method), "integrator attribute")
        check(quench_h5_double_attribute(file, "/", "integrator_tolerance", job.integrator.tolerance), "integrator attribute")
        for name in job.fixed.keys.sorted() {
            check(writeAttribute(file, name, job.fixed[name]!), "attribute \(name)")
        }
        check(quench_h5_close(file), "close")
        if let failure {
            unlink(temporary)
            throw OutputError(path: path, reason: "HDF5 could not write \(failure)")
        }
        let fd = open(temporary, O_RDONLY)
        let synced = fd >= 0 && fsync(fd) == 0
        if fd >= 0 { close(fd) }
        guard synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .system(path, "cannot sync or rename into place")
        }
        AtomicFile.syncFolder(of: path)
    }

    /// Axis `name` as a 1-D dataset: the job loader gives each value the kind its parameter declares
    /// (`ParameterDomain`), so an axis is all `.integer` (int64), all `.real` (float64), or words or
    /// lists (UTF-8 text, as results.csv writes them).
    static func writeAxis(_ file: quench_h5_file, _ name: String, _ values: [ParameterValue]) -> Int32 {
        let count = [UInt64(values.count)]
        let integers = values.compactMap { value -> Int64? in
            if case .integer(let n) = value { Int64(n) } else { nil }
        }
        if integers.count == values.count { return quench_h5_write_int64(file, name, 1, count, integers) }
        let reals = values.compactMap(\.real)
        if reals.count == values.count { return quench_h5_write_doubles(file, name, 1, count, reals) }
        return withCStrings(values.map(\.description)) { quench_h5_write_strings(file, name, count[0], $0) }
    }

    /// Fixed parameter `name` as a file attribute of its kind: int64, float64, or UTF-8 text.
    static func writeAttribute(_ file: quench_h5_file, _ name: String, _ value: ParameterValue) -> Int32 {
        switch value {
        case .integer(let n): quench_h5_int64_attribute(file, "/", name, Int64(n))
        case .real(let x): quench_h5_double_attribute(file, "/", name, x)
        case .text, .list: quench_h5_string_attribute(file, "/", name, value.description)
        }
    }

    /// Calls `body` with `strings` as NUL-terminated UTF-8 C strings that live for the call.
    static func withCStrings<Result>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> Result) -> Result {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { UnsafePointer($0) })
    }
}
