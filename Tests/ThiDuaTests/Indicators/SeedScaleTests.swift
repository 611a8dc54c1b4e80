import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import ThiDua

@Suite("seed-scale: a province of test data")
struct SeedScaleTests {
    @Test func smallProvinceHasTheRightCountsAndValidRows() async throws {
        try await withFreshApp { app in
            // act
            let options = ScaleSeeder.Options(communes: 2, units: 20, years: 2, seed: 42)
            let summary = try await ScaleSeeder.seed(app, options: options)

            // check: communes, units, users
            #expect(summary.communes == 2 && summary.units == 40 && summary.users == 2)
            let communes = try await Commune.query(on: app.db).filter(\.$code ~~ ["scale-001", "scale-002"]).all()
            #expect(communes.count == 2)
            for commune in communes {
                let units = try await Unit.query(on: app.db).filter(\.$communeID == commune.id!).all()
                #expect(units.count == 20)
                #expect(units.filter { $0.unitKind == .village }.count == 3)
                #expect(Set(units.map(\.unitKind)) == Set(UnitKind.allCases))
                #expect(try await Indicator.query(on: app.db).filter(\.$communeID == commune.id!).count() >= 15)
            }

            // check: one row per scope × indicator at its level × period, less the few missing
            let rows = try await IndicatorValue.query(on: app.db).all()
            #expect(rows.count == summary.values)
            var expected = 0
            for commune in communes {
                let units = try await Unit.query(on: app.db).filter(\.$communeID == commune.id!).all()
                let definitions = try await IndicatorDefinition.query(on: app.db).filter(\.$communeID == commune.id!).all()
                let active = try await Indicator.query(on: app.db).filter(\.$communeID == commune.id!).filter(\.$isActive == true).all()
                for year in 2025...2026 {
                    let effective = IndicatorDefinitions.effectiveByIndicator(definitions, year: year)
                    for indicator in active {
                        guard let def = effective[indicator.id!] else { continue }
                        let scopes = def.levelValue == .commune ? 1 : units.filter { IndicatorLevel.of($0.unitKind) == def.levelValue }.count
                        expected += scopes * 5
                    }
                }
            }
            #expect(rows.count < expected, "some figures are missing: \(rows.count) of \(expected)")
            #expect(rows.count * 100 >= expected * 94, "about 3 % missing: \(rows.count) of \(expected)")
            #expect(rows.contains { $0.value == nil }, "some rows have no figure")
            #expect(Set(rows.map(\.year)) == [2025, 2026])
            #expect(Set(rows.map(\.quarter)) == [0, 1, 2, 3, 4])
            #expect(rows.allSatisfy { $0.source == "scale" })
            #expect(rows.filter { $0.year == 2025 }.allSatisfy { $0.statusValue == .locked })
            #expect(rows.filter { $0.year == 2026 }.allSatisfy { $0.statusValue == .approved })

            // check: every row is valid: numerator ≤ denominator, the figure is theirs, the scope at the level
            let definitions = Dictionary(try await IndicatorDefinition.query(on: app.db).all().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
            let units = Dictionary(try await Unit.query(on: app.db).all().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
            for row in rows {
                let def = try #require(definitions[row.definitionID])
                #expect(def.indicatorID == row.indicatorID)
                if let unitID = row.unitID {
                    let unit = try #require(units[unitID])
                    #expect(IndicatorLevel.of(unit.unitKind) == def.levelValue && unit.communeID == row.communeID)
                    #expect(row.scopeKey == unitID.uuidString.lowercased())
                } else {
                    #expect(def.levelValue == .commune && row.scopeKey == IndicatorValue.communeScope)
                }
                if let n = row.numerator, let d = row.denominator {
                    #expect(n >= 0 && n <= d && d > 0)
                    #expect(def.kindValue == .share)
                    #expect(abs((row.value ?? -1) - n / d * 100) < 1e-9)
                }
                if def.kindValue == .share && row.value != nil { #expect(row.numerator != nil && row.denominator != nil) }
                if let v = row.value, def.kindValue == .count { #expect(v >= 0 && v == v.rounded()) }
            }

            // check: shares rise from 2025 to 2026 (Σ numerators ÷ Σ denominators of the villages, whole year)
            func share(_ year: Int) -> Double {
                let r = rows.filter { $0.year == year && $0.quarter == 0 && $0.unitID != nil && $0.denominator != nil }
                return r.reduce(0) { $0 + ($1.numerator ?? 0) } / r.reduce(0) { $0 + ($1.denominator ?? 0) }
            }
            #expect(share(2026) > share(2025))

            // check: the secretariat account of a scale commune signs in
            let session = try await app.login(ScaleSeeder.secretariatUsername(1), password: ScaleSeeder.password)
            #expect(try await app.get("/", as: session).status == .ok)
        }
    }

    @Test func refusesASecondRunUnlessAppendAndIsDeterministic() async throws {
        var first: [Double] = []
        try await withFreshApp { app in
            // setup
            _ = try await ScaleSeeder.seed(app, options: ScaleSeeder.Options(communes: 1, units: 10, years: 1, seed: 7, quarters: false))
            first = try await IndicatorValue.query(on: app.db).sort(\.$createdAt).all().compactMap(\.numerator)

            // act / check: refused without --append, nothing added
            await #expect(throws: ScaleSeeder.Failure.self) {
                _ = try await ScaleSeeder.seed(app, options: ScaleSeeder.Options(communes: 1, units: 10, years: 1, seed: 7))
            }
            #expect(try await Commune.query(on: app.db).filter(\.$code == "scale-002").count() == 0)
            #expect(try await IndicatorValue.query(on: app.db).filter(\.$quarter != 0).count() == 0)

            // act / check: with --append the next code
            _ = try await ScaleSeeder.seed(app, options: ScaleSeeder.Options(communes: 1, units: 10, years: 1, seed: 7, append: true, quarters: false))
            #expect(try await Commune.query(on: app.db).filter(\.$code == "scale-002").count() == 1)
        }
        try await withFreshApp { app in
            _ = try await ScaleSeeder.seed(app, options: ScaleSeeder.Options(communes: 1, units: 10, years: 1, seed: 7, quarters: false))
            let again = try await IndicatorValue.query(on: app.db).sort(\.$createdAt).all().compactMap(\.numerator)
            #expect(!first.isEmpty && again.sorted() == first.sorted(), "the same seed gives the same figures")
        }
    }

    @Test func benchFindsTheSameNumbersInRawSQL() async throws {
        try await withFreshApp { app in
            _ = try await ScaleSeeder.seed(app, options: ScaleSeeder.Options(communes: 2, units: 20, years: 2, seed: 42))
            let commune = try #require(try await Commune.query(on: app.db).filter(\.$code == "scale-001").first())
            let report = try await DashboardBench.run(communeID: commune.id!, year: 2026, runs: 1, on: app.db)
            #expect(report.equal, "\(report.lines.joined(separator: "\n"))")
        }
    }
}
