import Foundation
import Testing

/// [record] series through the whole engine: journal, MPI transport, series.csv, resume.
@Suite("series.csv, end to end", .serialized)
struct SeriesEndToEndTests {
    static let job = """
        [scan]
        name = "series-e2e"
        model = "bcs.quantum"

        [axes]
        N = [6, 8]

        [fixed]
        protocol = "product"
        spectrum = "zabalo"
        t0 = 1e-5
        T = 10.0

        [record]
        series = ["S_ent", "n_profile"]
        samples = 5
        """

    func file(_ folder: String, _ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)) }

    @Test("series.csv has every sample in long format, the same bytes for 1 thread, mpirun -n 2 and a resume from the journal; results.h5 too")
    func sameBytes() throws {
        let jobFile = temporaryFolder("series-job") + "/series.toml"
        try Self.job.write(toFile: jobFile, atomically: true, encoding: .utf8)
        let reference = temporaryFolder("series-t1")
        let local = try Command.quench(["run", jobFile, "--threads", "1", "--output", reference, "--quiet"])
        #expect(local.status == 0, "\(local.stderr)")
        let series = String(decoding: try file(reference, "series.csv"), as: UTF8.self)
        let lines = series.split(separator: "\n")
        #expect(lines.first == "point,N,series,x,value")
        // Per point: 5 entropy samples and N occupations.
        #expect(lines.count == 1 + (5 + 6) + (5 + 8))
        #expect(lines.filter { $0.hasPrefix("1,8,n_profile,") }.count == 8)
        let entropyAtEnd = lines.first { $0.hasPrefix("0,6,S_ent,10.0,") }
        #expect(entropyAtEnd != nil)

        let mpi = temporaryFolder("series-np2")
        let result = try Command.mpirun(2, ["run", jobFile, "--output", mpi, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try file(mpi, "series.csv") == file(reference, "series.csv"))
        #expect(try file(mpi, "results.csv") == file(reference, "results.csv"))
        #expect(try file(mpi, "results.h5") == file(reference, "results.h5"), "results.h5 differs between 1 thread and 2 ranks")

        // Everything from the journal: remove the outputs and resume.
        try FileManager.default.removeItem(atPath: reference + "/series.csv")
        let resumed = try Command.quench(["run", jobFile, "--resume", "--output", reference, "--quiet"])
        #expect(resumed.status == 0 && resumed.stdout.contains("2 from the journal"), "\(resumed.stdout)\(resumed.stderr)")
        #expect(try file(reference, "series.csv") == file(mpi, "series.csv"))
    }
}
