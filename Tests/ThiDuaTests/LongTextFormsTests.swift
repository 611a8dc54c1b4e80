import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Every form of the site with a textarea takes 20,000 characters in each textarea, as a browser sends them.
///
/// Each role of the demo (and an anonymous visitor) walks the site as ``HostileDataTests`` does; every POST form holding a
/// `<textarea>` is sent once per role and action route, over the socket: each textarea filled with 20,000 characters of
/// Vietnamese (NFC and NFD lines, CRLF line breaks), every other field as the page filled it (the first non-empty option of
/// a required select left blank, a plausible value in a required empty box), the first submit button pressed. No textarea
/// may be refused; a 422 on another field is listed in the output.
@Suite("20,000 characters in every textarea of every form, every role")
struct LongTextFormsTests {
    /// Exactly 20,000 characters as a person sees them ("\r\n" is one), every other line decomposed (NFD).
    static let longText: String = {
        let line = "Kết quả nổi bật: đã số hóa 1.500 hồ sơ.\r\n"
        var chars: [Character] = []
        var k = 0
        while chars.count < TextLimit.long {
            chars += Array(k % 2 == 0 ? line.precomposedStringWithCanonicalMapping : line.decomposedStringWithCanonicalMapping)
            k += 1
        }
        chars = Array(chars.prefix(TextLimit.long))
        while chars.last?.isWhitespace == true { chars.removeLast(); chars.append(".") }
        return String(chars)
    }()

    /// Textareas that hold data, one item a line, not prose: they keep what the page holds.
    /// Textareas that hold data, one item a line, each checked as such (a holiday date; a person's name matched to the
    /// directory): a long text there is refused for what it says, not for its length.
    static let dataAreas: Set<String> = ["holidays", "attendeeNames"]

    struct Control {
        var tag: String
        var attributes: [String: String]
        var options: [(value: String, selected: Bool)] = []
        var content = ""
        var name: String? { attributes["name"] }
        var type: String { (attributes["type"] ?? (tag == "button" ? "submit" : "text")).lowercased() }
    }

    struct Form {
        var action: String
        var multipart: Bool
        var controls: [Control]
        var textareas: [String] { controls.filter { $0.tag == "textarea" }.compactMap(\.name) }
    }

    @Test func everyTextareaTakesTwentyThousandCharacters() async throws {
        #expect(Self.longText.count == TextLimit.long && TextFolding.clean(Self.longText).count == TextLimit.long)
        try await withDemoApp { app in
            let patterns = HostileDataTests.getRoutes(app)
            var failures: [String] = [], otherRefusals: [String] = [], posted: [String] = []
            for account in HostileDataTests.accounts {
                var jar: [String: String] = [:]
                if let account {
                    jar[SessionAuthenticator.cookieName] = try await app.login(account, password: "ThiDua@2026").cookie
                }
                let who = account ?? "anonymous"
                var visits: [String: Int] = [:], seen = Set<String>(), sent = Set<String>()
                var queue = ["/"] + patterns.filter { !$0.hasParameters }.map(\.sample)
                while let url = queue.first {
                    queue.removeFirst()
                    guard !seen.contains(url), let pattern = patterns.first(where: { $0.matches(url) }) else { continue }
                    seen.insert(url)
                    if visits[pattern.id, default: 0] >= 2 { continue }
                    visits[pattern.id, default: 0] += 1
                    let res = try await app.testing().sendRequest(.GET, url, headers: Self.cookies(jar))
                    Self.keep(res.headers, in: &jar)
                    if let location = res.headers.first(name: .location), location.hasPrefix("/") { queue.insert(location, at: 0) }
                    guard res.headers.contentType?.subType == "html" else { continue }
                    let html = res.body.string
                    queue.append(contentsOf: HostileDataTests.links(html).filter { !seen.contains($0) })
                    for form in Self.forms(html, page: url) where !form.textareas.isEmpty {
                        let actionPattern = patterns.first { $0.matches(form.action) }?.id ?? form.action
                        let key = "\(actionPattern) \(form.textareas.sorted())"
                        guard !sent.contains(key) else { continue }
                        sent.insert(key)
                        for c in form.controls where c.tag == "textarea" {
                            if let max = c.attributes["maxlength"].flatMap(Int.init), max < TextLimit.long {
                                failures.append("\(who) \(url): textarea \(c.name ?? "?") has maxlength=\(max)")
                            }
                        }
                        let (pairs, guessed) = Self.filled(form)
                        let answer = try await Self.post(app, form, pairs, cookies: jar)
                        Self.keep(answer.headers, in: &jar)
                        let label = "\(who) POST \(form.action) (from \(url))"
                        posted.append("\(label): \(answer.status.code)")
                        switch answer.status.code {
                        case 200..<400: break
                        case 422:
                            let page = answer.body
                            let refused = FormKit.refusedFields(inPage: page)
                            let names = Set(form.textareas.filter { !Self.dataAreas.contains($0) }.map { $0.hasSuffix("[]") ? String($0.dropLast(2)) : $0 })
                            let onTextarea = refused.filter { names.contains($0.split(separator: ".").first.map(String.init) ?? $0) }
                            let invalidArea = Self.forms(answer.text, page: form.action).flatMap(\.controls)
                                .filter { $0.tag == "textarea" && !Self.dataAreas.contains($0.name ?? "") && $0.attributes["aria-invalid"] == "true" }.compactMap(\.name)
                            if !onTextarea.isEmpty || !invalidArea.isEmpty {
                                failures.append("\(label): 422 beside textarea \(Set(onTextarea + invalidArea).sorted()) — \(Self.summary(answer.text))")
                            } else {
                                otherRefusals.append("\(label): 422 on \(refused) (filled by guess: \(guessed)) — \(Self.summary(answer.text))")
                            }
                        default:
                            failures.append("\(label): \(answer.status) \(Self.summary(answer.text))")
                        }
                    }
                }
            }
            for line in posted { print("long texts: posted \(line)") }
            for line in otherRefusals { print("long texts: refused on another field: \(line)") }
            #expect(posted.count >= 15, "only \(posted.count) forms with a textarea were found")
            #expect(failures.isEmpty, "\(failures.count) forms refuse a long text:\n\(failures.joined(separator: "\n"))")
        }
    }

