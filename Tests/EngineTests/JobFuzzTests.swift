import Models
@testable import Engine
import Foundation
import TestSupport
import Testing

@Suite("Job file fuzzing")
struct JobFuzzTests {
    static let jobsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../jobs").standardized

    static func shippedJobs() throws -> [(name: String, text: String)] {
        try FileManager.default.contentsOfDirectory(atPath: jobsFolder.path).filter { $0.hasSuffix(".toml") }.sorted().map {
            ($0, try String(contentsOf: jobsFolder.appendingPathComponent($0), encoding: .utf8))
        }
    }

    @Test("4000 mutations of the shipped jobs: each parses to a job or to an error naming the file, never a crash")
    func mutationsNeverCrash() throws {
        var rng = SplitMix64(seed: 20_261_121)
        var accepted = 0, rejected = 0
        for round in 0..<4000 {
            let jobs = try Self.shippedJobs()
            let (name, text) = jobs[round % jobs.count]
            let mutated = JobMutator.mutate(text, &rng)
            do {
                let job = try JobLoader.parse(mutated, file: name)
                accepted += 1
                #expect(job.pointCount >= 1 && job.pointCount <= JobLoader.maximumPoints)
                _ = job.point(job.pointCount - 1)
            } catch {
                rejected += 1
                #expect(error.description.hasPrefix(name), "round \(round): \(error)")
                #expect(!error.message.isEmpty)
            }
        }
        #expect(accepted > 100 && rejected > 1000, "accepted \(accepted), rejected \(rejected)")
    }
}
