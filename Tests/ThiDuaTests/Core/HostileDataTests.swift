import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Markup and quotes in every stored text never come out unescaped, on any page the router registers, for any role.
///
/// The demo is loaded, then every human text in the database (every text column value that holds a space: names,
/// titles, narratives, notes, legal sources…) gets the payload in front of it, as if each person had typed it. Then
/// each role, and an anonymous visitor, follows the links of the site from its home and from every page without
/// parameters, up to two pages per route, and every HTML answer is read by a small tokenizer: an attribute named
/// `data-pwn` anywhere means the payload escaped an attribute's quotes or made an element.
@Suite("Hostile data: every stored text, every page, every role")
struct HostileDataTests {
    /// Breaks out of a double-quoted attribute, a single-quoted one, and text.
    static let payload = #"Q" data-pwn="1' data-pwn='1 <b data-pwn=1>X</b> "#

    static let accounts: [String?] = [nil, "admin", "canbo.thidua", "chutich", "hoidong", "daumoi", "canhan", "bientap", "giamsat", "admin.phuson"]

    @Test func noPayloadComesOutUnescapedOnAnyPage() async throws {
        try await withDemoApp { app in
            let seeds = try await Self.typeWhatTheDemoLacks(app)
            let mutated = try await Self.poison(app.db)
            #expect(mutated.count > 40, "only \(mutated.count) text columns were seeded")
            let patterns = Self.getRoutes(app)
            var coveredBy: [String: Set<String>] = [:]
            var problems: [String] = []
            var requests = 0
            for account in Self.accounts {
                let session: WebSession? = account == nil ? nil : try await app.login(account!, password: "ThiDua@2026")
                let who = account ?? "anonymous"
                var visits: [String: Int] = [:]
                var queue = seeds + ["/"] + patterns.filter { !$0.hasParameters }.map(\.sample)
                var seen = Set<String>()
                while let url = queue.first {
                    queue.removeFirst()
                    guard !seen.contains(url), let pattern = patterns.first(where: { $0.matches(url) }) else { continue }
                    seen.insert(url)
                    if visits[pattern.id, default: 0] >= 2 { continue }
                    visits[pattern.id, default: 0] += 1
                    let res = try await app.get(url, as: session)
                    requests += 1
                    if res.status.code >= 500 { problems.append("\(who) GET \(url): \(res.status)") }
                    coveredBy[pattern.id, default: []].insert(who)
                    if let location = res.headers.first(name: .location), location.hasPrefix("/") { queue.insert(location, at: 0) }
                    guard res.headers.contentType?.subType == "html" else { continue }
                    let html = res.body.string
                    for finding in Self.injected(html) { problems.append("\(who) GET \(url): \(finding)") }
                    queue.append(contentsOf: Self.links(html).filter { !seen.contains($0) })
                }
            }
            let uncovered = patterns.map(\.id).filter { coveredBy[$0] == nil }
            #expect(uncovered.isEmpty, "GET routes no role reached: \(uncovered)")
            #expect(problems.isEmpty, "\(problems.count) problems, e.g. \(problems.prefix(15))")
            print("hostile data: \(mutated.count) text columns seeded, \(patterns.count) GET routes, \(requests) pages read")
        }
    }

    // MARK: - Seeding

