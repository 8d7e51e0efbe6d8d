import Models
import Foundation

/// Random mutations of job files: characters deleted, inserted or replaced, lines duplicated,
/// swapped or cut, numbers replaced by hostile values.
public enum JobMutator {
    static let fragments = ["=", "[", "]", "{", "}", ",", "\"", "'", "#", "\n", " ", ".", "-", "e", "1e400", "nan", "-inf",
                            "0", "-1", "1e-300", "99999999999999999999", "[[", "true", "\"x\"", "\\u00e9", "é", "count = 0"]

    public static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            guard !lines.isEmpty else { break }
            let i = Int.random(in: 0..<lines.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: i)
            case 2: lines.swapAt(i, Int.random(in: 0..<lines.count, using: &rng))
            case 3 where !lines[i].isEmpty:
                var chars = Array(lines[i])
                chars.remove(at: Int.random(in: 0..<chars.count, using: &rng))
                lines[i] = String(chars)
            case 4:
                var chars = Array(lines[i])
                chars.insert(contentsOf: fragments.randomElement(using: &rng)!, at: Int.random(in: 0...chars.count, using: &rng))
                lines[i] = String(chars)
            case 5:
                lines[i] = lines[i].replacingOccurrences(of: #"-?[0-9][0-9.e+-]*"#, with: fragments.randomElement(using: &rng)!,
                                                         options: .regularExpression)
            default:
                lines[i] = String(lines[i].prefix(Int.random(in: 0...lines[i].count, using: &rng)))
            }
        }
        return lines.joined(separator: "\n")
    }
}

