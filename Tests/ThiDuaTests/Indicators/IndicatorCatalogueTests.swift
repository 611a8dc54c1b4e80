import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 16, point 1: the seeded catalogue, versioned definitions, targets with their sources, the settings.
@Suite("Indicators: catalogue, definitions, targets, settings")
struct IndicatorCatalogueTests {
    // MARK: helpers

    static func seed(_ app: Application, _ fx: Fixtures) async throws {
        try await IndicatorDefaults.seed(communeID: fx.communeA, at: app.clock.now(), on: app.db)
    }

    static func indicator(_ app: Application, _ fx: Fixtures, _ code: String) async throws -> Indicator {
        try #require(try await Indicator.query(on: app.db).filter(\.$communeID == fx.communeA).filter(\.$code == code).first())
    }

    static func id(_ u: UUID?) -> String { u?.uuidString.lowercased() ?? "" }

    /// The definition form's fields for `d`, as the edit page fills them.
    static func fields(_ d: IndicatorDefinitionRow, fromYear: Int, version: Int) -> [String: String] {
        IndicatorCatalogueController.values(d, fromYear: fromYear, version: version)
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The values of every `name="<name>[]"` control of a page, in order.
    static func column(_ html: String, _ name: String) -> [String] {
        // An empty value is written as a bare `value` attribute (or none): it reads as "".
        let pattern = "name=\"\(name)\\[\\]\"(?: value=\"([^\"]*)\")?"
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { m in
            Range(m.range(at: 1), in: html).map { unescape(String(html[$0])) } ?? ""
        }
    }

    /// The targets form of `html` as a browser posts it, with `change` applied to the line of `indicator`.
    static func targetPairs(_ html: String, year: Int, change: (indicator: UUID, target: String, source: String?)? = nil) -> [(String, String)] {
        let ids = column(html, "indicatorId"), targets = column(html, "target"), sources = column(html, "source"), versions = column(html, "version")
        var pairs: [(String, String)] = [("year", String(year))]
        #expect(ids.count == targets.count && ids.count == sources.count && ids.count == versions.count,
                "the targets form has \(ids.count) lines, \(targets.count) targets, \(sources.count) sources, \(versions.count) versions")
        guard ids.count == targets.count, ids.count == sources.count, ids.count == versions.count else { return pairs }
        for i in ids.indices {
            var target = targets[i], source = sources[i]
            if let change, ids[i] == id(change.indicator) {
                target = change.target
                if let s = change.source { source = s }
            }
            pairs += [("indicatorId[]", ids[i]), ("version[]", versions[i]), ("target[]", target), ("source[]", source)]
        }
        return pairs
    }

    static func target(_ app: Application, _ indicator: UUID, year: Int) async throws -> IndicatorTarget? {
        try await IndicatorTarget.query(on: app.db).filter(\.$indicatorID == indicator).filter(\.$year == year).first()
    }

    // MARK: the seed

