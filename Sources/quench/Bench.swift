import ArgumentParser
import Bench
import Foundation
import Integrators

extension Quench {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure kernel and scan throughput on one core of this machine.",
            discussion: "Every rate is per core, next to the core's floating-point peak measured in the same run.")

        func run() throws {
            let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
                .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
                .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
            print("quench bench: \(cpu); build: \(LaneMath.fusedMultiplyAdd ? "target CPU with fused multiply-add (QUENCH_TARGET_CPU)" : "portable x86-64, no FMA (set QUENCH_TARGET_CPU=native for the vector unit)")")
            let peak = PeakFlops.measure()
            print(String(format: "measured peak: %.1f GFLOP/s per core (%d chains of SIMD8 multiply-adds)", peak, PeakFlops.chains))
            let bandwidth = MemoryBandwidth.measure()
            print(String(format: "measured memory bandwidth: %.1f GB/s per core (STREAM triad)\n", bandwidth))
            print(pad("kernel", 40) + pad("rate", 22) + pad("GFLOP/s", 9) + pad("of peak", 9) + "note")
            for r in KernelBenchmarks.run() + LargeStateBenchmarks.run() + SpinBenchmarks.run() + PairingBenchmarks.operatorRates() {
                let flops = r.gflops.map { String(format: "%.1f", $0) } ?? "-"
                let shares = [r.gflops.map { String(format: "%.0f%%", 100 * $0 / peak) },
                              r.gigabytesPerSecond.map { String(format: "%.0f%% BW", 100 * $0 / bandwidth) }].compactMap { $0 }
                let share = shares.isEmpty ? "-" : shares.joined(separator: ", ")
                print(pad(r.name, 40) + pad(String(format: "%.3g %@", r.rate, r.unit), 22) + pad(flops, 9) + pad(share, 9) + r.note)
            }
            print("\n" + pad("scan (one core)", 54) + pad("points", 8) + pad("seconds", 10) + "note")
            for r in ScanBenchmarks.run() + PairingBenchmarks.points() {
                print(pad(r.name, 54) + pad("\(r.points)", 8) + pad(String(format: "%.3f", r.seconds), 10) + r.note)
            }
        }

        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }
    }
}
