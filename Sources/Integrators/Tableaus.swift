/// Coefficients of the methods, defined once: the lane and the large-state integrators read them here.

/// Dormand–Prince 5(4) (Dormand & Prince 1980; Hairer–Nørsett–Wanner I, Table II.5.2): seven stages
/// with the last equal to the first of the next step (FSAL). Order-5 weights `b`; `e` = b − b̂, the
/// difference to the embedded order-4 weights, so that h·Σ eᵢkᵢ is the error estimate.
public enum DormandPrince54Tableau {
    @inlinable public static var c2: Double { 1.0 / 5 }
    @inlinable public static var c3: Double { 3.0 / 10 }
    @inlinable public static var c4: Double { 4.0 / 5 }
    @inlinable public static var c5: Double { 8.0 / 9 }
    @inlinable public static var a21: Double { 1.0 / 5 }
    @inlinable public static var a31: Double { 3.0 / 40 }
    @inlinable public static var a32: Double { 9.0 / 40 }
    @inlinable public static var a41: Double { 44.0 / 45 }
    @inlinable public static var a42: Double { -56.0 / 15 }
    @inlinable public static var a43: Double { 32.0 / 9 }
    @inlinable public static var a51: Double { 19372.0 / 6561 }
    @inlinable public static var a52: Double { -25360.0 / 2187 }
    @inlinable public static var a53: Double { 64448.0 / 6561 }
    @inlinable public static var a54: Double { -212.0 / 729 }
    @inlinable public static var a61: Double { 9017.0 / 3168 }
    @inlinable public static var a62: Double { -355.0 / 33 }
    @inlinable public static var a63: Double { 46732.0 / 5247 }
    @inlinable public static var a64: Double { 49.0 / 176 }
    @inlinable public static var a65: Double { -5103.0 / 18656 }
    /// Order-5 weights (b₂ = 0, b₇ = 0); also the seventh stage's coefficients a₇ᵢ.
    @inlinable public static var b1: Double { 35.0 / 384 }
    @inlinable public static var b3: Double { 500.0 / 1113 }
    @inlinable public static var b4: Double { 125.0 / 192 }
    @inlinable public static var b5: Double { -2187.0 / 6784 }
    @inlinable public static var b6: Double { 11.0 / 84 }
    /// b − b̂ (e₂ = 0).
    @inlinable public static var e1: Double { 71.0 / 57600 }
    @inlinable public static var e3: Double { -71.0 / 16695 }
    @inlinable public static var e4: Double { 71.0 / 1920 }
    @inlinable public static var e5: Double { -17253.0 / 339200 }
    @inlinable public static var e6: Double { 22.0 / 525 }
    @inlinable public static var e7: Double { -1.0 / 40 }
}

/// The fourth-order commutator-free Magnus method of Blanes & Moan (2006) with two exponentials:
/// ψ ← exp(−ih(α₁H₁ + α₂H₂)) exp(−ih(α₂H₁ + α₁H₂)) ψ, Hᵢ = H(t + cᵢh) at the Gauss–Legendre nodes.
public enum CommutatorFreeMagnus4 {
    /// Gauss–Legendre nodes c₁,₂ = ½ ∓ √3/6.
    @inlinable public static var node1: Double { 0.5 - 3.0.squareRoot() / 6 }
    @inlinable public static var node2: Double { 0.5 + 3.0.squareRoot() / 6 }
    /// Weights α₁,₂ = (3 ∓ 2√3)/12.
    @inlinable public static var alpha1: Double { (3 - 2 * 3.0.squareRoot()) / 12 }
    @inlinable public static var alpha2: Double { (3 + 2 * 3.0.squareRoot()) / 12 }
}
