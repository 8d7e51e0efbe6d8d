import CMPI
import CMPIShims

/// Element types that travel over MPI as themselves (no serialisation).
package protocol MPIScalar: Sendable {
    static var mpiDatatype: MPI_Datatype { get }
}
extension Double: MPIScalar { package static var mpiDatatype: MPI_Datatype { QMPI_DOUBLE } }
extension Int64: MPIScalar { package static var mpiDatatype: MPI_Datatype { QMPI_INT64 } }
extension Int32: MPIScalar { package static var mpiDatatype: MPI_Datatype { QMPI_INT32 } }
extension UInt8: MPIScalar { package static var mpiDatatype: MPI_Datatype { QMPI_BYTE } }

/// Reduction operators for `allreduce`.
package enum ReductionOperator: Sendable {
    case sum, max, min
    var handle: MPI_Op {
        switch self {
        case .sum: QMPI_SUM
        case .max: QMPI_MAX
        case .min: QMPI_MIN
        }
    }
}

/// Where a received message came from and how long it is.
package struct MessageInfo: Sendable, Equatable {
    package let source: Int
    package let tag: Int
    package let count: Int
}

/// A typed, throwing face of an MPI communicator. Call it from one thread per rank only.
///
/// `@unchecked Sendable`: the handle is an opaque C pointer (`MPI_Comm`), which Swift cannot check;
/// it is never dereferenced in Swift, and the rule above (one calling thread, as MPI_THREAD_FUNNELED
/// asks) is what keeps its use safe.
package struct Communicator: @unchecked Sendable {
    package let handle: MPI_Comm
    package let rank: Int
    package let size: Int

    static func world() throws(MPIError) -> Communicator {
        var rank: Int32 = 0, size: Int32 = 0
        try check(MPI_Comm_rank(QMPI_COMM_WORLD, &rank), "MPI_Comm_rank")
        try check(MPI_Comm_size(QMPI_COMM_WORLD, &size), "MPI_Comm_size")
        return Communicator(handle: QMPI_COMM_WORLD, rank: Int(rank), size: Int(size))
    }

    package static let anySource = Int(MPI_ANY_SOURCE)
    package static let anyTag = Int(MPI_ANY_TAG)

    // MARK: point to point

    package func send<T: MPIScalar>(_ values: [T], to destination: Int, tag: Int) throws(MPIError) {
        let code = values.withUnsafeBufferPointer {
            MPI_Send($0.baseAddress, Int32($0.count), T.mpiDatatype, Int32(destination), Int32(tag), handle)
        }
        try check(code, "MPI_Send to rank \(destination)")
    }

    /// Blocks until a message matching source and tag is available; does not receive it.
    package func probe<T: MPIScalar>(_ type: T.Type, source: Int = anySource, tag: Int = anyTag) throws(MPIError) -> MessageInfo {
        var status = MPI_Status()
        try check(MPI_Probe(Int32(source), Int32(tag), handle, &status), "MPI_Probe")
        return try info(status, T.self)
    }

    /// Returns a pending message's envelope, or nil at once if none is waiting.
    package func probeIfPending<T: MPIScalar>(_ type: T.Type, source: Int = anySource, tag: Int = anyTag) throws(MPIError) -> MessageInfo? {
        var status = MPI_Status()
        var flag: Int32 = 0
        try check(MPI_Iprobe(Int32(source), Int32(tag), handle, &flag, &status), "MPI_Iprobe")
        return flag != 0 ? try info(status, T.self) : nil
    }

    /// Receives one whole message of `T`s, of any length, from the given source and tag.
    package func receive<T: MPIScalar>(_ type: T.Type, source: Int = anySource, tag: Int = anyTag) throws(MPIError) -> (values: [T], info: MessageInfo) {
        let envelope = try probe(T.self, source: source, tag: tag)
        var values = [T](unsafeUninitializedCapacity: envelope.count) { _, count in count = envelope.count }
        var status = MPI_Status()
        let code = values.withUnsafeMutableBufferPointer {
            MPI_Recv($0.baseAddress, Int32(envelope.count), T.mpiDatatype, Int32(envelope.source), Int32(envelope.tag), handle, &status)
        }
        try check(code, "MPI_Recv from rank \(envelope.source)")
        return (values, envelope)
    }

    private func info<T: MPIScalar>(_ status: MPI_Status, _: T.Type) throws(MPIError) -> MessageInfo {
        var status = status
        var count: Int32 = 0
        try check(MPI_Get_count(&status, T.mpiDatatype, &count), "MPI_Get_count")
        return MessageInfo(source: Int(status.MPI_SOURCE), tag: Int(status.MPI_TAG), count: Int(count))
    }

    // MARK: collectives

    package func barrier() throws(MPIError) {
        try check(MPI_Barrier(handle), "MPI_Barrier")
    }

    /// Element-wise reduction of `values` over all ranks; every rank gets the result.
    package func allreduce<T: MPIScalar>(_ values: [T], _ op: ReductionOperator) throws(MPIError) -> [T] {
        var result = values
        let code = values.withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { output in
                MPI_Allreduce(input.baseAddress, output.baseAddress, Int32(input.count), T.mpiDatatype, op.handle, handle)
            }
        }
        try check(code, "MPI_Allreduce")
        return result
    }

    /// Rank `root`'s values, on every rank. Every rank must pass the same count.
    package func broadcast<T: MPIScalar>(_ values: [T], root: Int = 0) throws(MPIError) -> [T] {
        var buffer = values
        let code = buffer.withUnsafeMutableBufferPointer {
            MPI_Bcast($0.baseAddress, Int32($0.count), T.mpiDatatype, Int32(root), handle)
        }
        try check(code, "MPI_Bcast")
        return buffer
    }

    /// Gathers a variable number of values from every rank at `root` (counts with `MPI_Gather`,
    /// then `MPI_Gatherv`). Returns one array per rank on the root, and an empty list elsewhere.
    package func gatherv<T: MPIScalar>(_ values: [T], root: Int = 0) throws(MPIError) -> [[T]] {
        var counts = [Int32](repeating: 0, count: size)
        var myCount = Int32(values.count)
        try check(MPI_Gather(&myCount, 1, Int32.mpiDatatype, &counts, 1, Int32.mpiDatatype, Int32(root), handle), "MPI_Gather")
        var displacements = [Int32](repeating: 0, count: size)
        for r in 1..<max(size, 1) { displacements[r] = displacements[r - 1] + counts[r - 1] }
        let total = rank == root ? Int(counts.reduce(0, +)) : 0
        var gathered = [T](unsafeUninitializedCapacity: total) { _, count in count = total }
        let code = values.withUnsafeBufferPointer { input in
            gathered.withUnsafeMutableBufferPointer { output in
                MPI_Gatherv(input.baseAddress, myCount, T.mpiDatatype, output.baseAddress, counts, displacements,
                            T.mpiDatatype, Int32(root), handle)
            }
        }
        try check(code, "MPI_Gatherv")
        guard rank == root else { return [] }
        return (0..<size).map { r in Array(gathered[Int(displacements[r])..<Int(displacements[r] + counts[r])]) }
    }

    /// Rank `root` sends `chunks[r]` to rank r (`MPI_Scatterv`); every rank returns its own chunk.
    /// Only the root's `chunks` are read; it must hold one array per rank.
    package func scatterv<T: MPIScalar>(_ chunks: [[T]], root: Int = 0) throws(MPIError) -> [T] {
        let counts = rank == root ? chunks.map { Int32($0.count) } : [Int32](repeating: 0, count: size)
        let myCount = try scatterCount(counts, root: root)
        var displacements = [Int32](repeating: 0, count: size)
        for r in 1..<max(size, 1) { displacements[r] = displacements[r - 1] + counts[r - 1] }
        let flat = rank == root ? chunks.flatMap { $0 } : []
        var mine = [T](unsafeUninitializedCapacity: Int(myCount)) { _, count in count = Int(myCount) }
        let code = flat.withUnsafeBufferPointer { input in
            mine.withUnsafeMutableBufferPointer { output in
                MPI_Scatterv(input.baseAddress, counts, displacements, T.mpiDatatype,
                             output.baseAddress, myCount, T.mpiDatatype, Int32(root), handle)
            }
        }
        try check(code, "MPI_Scatterv")
        return mine
    }

    private func scatterCount(_ counts: [Int32], root: Int) throws(MPIError) -> Int32 {
        var mine: Int32 = 0
        try check(MPI_Scatter(counts, 1, Int32.mpiDatatype, &mine, 1, Int32.mpiDatatype, Int32(root), handle), "MPI_Scatter")
        return mine
    }
}
