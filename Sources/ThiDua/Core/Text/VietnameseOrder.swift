import Foundation

/// Vietnamese alphabetical order, as a dictionary or a list of names sorts: a ă â b c d đ e ê g h i k l m n o ô ơ p q
/// r s t u ư v x y (f j w z in their Latin places), letters first and tones second (ngang, huyền, hỏi, ngã, sắc,
/// nặng: "Ba" < "Bà" < "Bả" < "Bã" < "Bá" < "Bạ" < "Bác"), case ignored, a space before any letter ("An Bình" <
/// "Anh"), and numbers by value ("Thôn 2" < "Thôn 10"). The same on every database and every platform, because the
/// key is computed here.
enum VietnameseOrder {
    /// A sort key: compare two keys with `<` (lexicographic).
    static func key(_ text: String) -> [UInt32] {
        var primary: [UInt32] = []
        var tones: [UInt32] = []
        var digits: [UInt32] = []
        func flushDigits() {
            guard !digits.isEmpty else { return }
            while digits.count > 1, digits.first == 0 { digits.removeFirst() }  // "007" sorts as 7
            primary.append(100)
            primary.append(UInt32(min(digits.count, 99)))  // a longer number is a larger one
            primary.append(contentsOf: digits.map { 101 + $0 })
            digits.removeAll()
        }
        var lastWasSpace = true
        let scalars = Array(text.decomposedStringWithCanonicalMapping.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            i += 1
            if (0x30...0x39).contains(scalar.value) {
                digits.append(scalar.value - 0x30)
                lastWasSpace = false
                continue
            }
            flushDigits()
            if scalar.properties.isWhitespace {
                if !lastWasSpace { primary.append(1) }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            // The marks that follow this letter: a letter modifier (ă â ê ô ơ ư) and a tone.
            var variant: UInt32 = 0
            var tone: UInt32 = 0
            while i < scalars.count, (0x0300...0x036F).contains(scalars[i].value) {
                switch scalars[i].value {
                case 0x0306: variant = 1  // breve: ă
                case 0x0302: variant = 2  // circumflex: â ê ô
                case 0x031B: variant = 3  // horn: ơ ư
                case 0x0300: tone = 1  // huyền
                case 0x0309: tone = 2  // hỏi
                case 0x0303: tone = 3  // ngã
                case 0x0301: tone = 4  // sắc
                case 0x0323: tone = 5  // nặng
                default: break
                }
                i += 1
            }
            var value = scalar.value
            if value == 0x0110 || value == 0x0111 {  // Đ đ: after d
                value = 0x64
                variant = 1
            } else if (0x41...0x5A).contains(value) {
                value += 0x20
            }
            if (0x61...0x7A).contains(value) {
                primary.append(1000 + (value - 0x61) * 4 + variant)
            } else {
                // Anything else after the letters, by its lower-cased code point.
                let lowered = String(Character(Unicode.Scalar(value) ?? " ")).lowercased().unicodeScalars.first?.value ?? value
                primary.append(2000 + lowered)
            }
            tones.append(tone)
        }
        flushDigits()
        while primary.last == 1 { primary.removeLast() }
        // Primary letters, then (for equal letters) the tones, then the exact text, so the order is total.
        return primary + [0] + tones + [0] + text.precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value)
    }

    /// True when `a` comes before `b` in Vietnamese order.
    static func less(_ a: String, _ b: String) -> Bool {
        key(a).lexicographicallyPrecedes(key(b))
    }
}