    @Test func theSeedHoldsAboutTwentyIndicatorsEachWithASourceAndTargetsFor2025To2030() async throws {
        try await withTestApp { app, fx in
            // act
            try await Self.seed(app, fx)
            try await Self.seed(app, fx)  // a rerun adds nothing
            // check
            let entries = try await IndicatorCatalogueQueries.definitions(year: 2026, commune: fx.communeA, on: app.db)
            #expect((18...22).contains(entries.count))
            #expect(entries.count == IndicatorDefaults.all.count)
            #expect(Set(entries.map(\.code)) == Set(IndicatorDefaults.codes))
            #expect(Set(entries.compactMap { $0.definition?.groupName }) == Set(IndicatorDefaults.groups.map(\.name)))
            let targets = try await IndicatorTarget.query(on: app.db).filter(\.$communeID == fx.communeA).all()
            for e in entries {
                let d = try #require(e.definition)
                #expect(!d.sourceDocument.isEmpty && !d.evidenceRequired.isEmpty && !d.definition.isEmpty, "\(e.code)")
                if d.kind == .share { #expect(!d.numeratorLabel.isEmpty && !d.denominatorLabel.isEmpty && d.measure == "%", "\(e.code)") }
                #expect(d.contentAreaID != nil, "\(e.code): content area")
                let own = targets.filter { $0.indicatorID == e.indicatorID && $0.level == d.level.rawValue }
                #expect(Set(own.map(\.year)) == Set(2025...2030), "\(e.code): targets")
                #expect(own.allSatisfy { !$0.source.isEmpty }, "\(e.code): target sources")
                if d.kind == .share { #expect(own.allSatisfy { $0.target <= 100 }) }
            }
            // The VNeID indicator: 50% in 2025, 60% in 2026, rising; it is the literacy indicator of the settings.
            let vneid = try await Self.indicator(app, fx, IndicatorDefaults.literacyCode)
            #expect(try await Self.target(app, vneid.requireID(), year: 2025)?.target == 50)
            #expect(try await Self.target(app, vneid.requireID(), year: 2026)?.target == 60)
            let vneidDefinition = try #require(entries.first { $0.code == IndicatorDefaults.literacyCode }?.definition)
            #expect(vneidDefinition.name.contains("VNeID") && vneidDefinition.level == .village)
            #expect(vneidDefinition.denominatorLabel.contains("15 tuổi"))
            let settings = try await IndicatorCatalogueQueries.settings(commune: fx.communeA, on: app.db)
            #expect(settings.jumpPercent == 30 && settings.jumpSource.contains("xã") && settings.literacyIndicatorID == vneid.id)
            #expect(try await IndicatorSettings.query(on: app.db).filter(\.$communeID == fx.communeA).count() == 1)
        }
    }

    @Test func theMigrationSeedsEveryCommuneAlreadyThere() async throws {
        try await withTestApp { app, fx in
            // act: the migration's step, on communes created before it ran
            try await SeedIndicatorCatalogue().prepare(on: app.db)
            // check
            for commune in [fx.communeA, fx.communeB] {
                #expect(try await Indicator.query(on: app.db).filter(\.$communeID == commune).count() == IndicatorDefaults.all.count)
            }
        }
    }

    // MARK: versions

    @Test func aVersionFrom2027LeavesThe2026DefinitionUnchanged() async throws {
        try await withTestApp { app, fx in
            // setup
            try await Self.seed(app, fx)
            let i = try await Self.indicator(app, fx, "CDS04")
            let iid = try i.requireID()
            let first = try #require(try await IndicatorCatalogueQueries.versions(indicatorID: iid, commune: fx.communeA, on: app.db).first)
            var form = Self.fields(first, fromYear: 2027, version: i.version)
            form["name"] = "Tỷ lệ hộ gia đình có Internet cáp quang tốc độ từ 100 Mb/s"
            form["denominatorLabel"] = "Tổng số hộ gia đình thường trú của thôn, ấp"
            let s = try await app.login("thuky")
            // act
            let res = try await app.post(SiteURL.indicatorCatalogueItem(iid), as: s, form)
            // check
            #expect(res.status == .seeOther)
            let versions = try await IndicatorDefinition.query(on: app.db).filter(\.$indicatorID == iid).all()
            #expect(versions.count == 2)
            #expect(IndicatorDefinitions.effective(versions, year: 2026)?.name == first.name)
            #expect(IndicatorDefinitions.effective(versions, year: 2025)?.fromYear == 2025)
            #expect(IndicatorDefinitions.effective(versions, year: 2027)?.name == form["name"])
            #expect(IndicatorDefinitions.effective(versions, year: 2030)?.fromYear == 2027)
            #expect(IndicatorDefinitions.effective(versions, year: 2024) == nil)
            let y2026 = try await IndicatorCatalogueQueries.definitions(year: 2026, commune: fx.communeA, on: app.db).first { $0.indicatorID == iid }
            #expect(y2026?.definition?.name == first.name)
            let page = try await app.get(SiteURL.indicatorCatalogueItem(iid, year: 2026), as: s)
            #expect(page.body.string.contains("2027") && page.body.string.contains(first.name))
            // A second save from the same old page: the indicator's version moved, 409.
            let stale = try await app.post(SiteURL.indicatorCatalogueItem(iid), as: s, form)
            #expect(stale.status == .conflict)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "indicator_definition").count() == 1)
        }
    }

    @Test func aVersionUsedByAnApprovedValueIsNotEditedInPlace() async throws {
        try await withTestApp { app, fx in
            // setup: an approved 2026 value of the village entered under the 2025 definition
            try await Self.seed(app, fx)
            let i = try await Self.indicator(app, fx, "CDS08")
            let iid = try i.requireID()
            let first = try #require(try await IndicatorCatalogueQueries.versions(indicatorID: iid, commune: fx.communeA, on: app.db).first)
            let v = IndicatorValue()
            v.communeID = fx.communeA; v.indicatorID = iid; v.definitionID = first.id; v.unitID = fx.villageA
            v.scopeKey = fx.villageA.uuidString; v.year = 2026; v.quarter = 0; v.numerator = 600; v.denominator = 1000; v.value = 60
            v.note = ""; v.jumpNote = ""; v.status = IndicatorValueStatus.approved.rawValue; v.returnReason = ""; v.source = "form"
            v.enteredByName = ""; v.reviewedByName = ""; v.createdAt = app.clock.now(); v.updatedAt = app.clock.now(); v.version = 1
            try await v.create(on: app.db)
            let s = try await app.login("thuky")
            var form = Self.fields(first, fromYear: 2025, version: i.version)
            form["definition"] = "Định nghĩa đã sửa"
            // act
            let refused = try await app.post(SiteURL.indicatorCatalogueItem(iid), as: s, form)
            // check: refused beside the year, telling to choose 2027 or later; nothing changed
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(IndicatorText.Catalogue.versionInUse(year: 2025, count: 1, nextYear: 2027)))
            #expect(try await IndicatorDefinition.find(first.id, on: app.db)?.definition == first.definition)
            #expect(try await Indicator.find(iid, on: app.db)?.version == i.version)
            // A draft does not hold the definition: the same save once the value is a draft changes it in place.
            v.status = IndicatorValueStatus.draft.rawValue
            try await v.update(on: app.db)
            let ok = try await app.post(SiteURL.indicatorCatalogueItem(iid), as: s, form)
            #expect(ok.status == .seeOther)
            #expect(try await IndicatorDefinition.find(first.id, on: app.db)?.definition == "Định nghĩa đã sửa")
            #expect(try await IndicatorDefinition.query(on: app.db).filter(\.$indicatorID == iid).count() == 1)
            // A new version from 2027 leaves the value on the definition it was entered under.
            v.status = IndicatorValueStatus.locked.rawValue
            try await v.update(on: app.db)
            form["fromYear"] = "2026"
            form["version"] = String(i.version + 1)
            let created = try await app.post(SiteURL.indicatorCatalogueItem(iid), as: s, form)
            #expect(created.status == .seeOther)
            #expect(try await IndicatorValue.find(v.id, on: app.db)?.definitionID == first.id)
        }
    }

    // MARK: creating indicators

    @Test func aCodeIsUniqueInTheCommuneAndEveryFieldIsChecked() async throws {
        try await withTestApp { app, fx in
            // setup
            try await Self.seed(app, fx)
            let s = try await app.login("thuky")
            var form = ["code": "cds01", "fromYear": "2026", "name": "Tỷ lệ hộ gia đình dùng Sổ sức khỏe điện tử", "definition": "Số hộ … trên tổng số hộ.",
                        "kind": "share", "numeratorLabel": "", "denominatorLabel": "Tổng số hộ gia đình của thôn", "measure": "",
                        "direction": "up", "level": "village", "groupName": "Xã hội số", "sourceDocument": "", "evidenceRequired": "Danh sách"]
            // act
            let refused = try await app.post(SiteURL.indicatorCatalogueNew, as: s, form)
            // check: one message per field, what was typed kept
            #expect(refused.status == .unprocessableEntity)
            let body = refused.body.string
            #expect(body.contains(IndicatorText.Catalogue.codeTaken("cds01")))
            #expect(body.contains(IndicatorText.Catalogue.numeratorRequired))
            #expect(body.contains(CoreText.required))
            #expect(body.contains("Sổ sức khỏe điện tử"))
            form["numeratorLabel"] = "Số hộ gia đình dùng Sổ sức khỏe điện tử"
            form["sourceDocument"] = "Kế hoạch của UBND xã (số hiệu do xã cập nhật)"
            let taken = try await app.post(SiteURL.indicatorCatalogueNew, as: s, form)
            #expect(taken.status == .unprocessableEntity)
            #expect(taken.body.string.contains(IndicatorText.Catalogue.codeTaken("cds01")))
            form["code"] = "CDS 22"
            #expect(try await app.post(SiteURL.indicatorCatalogueNew, as: s, form).body.string.contains(IndicatorText.Catalogue.badCode))
            form["code"] = "CDS22"
            form["fromYear"] = "226"
            #expect(try await app.post(SiteURL.indicatorCatalogueNew, as: s, form).body.string.contains(IndicatorText.Catalogue.badYear))
            form["fromYear"] = "2026"
            let created = try await app.post(SiteURL.indicatorCatalogueNew, as: s, form)
            #expect(created.status == .seeOther)
            let i = try await Self.indicator(app, fx, "CDS22")
            #expect(i.position == IndicatorDefaults.all.count + 1)
            let d = try #require(try await IndicatorDefinition.query(on: app.db).filter(\.$indicatorID == i.requireID()).first())
            #expect(d.fromYear == 2026 && d.measure == "%" && d.groupPosition == 8)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "indicator").count() == 1)
            // Another commune may use the same code.
            try await IndicatorDefaults.seed(communeID: fx.communeB, at: app.clock.now(), on: app.db)
            #expect(try await Indicator.query(on: app.db).filter(\.$code == "CDS01").count() == 2)
        }
    }

    @Test func hostileTextIsEscapedOnEveryPage() async throws {
        try await withTestApp { app, fx in
            try await Self.seed(app, fx)
            let s = try await app.login("thuky")
            let evil = "<script>alert(\"x\")</script>'"
            let form = ["code": "X1", "fromYear": "2026", "name": evil, "definition": evil, "kind": "count", "measure": evil,
                        "direction": "up", "level": "village", "newGroup": evil, "sourceDocument": evil, "evidenceRequired": evil]
            #expect(try await app.post(SiteURL.indicatorCatalogueNew, as: s, form).status == .seeOther)
            let i = try await Self.indicator(app, fx, "X1")
            let targets = try await app.get(SiteURL.indicatorTargets(year: 2026), as: s)
            let pairs = Self.targetPairs(targets.body.string, year: 2026, change: (try i.requireID(), "3", evil))
            #expect(try await app.postPairs(SiteURL.indicatorTargets, as: s, pairs).status == .seeOther)
            let unit = try await app.login("daumoi")
            for (path, who) in [(SiteURL.indicatorCatalogue(year: 2026), s), (SiteURL.indicatorCatalogueItem(i.id, year: 2026), s),
                                (SiteURL.indicatorTargets(year: 2026), s), (SiteURL.indicatorCatalogue(year: 2026), unit),
                                (SiteURL.indicatorTargets(year: 2026), unit)] {
                let page = try await app.get(path, as: who)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.body.string.contains("<script>alert"), "\(path)")
                #expect(page.body.string.contains("&lt;script&gt;"), "\(path)")
            }
        }
    }

