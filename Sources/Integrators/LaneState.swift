/// The state of many small systems advanced together: `n` components, each a SIMD vector holding
/// that component for every lane (structure of arrays). All operations are lane-wise.
@frozen
public struct LaneState<let n: Int, Lanes: SIMD>: LaneStateProtocol where Lanes.Scalar == Double {
    public var components: InlineArray<n, Lanes>

    @inlinable
    public init(repeating value: Lanes) {
        components = InlineArray(repeating: value)
    }

    @inlinable
    public static var zero: Self { Self(repeating: Lanes()) }

    @inlinable
    public static var dimension: Int { n }

    @inlinable
    public subscript(_ i: Int) -> Lanes {
        get { components[i] }
        set { components[i] = newValue }
    }

    /// self + a·x.
    @inlinable @inline(__always)
    public func adding(_ a: Lanes, times x: Self) -> Self {
        var result = self
        for i in 0..<n { result[i] = LaneMath.muladd(a, x[i], self[i]) }
        return result
    }

    /// a·x.
    @inlinable @inline(__always)
    public static func * (a: Lanes, x: Self) -> Self {
        var result = x
        for i in 0..<n { result[i] = a * x[i] }
        return result
    }

    /// The values of one lane.
    public func lane(_ lane: Int) -> [Double] { (0..<n).map { self[$0][lane] } }

    /// Sets the values of one lane.
    public mutating func setLane(_ lane: Int, _ values: [Double]) {
        precondition(values.count == n, "a lane of this state has \(n) components, not \(values.count)")
        for i in 0..<n { self[i][lane] = values[i] }
    }
}

/// What the lane integrators need of a state; `LaneState` is the implementation.
public protocol LaneStateProtocol {
    associatedtype Lanes: SIMD where Lanes.Scalar == Double
    static var zero: Self { get }
    static var dimension: Int { get }
    subscript(_ i: Int) -> Lanes { get set }
    func adding(_ a: Lanes, times x: Self) -> Self
    static func * (a: Lanes, x: Self) -> Self
    func lane(_ lane: Int) -> [Double]
    mutating func setLane(_ lane: Int, _ values: [Double])
}

/// Where one problem starts: its initial state, start and end time, and (for problems that carry
/// their own) the number of fixed steps.
public struct LaneStart: Sendable {
    public var state: [Double]
    public var start: Double
    public var end: Double
    /// Fixed steps of this problem; nil: the count the `StepControl` gives.
    public var steps: Int?

    public init(state: [Double], start: Double, end: Double, steps: Int? = nil) {
        self.state = state
        self.start = start
        self.end = end
        self.steps = steps
    }
}

/// An ODE dy/dt = f(t, y) for many independent problems at once, one per lane.
///
/// A conforming type keeps each lane's coefficients in SIMD vectors; `load` writes one problem's
/// coefficients into a lane. `derivative` must be lane-wise (no lane may read another), which is
/// what makes a problem's result independent of the problems that share its lanes.
public protocol LaneODE {
    associatedtype State: LaneStateProtocol
    associatedtype Problem
    typealias Lanes = State.Lanes

    init()
    /// Writes `problem`'s coefficients into `lane` and returns where it starts.
    mutating func load(_ problem: Problem, lane: Int) -> LaneStart
    /// dy/dt for every lane at its own time t.
    func derivative(_ t: Lanes, _ y: State) -> State
}
