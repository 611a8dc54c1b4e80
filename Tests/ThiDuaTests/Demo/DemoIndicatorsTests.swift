import Fluent
import Foundation
import Testing
import Vapor
@testable import ThiDua

@Suite("The demo's indicator values, sessions and teams")
struct DemoIndicatorsTests {
    @Test func everyNghiaTrungVillageHasPlausibleValues() async throws {
        try await withDemoApp { app in
            let commune = try #require(try await Commune.query(on: app.db).filter(\.$code == "nghia-trung").first())
            try await Self.checkValues(communeID: try commune.requireID(), on: app.db)
            try await Self.checkLiteracy(communeID: try commune.requireID(), on: app.db)
            let phuSon = try #require(try await Commune.query(on: app.db).filter(\.$code == DemoData.otherCommune.code).first())
            try await Self.checkSmallCommune(communeID: try phuSon.requireID(), nghiaTrung: try commune.requireID(), on: app.db)
        }
    }

    static func checkValues(communeID: UUID, on db: any Database) async throws {
        let units = try await Unit.query(on: db).filter(\.$communeID == communeID).all()
        let villages = units.filter { $0.unitKind == .village }
        let values = try await IndicatorValue.query(on: db).filter(\.$communeID == communeID).all()
        var definitions: [UUID: IndicatorDefinition] = [:]
        for d in try await IndicatorDefinition.query(on: db).filter(\.$communeID == communeID).all() { definitions[d.id!] = d }
        var unitByID: [UUID: ThiDua.Unit] = [:]
        for u in units { unitByID[u.id!] = u }
        #expect(villages.count == DemoData.villages.count)

        // Every village has 2025 and 2026 values; 2025 is locked.
        for village in villages {
            #expect(values.contains { $0.unitID == village.id && $0.year == 2026 }, "\(village.name) has 2026 values")
            #expect(values.contains { $0.unitID == village.id && $0.year == 2025 }, "\(village.name) has 2025 values")
        }
        #expect(values.filter { $0.year == 2025 }.allSatisfy { $0.statusValue == .locked })

        // Units, schools, businesses and the commune too, each at its indicator's level; numerator ≤ denominator.
        var levels = Set<IndicatorLevel>()
        for v in values {
            guard let def = definitions[v.definitionID] else {
                Issue.record("a value without its definition")
                continue
            }
            levels.insert(def.levelValue)
            if let unitID = v.unitID {
                let kind = unitByID[unitID]?.unitKind
                #expect(kind.map { IndicatorLevel.of($0) } == def.levelValue)
                #expect(v.scopeKey == unitID.uuidString.lowercased())
            } else {
                #expect(def.levelValue == .commune)
                #expect(v.scopeKey == IndicatorValue.communeScope)
            }
            if let n = v.numerator, let d = v.denominator {
                #expect(n >= 0 && n <= d && d > 0)
                let figure = v.value ?? -1
                #expect(abs(figure - n / d * 100) < 1e-9)
            }
        }
        #expect(levels.isSuperset(of: [.commune, .village]))
        #expect(levels.count >= 4)

        // 2026: mostly approved, a few submitted, exactly one returned with its reason.
        let v2026 = values.filter { $0.year == 2026 }
        let approved = v2026.filter { $0.statusValue == .approved }.count
        #expect(approved * 10 >= v2026.count * 8)
        #expect(v2026.contains { $0.statusValue == .submitted })
        let returned = v2026.filter { $0.statusValue == .returned }
        #expect(returned.count == 1)
        #expect(returned.allSatisfy { !$0.returnReason.isEmpty })

        // One village misses two 2026 figures that the others have ("chưa có số liệu").
        let missingID = villages.first { $0.code == DemoIndicators.missingVillageCode }?.id
        let firstID = villages.first { $0.code == "TH-01" }?.id
        let missingRows = v2026.filter { $0.unitID == missingID }.count
        let firstRows = v2026.filter { $0.unitID == firstID }.count
        #expect(missingRows == firstRows - 2)

        // Plausible: the VNeID-confirmed share of each village in 2026 between 45 % and 80 %; adults 600–2.500.
        var vneid: [IndicatorValue] = []
        for v in v2026 where v.unitID != nil {
            guard let def = definitions[v.definitionID], def.kindValue == .share, TextFolding.fold(def.name).contains("vneid") else { continue }
            vneid.append(v)
        }
        #expect(!vneid.isEmpty)
        for v in vneid {
            let share = v.value ?? 0
            let adults = v.denominator ?? 0
            #expect(share >= 45 && share <= 80, "VNeID share \(share)")
            #expect(adults >= 600 && adults <= 2_500)
        }

        // The dashboard of 2026 reads them: the commune's VNeID figure between 45 % and 80 %.
        let dashboard = try await IndicatorQueries.dashboard(communeID: communeID, year: 2026, on: db)
        let figure = dashboard.results.first { $0.spec.kind == .share && TextFolding.fold($0.spec.name).contains("vneid") }
        let communeShare = figure?.commune.value ?? 0
        #expect(communeShare >= 45 && communeShare <= 80)
    }

    static func checkLiteracy(communeID: UUID, on db: any Database) async throws {
        let villages = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$kind == UnitKind.village.rawValue).all()
        let sessions = try await TrainingSession.query(on: db).filter(\.$communeID == communeID).all()
        for village in villages {
            for year in [2025, 2026] {
                let n = sessions.filter { $0.unitID == village.id && $0.year == year }.count
                #expect(n >= 2 && n <= 4, "\(village.name) \(year): \(n) sessions")
            }
        }
        #expect(sessions.contains { $0.platform == "binhdanhocvuso.gov.vn" })
        #expect(sessions.allSatisfy { $0.trainers.contains("Kỹ sư VNPT") && $0.attendeeCount > 0 })
        let teams = try await DigitalTeam.query(on: db).filter(\.$communeID == communeID).all()
        #expect(teams.count == villages.count)
        #expect(Set(teams.map(\.villageID)) == Set(villages.compactMap(\.id)))
        #expect(teams.allSatisfy { $0.decisionNumber.hasSuffix("/QĐ-UBND") })
        let members = try await DigitalTeamMember.query(on: db).filter(\.$communeID == communeID).all()
        #expect(members.contains { $0.personID != nil })
        #expect(members.contains { $0.personID == nil })
        #expect(Set(members.map(\.teamID)) == Set(teams.compactMap(\.id)))
        let visits = try await DigitalTeamVisit.query(on: db).filter(\.$communeID == communeID).count()
        #expect(visits >= villages.count * 2)
        #expect(try await TrainingAttendee.query(on: db).filter(\.$communeID == communeID).count() > 0)
    }

    static func checkSmallCommune(communeID: UUID, nghiaTrung: UUID, on db: any Database) async throws {
        let other = try await IndicatorValue.query(on: db).filter(\.$communeID == communeID).all()
        let main = try await IndicatorValue.query(on: db).filter(\.$communeID == nghiaTrung).count()
        #expect(!other.isEmpty)
        #expect(other.count * 4 < main)
        #expect(Set(other.map(\.year)) == [2026])
        #expect(try await DigitalTeam.query(on: db).filter(\.$communeID == communeID).count() == DemoData.otherCommune.villages.count)
    }
}