    // MARK: targets

    @Test func targetsAreReadAsVietnameseNumbersAndChecked() async throws {
        try await withTestApp { app, fx in
            // setup
            try await Self.seed(app, fx)
            let s = try await app.login("thuky")
            let learners = try await Self.indicator(app, fx, "CDS02").requireID()  // a count
            let fibre = try await Self.indicator(app, fx, "CDS04").requireID()     // a share
            let page = try await app.get(SiteURL.indicatorTargets(year: 2026), as: s)
            #expect(page.status == .ok)
            let html = page.body.string
            // act + check: "1.500" is fifteen hundred
            let ok = try await app.postPairs(SiteURL.indicatorTargets, as: s, Self.targetPairs(html, year: 2026, change: (learners, "1.500", nil)))
            #expect(ok.status == .seeOther)
            #expect(try await Self.target(app, learners, year: 2026)?.target == 1500)
            let fresh = try await app.get(SiteURL.indicatorTargets(year: 2026), as: s).body.string
            // A share over 100 is refused beside it, and nothing of the form is written.
            let over = try await app.postPairs(SiteURL.indicatorTargets, as: s, Self.targetPairs(fresh, year: 2026, change: (fibre, "101", nil)))
            #expect(over.status == .unprocessableEntity)
            #expect(over.body.string.contains(IndicatorText.Catalogue.shareTooHigh))
            #expect(over.body.string.contains("value=\"101\""))
            #expect(try await Self.target(app, fibre, year: 2026)?.target == 85)
            // Negative refused.
            let negative = try await app.postPairs(SiteURL.indicatorTargets, as: s, Self.targetPairs(fresh, year: 2026, change: (learners, "-5", nil)))
            #expect(negative.status == .unprocessableEntity)
            #expect(negative.body.string.contains(NumberProblem.negative.message))
            // The source is required with a target.
            let noSource = try await app.postPairs(SiteURL.indicatorTargets, as: s, Self.targetPairs(fresh, year: 2026, change: (fibre, "90", "")))
            #expect(noSource.status == .unprocessableEntity)
            #expect(noSource.body.string.contains(IndicatorText.Catalogue.targetSourceRequired))
            #expect(try await Self.target(app, fibre, year: 2026)?.target == 85)
            #expect(try await Self.target(app, learners, year: 2026)?.target == 1500)
            // An empty target removes the year's target; the old page then conflicts.
            let removed = try await app.postPairs(SiteURL.indicatorTargets, as: s, Self.targetPairs(fresh, year: 2026, change: (fibre, "", nil)))
            #expect(removed.status == .seeOther)
            #expect(try await Self.target(app, fibre, year: 2026) == nil)
            let stale = try await app.postPairs(SiteURL.indicatorTargets, as: s, Self.targetPairs(html, year: 2026, change: (learners, "1.600", nil)))
            #expect(stale.status == .conflict)
            #expect(try await Self.target(app, learners, year: 2026)?.target == 1500)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "indicator_target").count() == 2)
        }
    }