    // MARK: - Sending

    static func cookies(_ jar: [String: String]) -> HTTPHeaders {
        var h = HTTPHeaders()
        if !jar.isEmpty { h.add(name: .cookie, value: jar.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        return h
    }

    static func keep(_ headers: HTTPHeaders, in jar: inout [String: String]) {
        for (name, cookie) in headers.setCookie?.all ?? [:] where !cookie.string.isEmpty { jar[name] = cookie.string }
    }

    /// The pairs a browser sends: textareas with the long text, the rest as the page filled it. Also the fields guessed.
    static func filled(_ form: Form) -> ([(String, String)], [String]) {
        var pairs: [(String, String)] = [], guessed: [String] = []
        var pressed = false
        for c in form.controls {
            let isSubmit = c.type == "submit" && (c.tag == "button" || c.tag == "input")
            if isSubmit {
                // The first submit button is the one pressed (as Enter does); one without a name sends nothing.
                if !pressed, let name = c.name, !name.isEmpty { pairs.append((name, c.attributes["value"] ?? "")) }
                pressed = true
                continue
            }
            guard let name = c.name, !name.isEmpty, c.attributes["disabled"] == nil else { continue }
            let required = c.attributes["required"] != nil
            switch c.tag {
            case "textarea":
                pairs.append((name, Self.dataAreas.contains(name) ? c.content : longText))
            case "select":
                var value = (c.options.first { $0.selected } ?? c.options.first)?.value ?? ""
                if value.isEmpty && required, let option = c.options.first(where: { !$0.value.isEmpty }) {
                    value = option.value
                    guessed.append(name)
                }
                pairs.append((name, value))
            case "button":
                continue
            default:
                switch c.type {
                case "checkbox", "radio":
                    if c.attributes["checked"] != nil { pairs.append((name, c.attributes["value"] ?? "on")) }
                case "file", "reset", "image", "button":
                    continue
                default:
                    var value = c.attributes["value"] ?? ""
                    if value.isEmpty && required {
                        value = plausible(c)
                        guessed.append(name)
                    }
                    pairs.append((name, value))
                }
            }
        }
        return (pairs, guessed)
    }

    static func plausible(_ c: Control) -> String {
        let name = (c.name ?? "").lowercased()
        if c.attributes["placeholder"] == "dd/mm/yyyy" || c.type == "date" || name.contains("date") || name.hasSuffix("on") { return "20/11/2026" }
        if c.type == "email" || name.contains("email") { return "an@vd.vn" }
        if c.type == "tel" || name.contains("phone") || name == "contact" { return "0912 345 678" }
        if name.contains("year") { return "2026" }
        if c.type == "number" || ["points", "value", "share", "count", "votes", "amount", "salary", "percent", "max", "threshold", "number"]
            .contains(where: name.contains) { return "1.500" }
        return "Nội dung thử nghiệm"
    }

    static func post(_ app: Application, _ form: Form, _ pairs: [(String, String)], cookies jar: [String: String]) async throws -> HTTPResult {
        var headers = cookies(jar)
        guard form.multipart else {
            headers.contentType = .urlEncodedForm
            return try await app.send(.POST, form.action, headers: headers, body: formBody(pairs: pairs))
        }
        let boundary = "----thidualong\(UUID().uuidString)"
        var body = Data()
        for (k, v) in pairs { body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)) }
        for c in form.controls where c.tag == "input" && c.type == "file" {
            // No file chosen: the empty part a browser sends.
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(c.name ?? "file")\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await app.send(.POST, form.action, headers: headers, body: ByteBuffer(data: body))
    }

    /// The text of the error box, for the output.
    static func summary(_ html: String) -> String {
        guard let start = html.range(of: "class=\"error-summary\"") ?? html.range(of: "class=\"error-page\"") else { return "" }
        let rest = html[start.upperBound...]
        let end = rest.range(of: "</div>")?.lowerBound ?? rest.endIndex
        return String(rest[..<end]).replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression).trimmingCharacters(in: .whitespaces)
            .prefix(300).description
    }

