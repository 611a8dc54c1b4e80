import Fluent
import Foundation
import Testing
import Vapor
@testable import ThiDua

/// The signing page of a year already decided names the Quyết định (number, date, download) instead of a sign button
/// that the command would refuse; the Tờ trình page of a year already submitted names the Tờ trình.
@Suite("Signer: the signing page of a decided year names its Quyết định")
struct SigningAlreadyMadeTests {
    @Test func aDecidedYearShowsItsDecisionAndNoSignButton() async throws {
        try await withDemoApp { app in
            // setup: the demo's 2026 is decided
            let (submission, decision) = try await CommendationSignerDocumentTests.documents(app)
            let leader = try await app.login("chutich", password: DemoData.password)
            let date = try #require(LocalDate(iso: decision.issuedOn))
            // act
            let page = try await app.get("/commendations/2026/sign", as: leader)
            // check
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Đã ký Quyết định số \(decision.numberText) ngày \(date.vietnamese)."), "\(html.prefix(300))")
            #expect(decision.numberText.hasSuffix("/QĐ-UBND"))
            #expect(html.contains(#"href="/commendations/documents/\#(decision.id!.uuidString.lowercased())/document.docx""#))
            #expect(html.contains(#"href="/commendations/documents/\#(decision.id!.uuidString.lowercased())""#))
            #expect(!html.contains(">\(CommendationText.sign)<"), "no button that would be refused")
            #expect(!html.contains(#"name="signerId""#))
            // the Tờ trình page likewise
            let officer = try await app.login("canbo.thidua", password: DemoData.password)
            let submissionPage = try await app.get("/commendations/2026/submission", as: officer).body.string
            let submitted = try #require(LocalDate(iso: submission.issuedOn))
            #expect(submissionPage.contains("Đã lập Tờ trình số \(submission.numberText) ngày \(submitted.vietnamese)."))
            #expect(!submissionPage.contains(">\(CommendationText.makeSubmission)<"))
            // a year not decided still has its form
            let next = try await app.get("/commendations/2027/sign", as: leader).body.string
            #expect(next.contains(">\(CommendationText.sign)<") && !next.contains("Đã ký Quyết định"))
        }
    }
}
