/// Explicit one-step methods of the lane integrator. Each step is written out (no stage arrays), so
/// it allocates nothing and specializes to straight-line SIMD code.
public enum ExplicitMethod: String, Sendable, CaseIterable {
    /// Classical Runge–Kutta, order 4, 4 derivatives per step, no error estimate.
    case rk4
    /// Dormand–Prince 5(4): order 5 with an embedded order-4 estimate, 6 derivatives per step (FSAL).
    case dormandPrince54
    /// Gragg–Bulirsch–Stoer extrapolation of the explicit midpoint rule with 2, 4, 6, 8 substeps:
    /// order 8 with the order-6 column as the embedded estimate, 17 derivatives per step.
    /// For tight tolerances.
    case extrapolation8

    /// Order of the propagated solution.
    public var order: Int {
        switch self {
        case .rk4: 4
        case .dormandPrince54: 5
        case .extrapolation8: 8
        }
    }

    /// Order of the embedded solution used for the error estimate (nil: none).
    public var embeddedOrder: Int? {
        switch self {
        case .rk4: nil
        case .dormandPrince54: 4
        case .extrapolation8: 6
        }
    }

    /// Derivative evaluations per step (not counting FSAL reuse).
    public var derivativesPerStep: Int {
        switch self {
        case .rk4: 4
        case .dormandPrince54: 6
        case .extrapolation8: 17
        }
    }
}

extension LaneODE {
    /// One classical RK4 step.
    @inlinable @inline(__always)
    func rk4Step(_ t: Lanes, _ h: Lanes, _ y: State) -> State {
        let half = 0.5 * h
        let k1 = derivative(t, y)
        let k2 = derivative(t + half, y.adding(half, times: k1))
        let k3 = derivative(t + half, y.adding(half, times: k2))
        let k4 = derivative(t + h, y.adding(h, times: k3))
        let sixth = h / 6, third = h / 3
        return y.adding(sixth, times: k1).adding(third, times: k2).adding(third, times: k3).adding(sixth, times: k4)
    }

    /// One Dormand–Prince 5(4) step from y with derivative k1 = f(t, y). Returns the order-5 solution,
    /// its derivative (first stage of the next step) and the difference to the order-4 solution.
    @inlinable @inline(__always)
    func dormandPrinceStep(_ t: Lanes, _ h: Lanes, _ y: State, _ k1: State) -> (y: State, derivative: State, error: State) {
        typealias T = DormandPrince54Tableau
        let k2 = derivative(t + h * T.c2, y.adding(h * T.a21, times: k1))
        let k3 = derivative(t + h * T.c3, y.adding(h * T.a31, times: k1).adding(h * T.a32, times: k2))
        let k4 = derivative(t + h * T.c4, y.adding(h * T.a41, times: k1).adding(h * T.a42, times: k2).adding(h * T.a43, times: k3))
        let k5 = derivative(t + h * T.c5, y.adding(h * T.a51, times: k1).adding(h * T.a52, times: k2)
            .adding(h * T.a53, times: k3).adding(h * T.a54, times: k4))
        let k6 = derivative(t + h, y.adding(h * T.a61, times: k1).adding(h * T.a62, times: k2)
            .adding(h * T.a63, times: k3).adding(h * T.a64, times: k4).adding(h * T.a65, times: k5))
        let y5 = y.adding(h * T.b1, times: k1).adding(h * T.b3, times: k3).adding(h * T.b4, times: k4)
            .adding(h * T.b5, times: k5).adding(h * T.b6, times: k6)
        let k7 = derivative(t + h, y5)
        let error = ((h * T.e1) * k1).adding(h * T.e3, times: k3).adding(h * T.e4, times: k4)
            .adding(h * T.e5, times: k5).adding(h * T.e6, times: k6).adding(h * T.e7, times: k7)
        return (y5, k7, error)
    }

    /// One extrapolation step: explicit midpoint with n = 2, 4, 6, 8 substeps, Aitken–Neville in h².
    /// Returns the order-8 value T₄₄ and T₄₄ − T₄₃ (order 6) as the error estimate.
    @inlinable @inline(__always)
    func extrapolationStep(_ t: Lanes, _ h: Lanes, _ y: State, _ k1: State) -> (y: State, error: State) {
        var table = InlineArray<4, State>(repeating: y)
        for j in 0..<4 {
            let substeps = 2 * (j + 1)
            let hs = h / Double(substeps)
            var previous = y
            var current = y.adding(hs, times: k1)
            for m in 1..<substeps {
                let next = previous.adding(2 * hs, times: derivative(LaneMath.muladd(Lanes(repeating: Double(m)), hs, t), current))
                previous = current
                current = next
            }
            table[j] = current
        }
        // T[j][k] = T[j][k−1] + (T[j][k−1] − T[j−1][k−1]) / ((n_j / n_{j−k})² − 1), n_j = 2(j+1); in place.
        var diagonalBefore = table[3]
        for k in 1..<4 {
            for j in stride(from: 3, through: k, by: -1) {
                let ratio = Double(j + 1) / Double(j + 1 - k)
                let factor = Lanes(repeating: 1 / (ratio * ratio - 1))
                var difference = table[j]
                for i in 0..<State.dimension { difference[i] = table[j][i] - table[j - 1][i] }
                if j == 3 && k == 3 { diagonalBefore = table[3] }
                table[j] = table[j].adding(factor, times: difference)
            }
        }
        var error = table[3]
        for i in 0..<State.dimension { error[i] = table[3][i] - diagonalBefore[i] }
        return (table[3], error)
    }
}
