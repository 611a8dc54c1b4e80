import Foundation

/// Field checks shared by every feature's validation.
enum Check {
    /// A text of at most `max` characters as a person sees them (NFC, "\r\n" one character), without control or
    /// invisible characters (``TextFolding/hasControlCharacters(_:singleLine:)``). A field is single-line when its `max`
    /// is under ``TextLimit/long`` (names, titles, codes), unless `multiline` says otherwise (a textarea with a smaller cap,
    /// or `false` for a one-line box with a long cap): a single-line field refuses a tab or line break inside it
    /// (``CoreText/singleLine``), a multi-line one keeps its line breaks.
    static func text(_ value: String?, _ field: String, max: Int, required: Bool, multiline: Bool? = nil,
                     into errors: inout [String: String]) -> String {
        let cleaned = TextFolding.clean(value)
        let singleLine = !(multiline ?? (max >= TextLimit.long))
        if TextFolding.hasControlCharacters(value, singleLine: singleLine) {
            errors[field] = controlMessage(cleaned, singleLine: singleLine)
        } else if required && cleaned.isEmpty { errors[field] = CoreText.required }
        else if cleaned.count > max { errors[field] = CoreText.tooLong.replacingOccurrences(of: "%d", with: NumberText.format(Double(max))) }
        return cleaned
    }

    /// The message for a refused text: a one-line field holding a tab or line break is told to keep to one line.
    static func controlMessage(_ cleaned: String, singleLine: Bool) -> String {
        singleLine && TextFolding.breaksLine(cleaned) ? CoreText.singleLine : CoreText.controlCharacters
    }

    static func email(_ value: String?, _ field: String, into errors: inout [String: String]) -> String {
        let cleaned = TextFolding.clean(value)
        if TextFolding.hasControlCharacters(value, singleLine: true) { errors[field] = CoreText.invalidEmail; return cleaned }
        guard !cleaned.isEmpty else { return "" }
        let parts = cleaned.split(separator: "@", omittingEmptySubsequences: false)
        if cleaned.count > 254 || parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || parts[1].hasPrefix(".")
            || parts[1].hasSuffix(".") || cleaned.contains(where: \.isWhitespace) {
            errors[field] = CoreText.invalidEmail
        }
        return cleaned
    }

    static func phone(_ value: String?, _ field: String, into errors: inout [String: String]) -> String {
        let cleaned = TextFolding.clean(value)
        if TextFolding.hasControlCharacters(value, singleLine: true) { errors[field] = CoreText.invalidPhone; return cleaned }
        guard !cleaned.isEmpty else { return "" }
        let digits = cleaned.filter(\.isASCII).filter(\.isNumber).count
        let allowed = cleaned.allSatisfy { ($0.isASCII && $0.isNumber) || " .+-()".contains($0) }
        if !allowed || !(8...15).contains(digits) { errors[field] = CoreText.invalidPhone }
        return cleaned
    }

    /// A date as typed (dd/MM/yyyy) or as the API sends it (yyyy-MM-dd). Returns the stored ISO form.
    static func date(_ value: String?, _ field: String, required: Bool = false, into errors: inout [String: String]) -> String? {
        let cleaned = TextFolding.clean(value)
        if cleaned.isEmpty {
            if required { errors[field] = CoreText.required }
            return nil
        }
        guard let date = LocalDate(vietnamese: cleaned) ?? LocalDate(iso: cleaned) else {
            errors[field] = CoreText.invalidDate
            return nil
        }
        return date.iso
    }

    static func uuid(_ value: String?) -> UUID? {
        TextFolding.clean(value).isEmpty ? nil : UUID(uuidString: TextFolding.clean(value))
    }

    /// A number typed in a form, read by ``NumberText/read(_:_:)``: nil when left empty (or an error when required),
    /// else the value, or a message beside the field saying what is wrong.
    static func number(_ value: String?, _ field: String, _ rule: NumberRule = .quantity, required: Bool = false,
                       into errors: inout [String: String]) -> Double? {
        switch NumberText.read(value, rule) {
        case .success(let v):
            if v == nil && required { errors[field] = CoreText.required }
            return v
        case .failure(let problem):
            errors[field] = problem.message
            return nil
        }
    }

    /// A number that arrived as a number (the API): the same range and precision rules as a typed one.
    static func number(_ value: Double?, _ field: String, _ rule: NumberRule = .quantity, into errors: inout [String: String]) {
        guard let value else { return }
        if let problem = rule.problem(value) { errors[field] = problem.message }
    }
}

/// How long a text may be. A narrative (a report's results, a difficulty, an initiative's description) holds a few pages
/// typed or pasted from Word; the database columns are unbounded text.
enum TextLimit {
    static let long = 20_000
}
