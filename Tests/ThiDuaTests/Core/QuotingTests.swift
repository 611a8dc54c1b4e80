import Testing
@testable import ThiDua

@Suite("A typed name is quoted once, its own quotes made single")
struct QuotingTests {
    @Test func aNameIsQuotedOnce() {
        #expect(Quoting.quoted("Sổ tay điện tử") == "“Sổ tay điện tử”")
        #expect(Quoting.quoted("  Sổ tay điện tử ") == "“Sổ tay điện tử”")
        // already wrapped whole: the same pair, not a second one
        #expect(Quoting.quoted("“Sổ tay điện tử”") == "“Sổ tay điện tử”")
        #expect(Quoting.quoted("\"Sổ tay điện tử\"") == "“Sổ tay điện tử”")
        #expect(Quoting.quoted("«Sổ tay điện tử»") == "“Sổ tay điện tử”")
    }

    @Test func innerQuotesBecomeSingle() {
        #expect(Quoting.quoted("Mô hình “Mỗi hộ một tài khoản VNeID”") == "“Mô hình ‘Mỗi hộ một tài khoản VNeID’”")
        #expect(Quoting.quoted("Mô hình \"Mỗi hộ một tài khoản VNeID\"") == "“Mô hình ‘Mỗi hộ một tài khoản VNeID’”")
        #expect(Quoting.quoted("“Mô hình “Mỗi hộ một tài khoản VNeID””") == "“Mô hình ‘Mỗi hộ một tài khoản VNeID’”")
        // two quoted words are not one wrapped name
        #expect(Quoting.quoted("“Zalo” và “VNeID” cho người cao tuổi") == "“‘Zalo’ và ‘VNeID’ cho người cao tuổi”")
        #expect(Quoting.quoted("“Zalo” và “VNeID”") == "“‘Zalo’ và ‘VNeID’”")
        // an unpaired straight quote is left alone; single quotes and apostrophes too
        #expect(Quoting.quoted("Màn hình 24\" cho bộ phận một cửa") == "“Màn hình 24\" cho bộ phận một cửa”")
        #expect(Quoting.quoted("Mô hình ‘Chợ 4.0’") == "“Mô hình ‘Chợ 4.0’”")
    }

    @Test func theDecisionNoticeNeverNestsQuotes() {
        let title = "Mô hình “Mỗi hộ một tài khoản VNeID”"
        #expect(InitiativeText.decidedNotice(title, recognised: true) == "Sáng kiến “Mô hình ‘Mỗi hộ một tài khoản VNeID’” đã được công nhận")
        #expect(InitiativeText.decidedNotice("“Sổ tay điện tử”", recognised: false) == "Sáng kiến “Sổ tay điện tử” không được công nhận")
        for notice in [InitiativeText.assignedNotice(title), InitiativeText.returnedNotice(title, "Bổ sung số liệu"),
                       InitiativeText.authorNamedNotice(title), DifficultyText.answeredNotice(title), AchievementText.reviewedNotice(title, verified: true)] {
            #expect(!notice.contains("””") && notice.contains("‘Mỗi hộ một tài khoản VNeID’”"), "\(notice)")
        }
    }
}
