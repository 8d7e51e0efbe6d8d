import MPI

/// Under a launcher, every rank must hold the same job and run the same build (build flavours round
/// differently in the last bits), and the ranks all go on or all stop. Shared by `run` and `verify`.
enum RankAgreement {
    /// Returns when every rank goes on. Otherwise throws this rank's own refusal, or, on a rank
    /// without one, `.stoppedByRankZero` with the largest exit code among the ranks' refusals, so
    /// that every rank stops with the same code. `fingerprint` is this rank's job's (nil when it
    /// has none, and `refusal` says why); `disagreement` is the refusal when fingerprints differ.
    static func check(_ communicator: Communicator, fingerprint: UInt64?, refusal: RunError?, disagreement: Refusal) throws(RunError) {
        var refusal = refusal
        // max of x and of −x over the ranks: equal ranks give x and −x (wrapping, so no value traps).
        let job = Int64(bitPattern: fingerprint ?? 0), flavour = Int64(bitPattern: FNV1a.hash(BuildInfo.flavour))
        let agreed: [Int64], go: [Int64]
        do { agreed = try communicator.allreduce([job, 0 &- job, flavour, 0 &- flavour], .max) } catch { throw .mpi(error) }
        if agreed[0] != 0 &- agreed[1] && refusal == nil {
            refusal = .refused(disagreement)
        }
        if agreed[2] != 0 &- agreed[3] && refusal == nil {
            refusal = .refused(.differentBuilds(rank: communicator.rank, flavour: BuildInfo.flavour))
        }
        do { go = try communicator.allreduce([Int64(refusal?.exitCode ?? 0)], .max) } catch { throw .mpi(error) }
        if go[0] != 0 { throw refusal ?? .stoppedByRankZero(exitCode: Int32(go[0])) }
    }
}
