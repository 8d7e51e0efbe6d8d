import Foundation
import Testing

/// The bytes of the shipped jobs' results.csv and series.csv, kept so that a refactoring cannot move
/// a number unnoticed. The checksums were recorded on main before the model seam (commit b82bbda) and
/// the seam reproduced every one of them. A change that must move bytes (a bug fix, a better method)
/// updates the checksum in its own commit and says why. results.h5 is left out: its bytes also
/// depend on the libhdf5 build; HDF5ResultsTests checks that it holds results.csv's values.
struct ShippedJob: Sendable, CustomStringConvertible {
    let name: String
    /// FNV-1a 64 of each file, by file name.
    let checksums: [String: UInt64]
    var description: String { name }

    /// Jobs of up to about ten seconds each on this machine's two cores.
    static let fast: [ShippedJob] = [
        ShippedJob(name: "bcs-occupations", checksums: ["results.csv": 0x9503ac61d78ed999, "series.csv": 0x0c8ebfb63ace5cfd]),
        // n_exc from the Wronskian-normalised mode function, local tolerance = tolerance since issue 13;
        // n_exc moved by ≤ 0.13 of its bound (was 0x71787aef41ffeb0c).
        ShippedJob(name: "lmg-half-ramp", checksums: ["results.csv": 0x0cd0b8f226e8bad2]),
        ShippedJob(name: "bcs-gap", checksums: ["results.csv": 0xd0e4fa2297b97207]),
        ShippedJob(name: "bcs-profiles", checksums: ["results.csv": 0x83692bbcfad368de, "series.csv": 0xe8a2442a1595b9a8]),
        // bcs.classical under a global error control since issue 13 (runs at step scales 2k and k, k halved until
        // the Richardson estimate is ≤ tolerance/4): n_j moved by ≤ 5.3e-8 at tolerance 1e-7, steps 1.75× and 2.1×
        // (was 0xc0a542a6b31bb513; 0x97cfdcab874d6b4b, 0x8d81cd15efea53d2).
        ShippedJob(name: "bcs-classical", checksums: ["results.csv": 0xbf35fb6966fa52a9]),
        ShippedJob(name: "bcs-occupations-classical", checksums: ["results.csv": 0xea6ce619e796707e, "series.csv": 0x93c182ce57299f74]),
        // auto since issue 13/16 (was rk4, 0x2bdb7fb5a19de686).
        ShippedJob(name: "lz-two-level", checksums: ["results.csv": 0x8164033ccafc011d]),
        ShippedJob(name: "ising-kz", checksums: ["results.csv": 0xdd4480cc213b5316]),
        // rk4's step rule bounds the phase error too since issue 13, and the job's tolerance is 1e-7
        // (was 1e-9) to keep it short (was 0xf312664dd5639dcf).
        ShippedJob(name: "lz-load-balance", checksums: ["results.csv": 0x6cbfaddc7df4b5eb]),
        // bcs.classical's error control since issue 13: n_j moved by ≤ 6.8e-8 at tolerance 1e-7 (was 0x6d4274f8eddd4377).
        ShippedJob(name: "bcs-occupations-spectra", checksums: ["results.csv": 0xc32c59ad65693871]),
    ]

    /// Jobs of a minute or more, run with QUENCH_ALL_SHIPPED_JOBS=1. (bcs-entanglement and
    /// lmg-exact-full-ramp, 6 and 13 minutes, have none kept: the seam was compared on them at reduced size.)
    static let slow: [ShippedJob] = [
        // n_exc from the Wronskian-normalised mode function, local tolerance = tolerance since issue 13;
        // n_exc moved by ≤ 0.23 of its bound (was 0x76e5dbcdf8baa683).
        ShippedJob(name: "lmg-fig2c", checksums: ["results.csv": 0x2363166a8440e589]),
        // Magnus–Lanczos error per unit step and normalised tail probabilities since issue 13
        // (was 0xf193d72cc02ce4b9, 0x45ff5393111bcfd0); Magnus–Lanczos on the shared step-size
        // controller since issue 12 (was 0xef2fe3be2e4590f6, 0xd7bf3df0e055083b).
        ShippedJob(name: "bcs-occupations-dynamics", checksums: ["results.csv": 0xb9f3c7f5a440ced7, "series.csv": 0x00bf00e952f8a4be]),
    ]

    static var selected: [ShippedJob] {
        ProcessInfo.processInfo.environment["QUENCH_ALL_SHIPPED_JOBS"] == "1" ? fast + slow : fast
    }
}

/// FNV-1a, 64 bits: a checksum, not a hash for security.
func fnv1a64(_ data: Data) -> UInt64 {
    var hash: UInt64 = 0xcbf29ce484222325
    for byte in data {
        hash ^= UInt64(byte)
        hash = hash &* 0x100000001b3
    }
    return hash
}

@Suite("shipped jobs keep their bytes")
struct ShippedJobChecksumTests {
    @Test("FNV-1a of a known text")
    func checksumOfKnownText() {
        #expect(fnv1a64(Data()) == 0xcbf29ce484222325)
        #expect(fnv1a64(Data("a".utf8)) == 0xaf63dc4c8601ec8c)
    }

    @Test("results.csv and series.csv are byte-identical to the recorded ones", arguments: ShippedJob.selected)
    func bytesUnchanged(_ job: ShippedJob) throws {
        let output = temporaryFolder("shipped-" + job.name)
        let result = try Command.quench(["run", "jobs/\(job.name).toml", "--output", output, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        for (file, expected) in job.checksums.sorted(by: { $0.key < $1.key }) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: output + "/" + file))
            let found = fnv1a64(bytes)
            #expect(found == expected, """
                jobs/\(job.name).toml: \(file) changed (FNV-1a \(String(found, radix: 16)), recorded \(String(expected, radix: 16))); \
                if the change is meant, update the checksum in its own commit and say why
                """)
        }
    }
}
