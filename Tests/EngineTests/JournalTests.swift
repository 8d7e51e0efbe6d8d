@testable import Engine
import Foundation
import Models
import Testing

func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "quench-test-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("Journal and records")
struct JournalTests {
    let job = try! JobLoader.parse("[scan]\nmodel = \"lz.two-level\"\n[axes]\nv = [1, 2, 3, 4]\n", file: "j.toml")
    let records = [
        Record(index: 2, outcome: .finished([0.1, -0.0, .infinity, 1e-300]), rank: 1),
        Record(index: 0, outcome: .failed(reason: "step size underflow at t = 1.5, 100%"), rank: 0),
        Record(index: 3, outcome: .finished([.pi, 2, 3, .nan]), rank: 0),
        Record(index: 1, outcome: .finished([1, 2, 3, 4]), rank: 2, series: [
            SeriesData(name: "S_ent", coordinates: [1e-5, 0.1, 10], values: [0.5, -0.0, .nan]),
            SeriesData(name: "n_profile", coordinates: [], values: []),
        ]),
    ]

    func sameBits(_ a: Record, _ b: Record) -> Bool {
        guard a.index == b.index, a.rank == b.rank, a.series.count == b.series.count else { return false }
        for (x, y) in zip(a.series, b.series) {
            guard x.name == y.name, x.coordinates.map(\.bitPattern) == y.coordinates.map(\.bitPattern),
                  x.values.map(\.bitPattern) == y.values.map(\.bitPattern) else { return false }
        }
        switch (a.outcome, b.outcome) {
        case let (.finished(x), .finished(y)): return x.map(\.bitPattern) == y.map(\.bitPattern)
        case let (.failed(x), .failed(y)): return x == y
        default: return false
        }
    }

    @Test("records survive the journal bit for bit")
    func roundTrip() throws {
        let journal = Journal(folder: temporaryFolder() + "/journal")
        try journal.create(for: job)
        try journal.append(Array(records[0..<2]))
        try journal.append(Array(records[2...]))
        let read = try Journal(folder: journal.folder).resume(observableCount: 4).records
        #expect(read.count == 4)
        for record in records { #expect(sameBits(read[record.index]!, record)) }
        #expect(try journal.readIdentity() == Journal.identity(of: job))
    }

    @Test("a line cut by a kill, or damaged, is dropped and the journal repaired")
    func repairsTail() throws {
        let journal = Journal(folder: temporaryFolder() + "/journal")
        try journal.create(for: job)
        try journal.append(records)
        var text = try String(contentsOfFile: journal.recordsPath, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines[0].hasPrefix("#job \(FNV1a.hex(job.fingerprint)) \(BuildInfo.flavour)"))
        // Damage the middle line's checksum and cut the last line in half.
        text = lines[0] + "\n" + lines[1] + "\n" + lines[2].replacingOccurrences(of: "*", with: "*0") + "\n" + lines[3].prefix(10)
        try text.write(toFile: journal.recordsPath, atomically: true, encoding: .utf8)
        let reader = Journal(folder: journal.folder)
        let resumed = try reader.resume(observableCount: 4)
        #expect(Array(resumed.records.keys) == [2])
        #expect(resumed.repairs.count == 2 && resumed.repairs[0].contains("dropped 1 damaged line(s) (line 3)")
                && resumed.repairs[1].contains("unfinished last line"), "\(resumed.repairs)")
        let repaired = try String(contentsOfFile: journal.recordsPath, encoding: .utf8)
        #expect(repaired == lines[0] + "\n" + lines[1] + "\n")
        try reader.append([records[2]])
        #expect(try Journal(folder: journal.folder).resume(observableCount: 4).records.count == 2)
    }

