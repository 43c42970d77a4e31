/// "Did you mean" hints for misspelt keys and values.
enum Suggestion {
    /// Levenshtein edit distance (insertions, deletions, substitutions), case-sensitive.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The closest candidate within edit distance 2 (ties: first in `candidates`), if any.
    /// Words shorter than four characters only match within distance 1, so "sd" does not suggest "cv".
    static func closest(_ word: String, among candidates: [String]) -> String? {
        let limit = word.count < 4 ? 1 : 2
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// ` (did you mean "x"?)` or an empty string.
    static func didYouMean(_ word: String, among candidates: [String]) -> String {
        closest(word, among: candidates).map { " (did you mean \"\($0)\"?)" } ?? ""
    }
}
