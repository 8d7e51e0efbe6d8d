// swift-tools-version:6.0
import PackageDescription
import Foundation

// Numeric kernels are built for a portable x86-64 by default. Set QUENCH_TARGET_CPU (for example
// `native`, `skylake-avx512`, `znver4`, `haswell`) to build the hot loops for that CPU's vector unit,
// with fused multiply-add (QUENCH_FMA); only CPUs with FMA (x86-64 since 2013) qualify.
let targetCPU = ProcessInfo.processInfo.environment["QUENCH_TARGET_CPU"].flatMap { $0.isEmpty ? nil : $0 }
let kernelFlags: [SwiftSetting] = targetCPU.map {
    [.unsafeFlags(["-target-cpu", $0]), .define("QUENCH_FMA")]
} ?? []
/// The build flavour recorded in journals and manifests: kernels built for another CPU or with FMA
/// round differently, so a scan's records must all come from one flavour.
let buildFlavour = targetCPU.map { "cpu=\($0),fma" } ?? "portable"

let package = Package(
    name: "Quench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "quench", targets: ["quench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CMPI", pkgConfig: "ompi", providers: [.apt(["libopenmpi-dev"])]),
        .target(name: "CMPIShims", dependencies: ["CMPI"]),
        .target(name: "CSupport", cSettings: [.define("QUENCH_BUILD_FLAVOUR", to: "\"\(buildFlavour)\"")]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5-serial", providers: [.apt(["libhdf5-dev"])]),
        .target(name: "CHDF5Shims", dependencies: ["CHDF5"], linkerSettings: [.linkedLibrary("hdf5_hl"), .linkedLibrary("hdf5")]),
        .target(name: "MPI", dependencies: ["CMPI", "CMPIShims"]),
        .target(name: "Integrators", swiftSettings: kernelFlags),
        .target(name: "Models", dependencies: ["Integrators"], swiftSettings: kernelFlags),
        .target(name: "Plot"),
        .target(name: "Engine", dependencies: ["Models", "MPI", "CSupport", "Plot", "CHDF5Shims"]),
        .target(name: "Bench", dependencies: ["Integrators", "Models"], swiftSettings: kernelFlags),
        .executableTarget(name: "quench", dependencies: [
            "Engine", "Models", "Plot", "Bench", "CSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "TestSupport", dependencies: ["Models"], path: "Tests/TestSupport"),
        .executableTarget(name: "mpi-check", dependencies: ["MPI"], path: "Tests/MPICheck"),
        .executableTarget(name: "toml-decode", dependencies: ["Engine"], path: "Tests/TOMLDecode"),
        .target(name: "AllocationCounter", path: "Tests/AllocationCounter"),
        .testTarget(name: "IntegratorsTests", dependencies: ["Integrators", "AllocationCounter"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "TestSupport"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Models", "TestSupport", "CHDF5Shims"]),
        .testTarget(name: "QuenchTests", dependencies: ["quench", "mpi-check", "toml-decode", "TestSupport", "Engine"]),
    ]
)
