import Foundation
import Integrators

/// The smallest complete model, kept as the example of the Model seam: Rabi oscillation of a driven
/// two-level system, H = (Δ/2) σz + (Ω/2) σx (ħ = 1, rotating frame), from |↑⟩ at t = 0 to t = T.
/// Exact: P_flip(T) = Ω²/(Ω² + Δ²) · sin²(√(Ω² + Δ²) T/2).
///
/// Method `rk4`: equal RK4 steps (SIMD lanes); the tolerance bounds |p_flip − exact| (absolute).
public struct RabiOscillation: Model {
    public enum Method: String, ModelMethod { case rk4 }

    public struct Point: ModelPoint {
        /// Rabi frequency Ω, detuning Δ (energy) and duration T (time).
        public var rabi = 1.0, detuning = 0.0, duration = 10.0
        public init() {}
        public init(rabi: Double, detuning: Double, duration: Double) {
            self.rabi = rabi
            self.detuning = detuning
            self.duration = duration
        }
        public static let parameters: [Parameter<Point>] = [
            .real("omega", \.rabi, lower: 0, upper: 1e3, lowerIsOpen: true, default: 1, unit: "energy", meaning: "Rabi frequency Ω"),
            .real("detuning", \.detuning, lower: 0, upper: 1e3, default: 0, unit: "energy", meaning: "detuning Δ of the drive"),
            .real("T", \.duration, lower: 0, upper: 1e6, lowerIsOpen: true, default: 10, unit: "time", meaning: "duration of the drive"),
        ]

        /// The generalised Rabi frequency √(Ω² + Δ²).
        var frequency: Double { (rabi * rabi + detuning * detuning).squareRoot() }
    }

    public struct Observables: ModelObservables {
        public var pFlip: Double
        public var pFlipExact: Double
        public static let columns: [Observable<Observables>] = [
            Observable("p_flip", \.pFlip, "probability |⟨↓|ψ(T)⟩|² to have flipped", .absolute),
            Observable("p_flip_exact", \.pFlipExact, "the exact Ω²/(Ω²+Δ²) sin²(√(Ω²+Δ²)T/2) (reference)", .exact),
        ]
    }

    public static let description = ModelDescription(
        of: Self.self, name: "example.rabi",
        summary: "Example model: Rabi oscillation H = (Δ/2)σz + (Ω/2)σx from |↑⟩ for a time T",
        defaultTolerance: 1e-8, naturalPlot: (x: "T", y: "p_flip"), references: ["p_flip": ["p_flip_exact"]])

    /// Most Rabi periods a point may span: beyond, RK4's step count (∝ periods^{5/4}) gets impractical.
    static let maximumPeriods = 1e5

    public let configuration: ModelConfiguration<Method>
    public init(_ configuration: ModelConfiguration<Method>) { self.configuration = configuration }

    public func check(_ point: Point) -> ConstraintViolation? {
        let periods = point.frequency * point.duration / (2 * .pi)
        guard periods > Self.maximumPeriods else { return nil }
        return ConstraintViolation(["omega", "detuning", "T"],
                                   "√(Ω² + Δ²)·T/2π = \(periods) Rabi periods; at most \(Self.maximumPeriods) are allowed")
    }

    /// RK4's phase error per step is (ωh)⁵/120 for an eigenfrequency ω = √(Ω²+Δ²)/2, so equal steps with
    /// (ω T)(ωh)⁴/120 ≤ tolerance/4 bound the amplitude error, and so |Δp| ≤ 2|Δψ|, by the tolerance.
    func steps(_ point: Point) -> Int {
        let omega = point.frequency / 2, phase = omega * point.duration
        let step = pow(30 * configuration.tolerance / max(phase, 1e-300), 0.25) / omega
        return max(16, Int((point.duration / step).rounded(.up)))
    }

    public func estimatedCost(_ point: Point) -> Double { Double(steps(point)) }

    public func evaluate(_ points: [Point]) -> [PointResult<Observables>] {
        let problems = points.map { point in
            TwoLevelProblem(hamiltonian: LinearTwoLevelHamiltonian(zOffset: point.detuning / 2, zSlope: 0, xOffset: point.rabi / 2, xSlope: 0),
                            initialState: .up, start: 0, end: point.duration, steps: steps(point))
        }
        return zip(points, TwoLevelRK4.solve(problems)).map { point, psi in
            let pFlip = psi.downReal * psi.downReal + psi.downImaginary * psi.downImaginary
            let s = sin(point.frequency * point.duration / 2)
            let exact = point.rabi * point.rabi / (point.frequency * point.frequency) * s * s
            return pFlip.isFinite ? .finished(Observables(pFlip: pFlip, pFlipExact: exact)) : .failed(.nonFinite("non-finite state"))
        }
    }
}