    @Test("records cross MPI as bytes bit for bit")
    func codec() throws {
        let decoded = try RecordCodec.decode(RecordCodec.encode(records))
        #expect(decoded.count == records.count)
        for (a, b) in zip(decoded, records) { #expect(sameBits(a, b)) }
        #expect(throws: RecordCodec.Malformed.self) { try RecordCodec.decode(Array(RecordCodec.encode(records).dropLast())) }
    }

    @Test("results.csv: sorted by point, exact numbers, a status column")
    func resultsTable() {
        var byIndex: [Int: Record] = [:]
        for r in records { byIndex[r.index] = r }
        byIndex[1] = Record(index: 1, outcome: .finished([0.1 + 0.2, 1, 2, 3]), rank: 0)
        let csv = ResultsTable.csv(job: job, records: byIndex)
        let lines = csv.split(separator: "\n")
        #expect(lines[0] == "point,v,delta,T,p_stay,p_adiabatic,norm_error,p_lz,status")
        #expect(lines[1] == "0,1.0,1.0,50.0,nan,nan,nan,nan,failed")
        #expect(lines[2] == "1,2.0,1.0,50.0,0.30000000000000004,1.0,2.0,3.0,ok")
        #expect(lines[3] == "2,3.0,1.0,50.0,0.1,-0.0,inf,1e-300,ok")
        #expect(Double(String(lines[2].split(separator: ",")[4])) == 0.1 + 0.2)
    }
}

@Suite("Point dispenser")
struct PointDispenserTests {
    @Test("every point once, most expensive first, chunks shrinking with the remaining cost")
    func guidedChunks() {
        let cost: (Int) -> Double = { Double(($0 * 7919) % 101 + 1) }
        let pending = Array(0..<500).filter { $0 % 5 != 0 }
        let dispenser = PointDispenser(pending: pending, cost: cost, workers: 4)
        var chunks: [[Int]] = []
        while case let chunk = dispenser.nextChunk(), !chunk.isEmpty { chunks.append(chunk) }
        let all = chunks.flatMap { $0 }
        #expect(all.sorted() == pending)
        #expect(zip(all, all.dropFirst()).allSatisfy { cost($0) >= cost($1) })
        let chunkCosts = chunks.map { $0.reduce(0) { $0 + cost($1) } }
        #expect(chunkCosts.first! > 4 * chunkCosts.last!)
        #expect(chunks.dropLast().allSatisfy { $0.count >= 8 })
        #expect(dispenser.remaining == 0)
    }
}

@Suite("Point dispenser, one point at a time")
struct PointDispenserSingleTests {
    @Test("with minimum chunk 1, equally expensive points are spread over the workers, not handed to one")
    func spreadsExpensivePoints() {
        let cost: (Int) -> Double = { $0 < 8 ? 1000 : 1 }
        let dispenser = PointDispenser(pending: Array(0..<52), cost: cost, workers: 2, minimumChunk: 1)
        let first = dispenser.nextChunk(), second = dispenser.nextChunk()
        #expect(first.count <= 2 && second.count <= 2, "\(first), \(second)")
        #expect(first.allSatisfy { $0 < 8 } && second.allSatisfy { $0 < 8 })
    }
}

@Suite("Scan status")
struct ScanStatusTests {
    @Test("status counts done, failed and remaining points and per-rank activity from the journal")
    func fromJournal() throws {
        let job = try JobLoader.parse("[scan]\nmodel = \"lz.two-level\"\n[axes]\nv = [1, 2, 3, 4, 5]\n", file: "s.toml")
        let folder = temporaryFolder()
        let journal = Journal(folder: folder + "/journal")
        try journal.create(for: job)
        try journal.append([Record(index: 0, outcome: .finished([1, 2, 3, 4]), rank: 0),
                            Record(index: 3, outcome: .failed(reason: "step size underflow"), rank: 1)])
        try journal.append([Record(index: 1, outcome: .finished([1, 2, 3, 4]), rank: 1)])
        let status = try ScanStatus.read(folder)
        #expect(status.points == 5 && status.done == 3 && status.remaining == 2)
        #expect(status.failed.map(\.index) == [3] && status.failed[0].reason == "step size underflow")
        #expect(status.perRank == [0: 1, 1: 2])
        #expect(!status.finished)
        #expect(status.text.contains("done 3 (1 failed), remaining 2") && status.text.contains("failed point 3: step size underflow"))
        let later = try ScanStatus.read(folder, now: Date().addingTimeInterval(600))
        #expect(later.text.contains("stopped") && later.text.contains("--resume"))
        #expect(throws: ScanStatus.Failure.self) { try ScanStatus.read(temporaryFolder()) }
    }
}

@Suite("Static assignments")
struct AssignmentTests {
    /// The cost profile of jobs/lz-load-balance.toml: RK4 step counts over four decades of v.
    let job = try! JobLoader.parse("[scan]\nmodel = \"lz.two-level\"\n[axes]\nv = { logspace = [-2, 2], count = 512 }\n[fixed]\nT = 30.0\n[integrator]\nmethod = \"rk4\"\n", file: "lb.toml")