    /// Through the pages, with the payload typed into every text: a difficulty with a file, an initiative attachment,
    /// an achievement with its scan; and registrations with two submitted versions (unit and personal), so that every
    /// page of the site has something to show.
    /// Returns the pages of what it made, where each role's walk starts.
    static func typeWhatTheDemoLacks(_ app: Application) async throws -> [String] {
        var pages: [String] = []
        let person = try await app.login("canhan", password: "ThiDua@2026")
        let p = payload
        let difficulty = try await uploadForm(app, "/difficulties", as: person, fields: ["title": p + "vướng mắc", "content": p + "nội dung", "contentAreaId": ""],
                                              filename: "ho-so.pdf", file: pdfBytes)
        #expect(difficulty.status == .seeOther)
        pages += difficulty.headers.first(name: .location).map { [$0] } ?? []
        var achievement = AchievementTests.fields.mapValues { p + $0 }
        achievement["kind"] = "patent"
        achievement["issuedOn"] = "12/05/2026"
        let declared = try await uploadForm(app, "/achievements", as: person, fields: achievement, filename: "van-bang.pdf", file: pdfBytes)
        #expect(declared.status == .seeOther)
        pages += declared.headers.first(name: .location).map { [$0] } ?? []
        let created = try await app.api(.POST, "/api/v1/initiatives", token: try await app.apiToken("canhan", password: "ThiDua@2026"),
                                        json: #"{"title":"Q\" data-pwn=\"1' data-pwn='1 <b data-pwn=1>X</b> sổ tay"}"#)
        struct Created: Decodable { let id: UUID }
        let initiative = try decode(Created.self, created).id.uuidString.lowercased()
        #expect(try await uploadForm(app, "/initiatives/\(initiative)/attachments", as: person, fields: ["title": p + "mô tả"],
                                     filename: "mo-ta.pdf", file: pdfBytes).status == .seeOther)
        pages.append("/initiatives/\(initiative)")
        // Two versions of a unit's and a person's registration: submitted, returned, submitted again.
        let commune = try #require(try await Commune.query(on: app.db).filter(\.$code == "nghia-trung").first()?.id)
        let registered = try await Registration.query(on: app.db).filter(\.$communeID == commune).filter(\.$year == 2026).all()
        let unit = try #require(try await Unit.query(on: app.db).filter(\.$communeID == commune).all()
            .first { u in !registered.contains { $0.unitID == u.id } }?.id)
        let individual = try #require(try await Person.query(on: app.db).filter(\.$communeID == commune).all()
            .first { q in !registered.contains { $0.personID == q.id } }?.id)
        let actor = AuditActor.system(communeID: commune, at: app.clock.now())
        for owner in [PledgeOwner.unit(unit), .person(individual)] {
            let content = RegistrationContent(focus: p + "trọng tâm", plannedInitiatives: p + "sáng kiến",
                                              targets: [TargetLine(id: nil, name: p + "chỉ tiêu", unitOfMeasure: "%", baseline: 1, targetValue: 2, contentAreaId: nil, dueDate: nil)],
                                              products: [ProductLine(id: nil, name: p + "sản phẩm", description: p + "mô tả", expectedDate: nil)])
            let r = try await RegistrationCommands.save(owner: owner, year: 2026, content: content, expectedVersion: nil, communeID: commune, actor: actor, on: app.db)
            try await RegistrationCommands.submit(r, ownerName: "", actor: actor, on: app.db)
            try await RegistrationCommands.decide(r, accept: false, reason: p + "lý do", actor: actor, on: app.db)
            let again = try #require(try await RegistrationQueries.find(on: app.db, communeID: commune, owner: owner, year: 2026))
            try await RegistrationCommands.submit(again, ownerName: "", actor: actor, on: app.db)
            switch owner {
            case .unit(let id): pages.append(SiteURL.registration(.unit, id, year: 2026).path)
            case .person(let id): pages.append(SiteURL.registration(.person, id, year: 2026).path)
            }
        }
        // The signer pages of the Tờ trình and the Quyết định: the demo's 2026 decision is issued, so no button
        // leads to them any more, but they still answer (with the year's signers and blocks).
        pages += ["/commendations/2026/submission", "/commendations/2026/sign"]
        // The demo's inspection plan is approved, so no button leads to its form any more, but it still answers; and
        // the visits with findings (and their files), which the two-pages-per-route walk may not open first.
        let plan = try #require(try await InspectionPlan.query(on: app.db).filter(\.$communeID == commune).filter(\.$year == 2026).first())
        pages.append(InspectionPaths.planAction(plan.id, "edit"))
        let found = try await InspectionFinding.query(on: app.db).filter(\.$communeID == commune).all()
        pages += Set(found.map(\.visitID)).sorted { $0.uuidString < $1.uuidString }.prefix(1).map { InspectionPaths.visit($0) }
        // Issue 16: an evidence file on daumoi's returned 2026 figure and a photo on a session of daumoi's village, so
        // that their downloads are linked from the pages.
        let focal = try await app.login("daumoi", password: "ThiDua@2026")
        let village = try #require(try await User.query(on: app.db).filter(\.$username == "daumoi").first()?.unitID)
        let scope = village.uuidString.lowercased()
        let indicator = try #require(try await IndicatorValue.query(on: app.db).filter(\.$unitID == village).filter(\.$year == 2026)
            .filter(\.$status == IndicatorValueStatus.returned.rawValue).first()?.indicatorID)
        let evidence = try await uploadForm(app, SiteURL.indicatorEvidencePath + "?year=2026&quarter=0&unit=\(scope)", as: focal,
                                            fields: ["indicatorId": indicator.uuidString.lowercased()], filename: "minh-chung.pdf", file: pdfBytes)
        #expect(evidence.status == .seeOther)
        pages.append(SiteURL.indicatorValues(year: 2026, quarter: 0, scope: scope))
        let session = try #require(try await TrainingSession.query(on: app.db).filter(\.$unitID == village).first()?.id)
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        png.append(Data(repeating: 0x42, count: 2_000))
        let photo = try await uploadForm(app, "/literacy/sessions/\(session.uuidString.lowercased())/photos", as: focal, fields: [:],
                                         filename: "anh.png", file: png, contentType: "image/png")
        #expect(photo.status == .seeOther)
        pages.append("/literacy/sessions/\(session.uuidString.lowercased())")
        return pages
    }

    /// Puts the payload in front of every stored human text. Returns the columns changed.
    static func poison(_ db: any Database) async throws -> [String] {
        let sql = db as! any SQLDatabase
        struct Column: Decodable { let table_name: String; let column_name: String }
        let columns: [Column]
        if sql.dialect.name == "postgresql" {
            columns = try await sql.raw("""
                SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')
                """).all(decoding: Column.self)
        } else {
            struct Table: Decodable { let name: String }
            struct Info: Decodable { let name: String; let type: String }
            var found: [Column] = []
            for t in try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all(decoding: Table.self) {
                for c in try await sql.raw("SELECT name, type FROM pragma_table_info(\(bind: t.name))").all(decoding: Info.self)
                where c.type.uppercased() == "TEXT" { found.append(Column(table_name: t.name, column_name: c.name)) }
            }
            columns = found
        }
        var changed: [String] = []
        for c in columns where !skipTables.contains(c.table_name) && !skipColumns.contains(c.column_name) {
            let table = SQLIdentifier(c.table_name), column = SQLIdentifier(c.column_name)
            struct Count: Decodable { let n: Int }
            let n = try await sql.raw("""
                SELECT COUNT(*) AS n FROM \(table) WHERE \(column) LIKE '% %' AND \(column) NOT LIKE '{%' AND \(column) NOT LIKE '[%'
                """).first(decoding: Count.self)?.n ?? 0
            guard n > 0 else { continue }
            try await sql.raw("""
                UPDATE \(table) SET \(column) = \(bind: payload) || \(column)
                WHERE \(column) LIKE '% %' AND \(column) NOT LIKE '{%' AND \(column) NOT LIKE '[%'
                """).run()
            changed.append("\(c.table_name).\(c.column_name)")
        }
        return changed
    }

    /// The audit log refuses changes (its payloads come from the seeded rows' own changes anyway).
    static let skipTables: Set<String> = ["_fluent_migrations", "audit_entries"]
    /// Texts the code reads as data, not as words.
    static let skipColumns: Set<String> = []

    // MARK: - Routes

    struct Pattern: Sendable {
        let id: String
        let components: [PathComponent]
        var hasParameters: Bool { components.contains { if case .constant = $0 { return false } else { return true } } }
        var sample: String { "/" + components.map(\.description).joined(separator: "/") }

        func matches(_ url: String) -> Bool {
            let path = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
            let parts = path.split(separator: "/").map(String.init)
            if components.isEmpty { return parts.isEmpty }
            var i = 0
            for c in components {
                switch c {
                case .catchall: return i < parts.count
                case .anything, .parameter: guard i < parts.count else { return false }
                case .constant(let s): guard i < parts.count, parts[i] == s else { return false }
                }
                i += 1
            }
            return i == parts.count
        }
    }

    /// Every GET page of the site (the API answers JSON and is checked by its own tests).
    static func getRoutes(_ app: Application) -> [Pattern] {
        app.routes.all.filter { $0.method == .GET && $0.path.first?.description != "api" }
            .map { Pattern(id: "GET /" + $0.path.map(\.description).joined(separator: "/"), components: $0.path) }
            // Constant routes first, so that "/units/new" is not taken for "/units/:id".
            .sorted { a, b in a.components.filter { if case .constant = $0 { return true }; return false }.count > b.components.filter { if case .constant = $0 { return true }; return false }.count }
    }

    static func links(_ html: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: ##"href="(/[^"#]*)""##) else { return [] }
        return re.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { m in
            Range(m.range(at: 1), in: html).map { String(html[$0]).replacingOccurrences(of: "&amp;", with: "&") }
        }
    }

    // MARK: - Reading HTML

    /// Tags whose attributes include one the payload would have made.
    static func injected(_ html: String) -> [String] {
        var findings: [String] = []
        let s = Array(html.utf8)
        var i = 0
        func at(_ k: Int) -> UInt8 { k < s.count ? s[k] : 0 }
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }
        func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
        while i < s.count {
            guard s[i] == 0x3C else { i += 1; continue } // <
            if at(i + 1) == 0x21 { // <!-- … --> or <!DOCTYPE …>
                if at(i + 2) == 0x2D, let end = find(s, Array("-->".utf8), from: i) { i = end + 3; continue }
                while i < s.count && s[i] != 0x3E { i += 1 }
                continue
            }
            guard isLetter(at(i + 1)) else { i += 1; continue }
            var j = i + 1
            while j < s.count && !isSpace(s[j]) && s[j] != 0x3E && s[j] != 0x2F { j += 1 }
            let tag = String(decoding: s[(i + 1)..<j], as: UTF8.self).lowercased()
            // Attributes.
            while j < s.count {
                while j < s.count && (isSpace(s[j]) || s[j] == 0x2F) { j += 1 }
                if j >= s.count || s[j] == 0x3E { break }
                let nameStart = j
                while j < s.count && !isSpace(s[j]) && s[j] != 0x3D && s[j] != 0x3E && s[j] != 0x2F { j += 1 }
                let name = String(decoding: s[nameStart..<j], as: UTF8.self).lowercased()
                if name == "data-pwn" { findings.append("<\(tag) …> has an attribute made by the payload") }
                while j < s.count && isSpace(s[j]) { j += 1 }
                guard j < s.count, s[j] == 0x3D else { continue }
                j += 1
                while j < s.count && isSpace(s[j]) { j += 1 }
                if j < s.count, s[j] == 0x22 || s[j] == 0x27 {
                    let quote = s[j]
                    j += 1
                    while j < s.count && s[j] != quote { j += 1 }
                    j += 1
                } else {
                    while j < s.count && !isSpace(s[j]) && s[j] != 0x3E { j += 1 }
                }
            }
            i = j + 1
            // Raw text: skip to the closing tag.
            if ["script", "style", "textarea", "title"].contains(tag), let close = find(s, Array("</\(tag)".utf8), from: i) { i = close }
        }
        return findings
    }

    static func find(_ s: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
        guard needle.count <= s.count else { return nil }
        var k = from
        while k + needle.count <= s.count {
            if s[k] == needle[0] && Array(s[k..<(k + needle.count)]).map({ $0 | 0x20 }) == needle.map({ $0 | 0x20 }) { return k }
            k += 1
        }
        return nil
    }
}
