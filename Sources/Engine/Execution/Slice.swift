/// One slice of a scan for a job array: the points whose index ≡ `index` (mod `count`).
///
/// Interleaved rather than contiguous, so that each slice samples every part of the parameter
/// space and gets a similar share of the cost without a cost model (neighbouring points cost
/// about the same). Slice `i` of `K` journals into its own file, `journal/slice-i-of-K.log`, so
/// the tasks of an array never write the same file.
package struct Slice: Sendable, Equatable, CustomStringConvertible {
    package let index: Int
    package let count: Int

    package init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count)
        self.index = index
        self.count = count
    }

    /// Parses "i/K" with 0 ≤ i < K; the error names the bad value and what is allowed.
    package static func parse(_ text: String) -> Result<Slice, SliceError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let k = Int(parts[1]) else {
            return .failure(.notIndexOverCount(text))
        }
        guard k >= 1, i >= 0, i < k else {
            return .failure(.outOfRange(text, index: i, count: k))
        }
        return .success(Slice(index: i, count: k))
    }

    package func contains(_ point: Int) -> Bool { point % count == index }

    /// How many of the points 0..<total are in this slice.
    package func size(of total: Int) -> Int { total > index ? (total - index + count - 1) / count : 0 }

    /// The journal file name of this slice (without the folder).
    var journalName: String { "slice-\(index)-of-\(count)" }

    package var description: String { "\(index)/\(count)" }
}

/// A malformed --slice value.
package enum SliceError: Error, Equatable, CustomStringConvertible {
    /// Not of the form i/K with whole numbers.
    case notIndexOverCount(String)
    /// i/K outside 0 ≤ i < K, K ≥ 1.
    case outOfRange(String, index: Int, count: Int)

    package var description: String {
        switch self {
        case .notIndexOverCount(let text):
            "--slice \"\(text)\" is not i/K: give the slice index and the slice count, e.g. 0/8 … 7/8"
        case .outOfRange(let text, let i, let k):
            "--slice \(text): the index must be 0 … K−1 and K at least 1 (got i = \(i), K = \(k))"
        }
    }
}
