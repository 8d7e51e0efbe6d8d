/// A problem with a job file, pointing at the file, line and key, with the bad value and what is allowed.
package struct JobFileError: Error, Sendable, CustomStringConvertible {
    package let file: String
    package let line: Int?
    /// "[section] key", or just "[section]"; nil for problems with the file as a whole.
    package let key: String?
    package let message: String

    package init(file: String, line: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    package var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.map { "\(place): \($0): \(message)" } ?? "\(place): \(message)"
    }
}

/// "did you mean …" for a misspelt name: the closest candidate within a small edit distance.
enum Suggestion {
    static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, word.count / 3) ? best.0 : nil
    }

    static func phrase(for word: String, among candidates: [String]) -> String {
        let allowed = "allowed: " + candidates.joined(separator: ", ")
        guard let match = closest(to: word, among: candidates) else { return allowed }
        return "did you mean '\(match)'? (\(allowed))"
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