    // MARK: - Reading forms

    static func unescape(_ s: Substring) -> String {
        guard s.contains("&") else { return String(s) }
        return s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The attributes of the tag whose name ends at `i`, and the index after its `>`.
    static func attributes(_ s: [UInt8], from start: Int) -> ([String: String], Int) {
        var attrs: [String: String] = [:]
        var j = start
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }
        while j < s.count {
            while j < s.count && (isSpace(s[j]) || s[j] == 0x2F) { j += 1 }
            if j >= s.count || s[j] == 0x3E { break }
            let nameStart = j
            while j < s.count && !isSpace(s[j]) && s[j] != 0x3D && s[j] != 0x3E && s[j] != 0x2F { j += 1 }
            let name = String(decoding: s[nameStart..<j], as: UTF8.self).lowercased()
            guard j < s.count, s[j] == 0x3D else { attrs[name] = ""; continue }
            j += 1
            var value = ""
            if j < s.count, s[j] == 0x22 || s[j] == 0x27 {
                let quote = s[j]
                j += 1
                let valueStart = j
                while j < s.count && s[j] != quote { j += 1 }
                value = String(decoding: s[valueStart..<j], as: UTF8.self)
                j += 1
            } else {
                let valueStart = j
                while j < s.count && !isSpace(s[j]) && s[j] != 0x3E { j += 1 }
                value = String(decoding: s[valueStart..<j], as: UTF8.self)
            }
            attrs[name] = unescape(Substring(value))
        }
        return (attrs, min(j + 1, s.count))
    }

    /// The POST forms of a page with their controls, in document order.
    static func forms(_ html: String, page: String) -> [Form] {
        let s = Array(html.utf8)
        var result: [Form] = []
        var current: Form?
        var select: Control?
        var i = 0
        func starts(_ word: String, at k: Int) -> Bool {
            let w = Array(word.utf8)
            guard k + w.count < s.count else { return false }
            for (n, b) in w.enumerated() where s[k + n] | 0x20 != b { return false }
            let after = s[k + w.count]
            return after == 0x20 || after == 0x3E || after == 0x0A || after == 0x2F
        }
        while i < s.count {
            guard s[i] == 0x3C else { i += 1; continue }
            if starts("/form", at: i + 1) {
                if let form = current { result.append(form) }
                current = nil
                i += 6
                continue
            }
            if starts("/select", at: i + 1) {
                if let c = select { current?.controls.append(c) }
                select = nil
                i += 8
                continue
            }
            var tag: String?
            for t in ["form", "input", "select", "option", "textarea", "button"] where starts(t, at: i + 1) { tag = t }
            guard let tag else { i += 1; continue }
            let (attrs, end) = attributes(s, from: i + 1 + tag.utf8.count)
            i = end
            switch tag {
            case "form":
                guard (attrs["method"] ?? "get").lowercased() == "post" else { continue }
                let action = attrs["action"].flatMap { $0.isEmpty ? nil : $0 } ?? page
                current = Form(action: action, multipart: attrs["enctype"] == "multipart/form-data", controls: [])
            case "select":
                select = Control(tag: "select", attributes: attrs)
            case "option":
                select?.options.append((attrs["value"] ?? "", attrs["selected"] != nil))
            case "textarea":
                let close = HostileDataTests.find(s, Array("</textarea".utf8), from: i) ?? i
                var c = Control(tag: "textarea", attributes: attrs)
                c.content = unescape(Substring(String(decoding: s[i..<close], as: UTF8.self)))
                current?.controls.append(c)
                i = close
            default:
                current?.controls.append(Control(tag: tag, attributes: attrs))
            }
        }
        return result
    }
}
