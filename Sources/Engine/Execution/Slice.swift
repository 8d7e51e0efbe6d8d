/// One slice of a scan for a job array: the points whose index ≡ `index` (mod `count`).
///
/// Interleaved rather than contiguous, so that each slice samples every part of the parameter
/// space and gets a similar share of the cost without a cost model (neighbouring points cost
/// about the same). Slice `i` of `K` journals into its own file, `journal/slice-i-of-K.log`, so
/// the tasks of an array never write the same file.
public struct Slice: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count)
        self.index = index
        self.count = count
    }

    /// Parses "i/K" with 0 ≤ i < K; the error names the bad value and what is allowed.
    public static func parse(_ text: String) -> Result<Slice, SliceError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let k = Int(parts[1]) else {
            return .failure(SliceError(message: "--slice \"\(text)\" is not i/K: give the slice index and the slice count, e.g. 0/8 … 7/8"))
        }
        guard k >= 1, i >= 0, i < k else {
            return .failure(SliceError(message: "--slice \(text): the index must be 0 … K−1 and K at least 1 (got i = \(i), K = \(k))"))
        }
        return .success(Slice(index: i, count: k))
    }

    public func contains(_ point: Int) -> Bool { point % count == index }

    /// How many of the points 0..<total are in this slice.
    public func size(of total: Int) -> Int { total > index ? (total - index + count - 1) / count : 0 }

    /// The journal file name of this slice (without the folder).
    var journalName: String { "slice-\(index)-of-\(count)" }

    public var description: String { "\(index)/\(count)" }
}

/// A malformed --slice value.
public struct SliceError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
