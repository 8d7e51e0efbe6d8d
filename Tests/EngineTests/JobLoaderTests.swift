@testable import Engine
import Foundation
import Models
import TestSupport
import Testing

@Suite("Job files")
struct JobLoaderTests {
    @Test("malformed job files give file, line, key, bad value and what is allowed", arguments: MalformedJobs.all)
    func rejects(_ bad: MalformedJob) {
        do {
            _ = try JobLoader.parse(bad.text, file: "bad.toml")
            Issue.record("accepted \(bad.kind)")
        } catch {
            let message = error.description
            #expect(message.hasPrefix("bad.toml" + (bad.line.map { ":\($0)" } ?? "")), "\(message)")
            for words in bad.mustMention { #expect(message.contains(words), "'\(words)' missing from: \(message)") }
        }
    }

    @Test("a missing file is a clear error")
    func missingFile() {
        #expect(throws: JobFileError.self) { try JobLoader.load(path: "/nonexistent/job.toml") }
    }

    @Test("axes form a Cartesian product in file order, first axis slowest; defaults fill the rest")
    func cartesianProduct() throws {
        let job = try JobLoader.parse("""
            [scan]
            model = "lz.two-level"
            [axes]
            T = [10, 20]
            v = { linspace = [1, 2], count = 3 }
            """, file: "grid.toml")
        #expect(job.name == "grid")
        #expect(job.output == "results/grid")
        #expect(job.pointCount == 6)
        let points = (0..<6).map { job.point($0).values.map { $0.real! } }
        // model parameter order is (v, delta, T)
        #expect(points == [[1, 1, 10], [1.5, 1, 10], [2, 1, 10], [1, 1, 20], [1.5, 1, 20], [2, 1, 20]])
        #expect(job.integrator == IntegratorSettings(method: "auto", tolerance: TwoLevelLandauZener.description.defaultTolerance))
    }

    @Test("logspace and geomspace hit their end points exactly")
    func generators() throws {
        let job = try JobLoader.parse("""
            [scan]
            model = "lz.two-level"
            [axes]
            v = { logspace = [-1, 1], count = 5 }
            T = { geomspace = [3, 300], count = 3 }
            """, file: "g.toml")
        let v = job.axes[0].values.map { $0.real! }, t = job.axes[1].values.map { $0.real! }
        #expect(v.first == 0.1 && v.last == 10 && abs(v[2] - 1) < 1e-15)
        #expect(t.first == 3 && t.last == 300 && abs(t[1] - 30) < 1e-12)
    }

    @Test("negative levels with negative exponents are read as numbers")
    func negativeExponentLevels() throws {
        let job = try JobLoader.parse("""
            [scan]
            model = "bcs.quantum"
            [fixed]
            N = 3
            M = 1
            spectrum = "given"
            levels = [-5e-1, 1e-2, 5e-1]
            """, file: "levels.toml")
        #expect(job.fixed["levels"] == .list([-0.5, 0.01, 0.5]))
    }

    @Test("the fingerprint changes with anything that changes results, and only then")
    func fingerprint() throws {
        let base = "[scan]\nmodel = \"lz.two-level\"\n[axes]\nv = [1, 2]\n"
        let a = try JobLoader.parse(base, file: "a.toml")
        let renamed = try JobLoader.parse(base.replacingOccurrences(of: "[scan]\n", with: "[scan]\nname = \"other\"\noutput = \"elsewhere\"\n"), file: "b.toml")
        let changed = try JobLoader.parse(base + "[fixed]\nT = 60\n", file: "a.toml")
        #expect(a.fingerprint == renamed.fingerprint)
        #expect(a.fingerprint != changed.fingerprint)
    }

    @Test("every shipped job file is valid")
    func shippedJobs() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../jobs").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".toml") }
        #expect(!files.isEmpty)
        for file in files { _ = try JobLoader.load(path: folder.appendingPathComponent(file).path) }
    }
}
