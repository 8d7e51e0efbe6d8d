import Foundation
import Testing

@Suite("MPI module across ranks")
struct MPIModuleTests {
    @Test("point to point, probes, collectives and errors work across mpirun -n 2 and 3", arguments: [2, 3])
    func mpiCheck(ranks: Int) throws {
        let binary = URL(fileURLWithPath: QuenchBinary.path).deletingLastPathComponent().appendingPathComponent("mpi-check").path
        let mpirun = "/usr/bin/mpirun"
        #expect(FileManager.default.isExecutableFile(atPath: mpirun), "install openmpi-bin")
        let result = try Command.run(mpirun, ["-n", "\(ranks)", binary])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for r in 0..<ranks { #expect(result.stdout.contains("mpi-check: rank \(r) of \(ranks) ok"), "\(result.stdout)") }
    }
}
