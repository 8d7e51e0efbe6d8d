// Exercises every operation of the MPI module across the ranks of `mpirun -n N` (N ≥ 2) and
// prints "mpi-check: rank r of N ok", or the failed checks, exiting 1.
import Foundation
import MPI

var failures: [String] = []
@MainActor func expect(_ condition: Bool, _ what: @autoclosure () -> String) {
    if !condition { failures.append(what()) }
}

do {
    let world = try MPIEnvironment.initialize()
    let rank = world.rank, size = world.size
    expect(size >= 2, "world size \(size), expected at least 2")

    // Nothing has been sent yet, so nothing is pending.
    expect(try world.probeIfPending(Double.self, tag: 99) == nil, "probeIfPending saw a message before any was sent")
    try world.barrier()

    // Ring: each rank sends rank+1 doubles to its right neighbour; lengths vary per message.
    let right = (rank + 1) % size, left = (rank + size - 1) % size
    let payload = (0...rank).map { Double($0) + 0.5 * Double(rank) }
    if rank % 2 == 0 {
        try world.send(payload, to: right, tag: 7)
        let (values, info) = try world.receive(Double.self, source: left, tag: 7)
        expect(info.source == left && info.count == left + 1, "ring envelope \(info)")
        expect(values == (0...left).map { Double($0) + 0.5 * Double(left) }, "ring values \(values)")
    } else {
        let (values, info) = try world.receive(Double.self, source: left, tag: 7)
        try world.send(payload, to: right, tag: 7)
        expect(info.count == left + 1 && values.last == Double(left) * 1.5, "ring values \(values)")
    }

    // Any-source probe on rank 0 sees every other rank's message.
    if rank == 0 {
        var seen = Set<Int>()
        for _ in 1..<size {
            let info = try world.probe(Int64.self, tag: 8)
            let (values, _) = try world.receive(Int64.self, source: info.source, tag: 8)
            expect(values == [Int64(info.source), -1], "tag 8 from \(info.source): \(values)")
            seen.insert(info.source)
        }
        expect(seen == Set(1..<size), "rank 0 saw \(seen)")
    } else {
        try world.send([Int64(rank), -1], to: 0, tag: 8)
    }

    let sums = try world.allreduce([Double(rank), 1], .sum)
    expect(sums == [Double(size * (size - 1) / 2), Double(size)], "allreduce sum \(sums)")
    let extremes = try world.allreduce([Int64(rank), -Int64(rank)], .max)
    expect(extremes == [Int64(size - 1), 0], "allreduce max \(extremes)")
    let minimum = try world.allreduce([Int64(rank + 3)], .min)
    expect(minimum == [3], "allreduce min \(minimum)")

    let broadcast = try world.broadcast(rank == 1 ? [7.25, -1] : [0, 0], root: 1)
    expect(broadcast == [7.25, -1], "broadcast \(broadcast)")

    let gathered = try world.gatherv([UInt8](repeating: UInt8(rank), count: rank), root: 0)
    if rank == 0 {
        expect(gathered == (0..<size).map { [UInt8](repeating: UInt8($0), count: $0) }, "gatherv \(gathered)")
    } else {
        expect(gathered.isEmpty, "gatherv off root returned \(gathered)")
    }

    let chunks = rank == 0 ? (0..<size).map { r in (0..<(2 * r + 1)).map { Int64(100 * r + $0) } } : []
    let mine = try world.scatterv(chunks, root: 0)
    expect(mine == (0..<(2 * rank + 1)).map { Int64(100 * rank + $0) }, "scatterv \(mine)")

    // An error from MPI becomes a Swift error, not an abort.
    do {
        try world.send([1.0], to: size + 5, tag: 1)
        expect(false, "send to a rank outside the world did not throw")
    } catch {
        expect("\(error)".contains("MPI_Send"), "error text \(error)")
    }

    try world.barrier()
    if failures.isEmpty {
        print("mpi-check: rank \(rank) of \(size) ok")
    } else {
        print("mpi-check: rank \(rank) failed: " + failures.joined(separator: "; "))
    }
    MPIEnvironment.finalize()
    exit(failures.isEmpty ? 0 : 1)
} catch {
    print("mpi-check: \(error)")
    exit(1)
}