    func imbalance(_ lists: [[Int]], _ cost: (Int) -> Double) -> Double {
        let loads = lists.map { $0.reduce(0) { $0 + cost($1) } }
        return loads.max()! / (loads.reduce(0, +) / Double(loads.count))
    }

    @Test("cost-balanced static assignment: estimated imbalance ≤ 1.05 at 2 and 3 ranks; the naive even split is ≥ 1.5; every point once")
    func balance() {
        let cost = { (i: Int) in self.job.runner.estimatedCost(self.job.point(i)) }
        let points = Array(0..<job.pointCount)
        for ranks in [2, 3] {
            let balanced = Assignment.make(points, cost: cost, ranks: ranks, kind: .balanced)
            let even = Assignment.make(points, cost: cost, ranks: ranks, kind: .even)
            #expect(balanced.flatMap { $0 }.sorted() == points && even.flatMap { $0 }.sorted() == points)
            #expect(imbalance(balanced, cost) <= 1.05, "static, \(ranks) ranks: \(imbalance(balanced, cost))")
            #expect(imbalance(even, cost) >= 1.5, "even, \(ranks) ranks: \(imbalance(even, cost))")
        }
    }
}

@Suite("Output folder checks")
struct OutputFolderTests {
    @Test("a scan that cannot fit on the disk is refused before any work; free space is read from the file system")
    func diskSpace() throws {
        let job = try JobLoader.parse("[scan]\nmodel = \"lz.two-level\"\n[axes]\nv = { linspace = [1, 2], count = 100000 }\n", file: "big.toml")
        let required = OutputFolder.requiredBytes(job)
        #expect(required > 1e7 && required < 1e9)
        #expect(throws: RunError.self) { try OutputFolder.checkSpace(required: required, free: required / 2, folder: "out") }
        #expect(throws: Never.self) { try OutputFolder.checkSpace(required: required, free: required * 2, folder: "out") }
        #expect(throws: Never.self) { try OutputFolder.checkSpace(required: required, free: nil, folder: "out") }
        do {
            try OutputFolder.checkSpace(required: 2e9, free: 1e6, folder: "results/x")
        } catch {
            guard case .refused(.notEnoughSpace(let folder, let required, let free)) = error else {
                Issue.record("expected a notEnoughSpace refusal, got \(error)")
                return
            }
            #expect(folder == "results/x" && required == 2e9 && free == 1e6)
            #expect(error.description.contains("not enough disk space for results/x") && error.exitCode == 2)
        }
        #expect((OutputFolder.freeBytes(at: NSTemporaryDirectory()) ?? 0) > 0)
    }

    @Test("--retry-failed drops failed records, allows other integrator settings only, and updates the journal's identity")
    func retryFailedPreparation() throws {
        let text = "[scan]\nmodel = \"lz.two-level\"\n[axes]\nv = [1, 2, 3]\n[integrator]\nmethod = \"rk4\"\ntolerance = "
        let first = try JobLoader.parse(text + "1e-9\n", file: "a.toml"), second = try JobLoader.parse(text + "1e-10\n", file: "a.toml")
        let folder = OutputFolder(path: temporaryFolder())
        let prepared = try folder.prepare(for: first, resume: false, overwrite: false)
        let journal = prepared.journal
        prepared.lock.release()
        try journal.append([Record(index: 0, outcome: .finished([1, 2, 3, 4]), rank: 0), Record(index: 1, outcome: .failed(reason: "x"), rank: 0)])
        #expect(throws: RunError.self) { _ = try folder.prepare(for: second, resume: true, overwrite: false) }
        let retrying = try folder.prepare(for: second, resume: false, overwrite: false, retryFailed: true)
        retrying.lock.release()
        #expect(Array(retrying.records.keys) == [0] && retrying.retried == 1, "the first settings' record still counts")
        let identity = try folder.journal.readIdentity()
        #expect(identity.fingerprint == FNV1a.hex(second.fingerprint) && identity.earlierFingerprints == [FNV1a.hex(first.fingerprint)])
        let moved = try JobLoader.parse(text.replacingOccurrences(of: "[1, 2, 3]", with: "[1, 2, 4]") + "1e-10\n", file: "a.toml")
        #expect(throws: RunError.self) { _ = try folder.prepare(for: moved, resume: false, overwrite: false, retryFailed: true) }
    }
}