    @Test func aTargetOf60Comma5IsShownAndSavedBackUnchanged() async throws {
        try await withTestApp { app, fx in
            // setup
            try await Self.seed(app, fx)
            let s = try await app.login("thuky")
            let dossiers = try await Self.indicator(app, fx, "CDS14").requireID()
            let first = try await app.get(SiteURL.indicatorTargets(year: 2027), as: s).body.string
            #expect(try await app.postPairs(SiteURL.indicatorTargets, as: s,
                                            Self.targetPairs(first, year: 2027, change: (dossiers, "60,5", nil))).status == .seeOther)
            #expect(try await Self.target(app, dossiers, year: 2027)?.target == 60.5)
            // act: the page shows "60,5"; posting the page back as it is changes nothing
            let shown = try await app.get(SiteURL.indicatorTargets(year: 2027), as: s).body.string
            #expect(shown.contains("value=\"60,5\""))
            let again = try await app.postPairs(SiteURL.indicatorTargets, as: s, Self.targetPairs(shown, year: 2027))
            // check
            #expect(again.status == .seeOther)
            let t = try #require(try await Self.target(app, dossiers, year: 2027))
            #expect(t.target == 60.5 && t.version == 2)
            #expect(try await app.get(SiteURL.indicatorCatalogue(year: 2027), as: s).body.string.contains("60,5%"))
        }
    }

    // MARK: policy and settings

    @Test func aFocalPointReadsTheCatalogueButCannotChangeIt() async throws {
        try await withTestApp { app, fx in
            try await Self.seed(app, fx)
            let i = try await Self.indicator(app, fx, "CDS01")
            let unit = try await app.login("daumoi")
            let list = try await app.get(SiteURL.indicatorCatalogue, as: unit)
            #expect(list.status == .ok)
            #expect(!list.body.string.contains(SiteURL.indicatorCatalogueNew))
            #expect(try await app.get(SiteURL.indicatorCatalogueItem(i.id), as: unit).status == .ok)
            #expect(!(try await app.get(SiteURL.indicatorCatalogueItem(i.id), as: unit).body.string.contains("name=\"fromYear\"")))
            #expect(try await app.get(SiteURL.indicatorCatalogueNew, as: unit).status == .forbidden)
            #expect(try await app.post(SiteURL.indicatorCatalogueNew, as: unit, ["code": "X"]).status == .forbidden)
            #expect(try await app.post(SiteURL.indicatorCatalogueItem(i.id), as: unit, ["fromYear": "2027"]).status == .forbidden)
            #expect(try await app.post(SiteURL.indicatorCatalogueActive(i.id), as: unit, ["active": "0", "version": "1"]).status == .forbidden)
            #expect(try await app.post(SiteURL.indicatorTargets, as: unit, ["year": "2026"]).status == .forbidden)
            #expect(try await app.post(SiteURL.indicatorSettings, as: unit, ["jumpPercent": "10"]).status == .forbidden)
            #expect(try await Indicator.query(on: app.db).filter(\.$communeID == fx.communeA).count() == IndicatorDefaults.all.count)
            // Another commune's indicator is not found.
            let other = try await app.login("admin.b")
            #expect(try await app.get(SiteURL.indicatorCatalogueItem(i.id), as: other).status == .notFound)
        }
    }

    @Test func anIndicatorIsSwitchedOffAndOnWithItsVersion() async throws {
        try await withTestApp { app, fx in
            try await Self.seed(app, fx)
            let i = try await Self.indicator(app, fx, "CDS21")
            let s = try await app.login("thuky")
            #expect(try await app.post(SiteURL.indicatorCatalogueActive(i.id), as: s, ["active": "0", "version": "1"]).status == .seeOther)
            #expect(try await Indicator.find(i.id, on: app.db)?.isActive == false)
            // The same old button again: refused, nothing changed.
            _ = try await app.post(SiteURL.indicatorCatalogueActive(i.id), as: s, ["active": "1", "version": "1"])
            #expect(try await Indicator.find(i.id, on: app.db)?.isActive == false)
            #expect(try await app.post(SiteURL.indicatorCatalogueActive(i.id), as: s, ["active": "1", "version": "2"]).status == .seeOther)
            #expect(try await Indicator.find(i.id, on: app.db)?.isActive == true)
        }
    }

    @Test func theSettingsAreEditedWithTheirSourceAndVersion() async throws {
        try await withTestApp { app, fx in
            try await Self.seed(app, fx)
            let s = try await app.login("thuky")
            let page = try await app.get(SiteURL.indicatorSettings, as: s)
            #expect(page.status == .ok && page.body.string.contains("value=\"30\""))
            let classes = try await Self.indicator(app, fx, "CDS01")  // a count: not a literacy share
            let skills = try await Self.indicator(app, fx, "CDS09")
            let bad = try await app.post(SiteURL.indicatorSettings, as: s, ["jumpPercent": "0", "jumpSource": "", "literacyIndicatorId": Self.id(classes.id), "version": "1"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains(IndicatorText.Catalogue.jumpRange) && bad.body.string.contains(IndicatorText.Catalogue.literacyMustBeShare))
            let ok = try await app.post(SiteURL.indicatorSettings, as: s, ["jumpPercent": "25,5", "jumpSource": "Quy chế của Ban Chỉ đạo xã",
                                                                           "literacyIndicatorId": Self.id(skills.id), "version": "1"])
            #expect(ok.status == .seeOther)
            let saved = try await IndicatorCatalogueQueries.settings(commune: fx.communeA, on: app.db)
            #expect(saved.jumpPercent == 25.5 && saved.literacyIndicatorID == skills.id && saved.version == 2)
            #expect(try await app.post(SiteURL.indicatorSettings, as: s, ["jumpPercent": "20", "jumpSource": "x", "version": "1"]).status == .conflict)
            let read = try await app.get(SiteURL.indicatorSettings, as: try await app.login("daumoi"))
            #expect(read.status == .ok && read.body.string.contains("Quy chế của Ban Chỉ đạo xã") && !read.body.string.contains("name=\"jumpPercent\""))
        }
    }
}
