import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// A person's form has only one-line fields: 20,000 characters typed (or pasted) into one of them is refused beside
/// that field with its maximum length, what was typed kept in the box, nothing saved — never a page of its own.
@Suite("Person form: a 20,000-character field is refused beside it, input kept")
struct PersonLongFieldTests {
    static let long = String(repeating: "Nguyễn Văn An ", count: 1_429).prefix(TextLimit.long - 1) + "."

    static func tooLong(_ max: Int) -> String {
        CoreText.tooLong.replacingOccurrences(of: "%d", with: NumberText.format(Double(max)))
    }

    @Test(arguments: [("fullName", tooLong(120)), ("title", tooLong(160)), ("phone", CoreText.invalidPhone), ("email", CoreText.invalidEmail)])
    func aLongTextInAFieldIsRefusedBesideIt(field: String, message: String) async throws {
        try await withTestApp { app, fx in
            // setup
            #expect(Self.long.count == TextLimit.long)
            let s = try await app.login("thuky")
            let before = try await Person.query(on: app.db).count()
            var pairs: [(String, String)] = [("salutation", ""), ("fullName", "Lê Thị Cúc"), ("title", ""), ("unitId", fx.agencyA.uuidString.lowercased()),
                                             ("phone", ""), ("email", ""), ("birthDate", "")]
            pairs[pairs.firstIndex { $0.0 == field }!].1 = String(Self.long)
            // act: over the socket, in 1 KB pieces
            let res = try await app.postPairs("/people", as: s, pairs)
            // check
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains(#"<p class="field-error" id="e-\#(field)">\#(message)</p>"#), "\(field): \(html.prefix(400))")
            #expect(html.contains(#"aria-invalid="true""#))
            #expect(html.contains(#"value="\#(Self.long)""#), "what was typed is kept in the box")
            #expect(!html.contains("error-page"), "the form, not an error page")
            #expect(try await Person.query(on: app.db).count() == before, "nothing saved")
        }
    }
}
