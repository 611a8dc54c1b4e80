import Fluent
import Foundation

/// A time of day as the meeting screen takes it ("08:00", "8:00", "8h00"), kept as "HH:mm".
struct MeetingTime: Sendable, Equatable, Comparable {
    let hour: Int
    let minute: Int

    init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// "HH:mm" or "H:mm", with ":", "h" or "g" between hours and minutes; nothing else.
    init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let sep = t.firstIndex(where: { $0 == ":" || $0 == "h" || $0 == "g" }) else { return nil }
        let h = t[..<sep]
        let m = t[t.index(after: sep)...]
        guard (1...2).contains(h.count), m.count == 2, h.allSatisfy(\.isASCII), m.allSatisfy(\.isASCII),
              let hour = Int(h), let minute = Int(m) else { return nil }
        self.init(hour: hour, minute: minute)
    }

    var text: String { String(format: "%02d:%02d", hour, minute) }
    /// "08 giờ 00 phút", as minutes write it.
    var spoken: String { String(format: "%02d giờ %02d phút", hour, minute) }

    static func < (a: MeetingTime, b: MeetingTime) -> Bool { (a.hour, a.minute) < (b.hour, b.minute) }
}

/// What the meeting screen's form and the API send for the minutes, as typed (checked by
/// ``CommendationCommands/saveMinutesDetails(_:_:actor:on:)``).
struct MinutesDetailsInput: Sendable {
    var startsAt: String?
    var endsAt: String?
    var place: String?
    var chairMemberId: String?
    var secretaryMemberId: String?
    /// The meeting's version the form was read at (required: nil is refused on `version`).
    var version: Int?

    /// The form's values, to show again beside the messages.
    var values: [String: String] {
        ["startsAt": startsAt ?? "", "endsAt": endsAt ?? "", "place": place ?? "", "chairMemberId": chairMemberId ?? "",
         "secretaryMemberId": secretaryMemberId ?? "", "version": version.map(String.init) ?? ""]
    }
}

/// The council's minutes (Biên bản họp Hội đồng Thi đua - Khen thưởng): what they record, read from the meeting,
/// its attendance and its tallies, for the Word file and for the meeting screen.
enum MeetingMinutes {
    /// A council member as the minutes name them.
    struct Member: Sendable, Equatable {
        let id: UUID
        let name: String
        let position: CouncilPosition
        let isActive: Bool
        var line: String { "\(name), \(position.label)" }
    }

    /// One nomination's result in the secret ballot.
    struct Result: Sendable, Equatable {
        let nominee: String
        let title: String
        let approve: Int
        let reject: Int
        /// Approvals needed to pass (more than the title's share of all members).
        let needed: Int
        let passed: Bool
    }

    struct Model: Sendable {
        let context: CommendationDocuments.Context
        /// "1/BB-HĐTĐKT", nil until the meeting is closed.
        let number: String?
        let heldOn: LocalDate?
        let startsAt: MeetingTime?
        let endsAt: MeetingTime?
        let place: String
        let chair: Member?
        let secretary: Member?
        let present: [Member]
        /// Active members not present.
        let absent: [Member]
        let membersTotal: Int
        let quorumNeeded: Int
        let quorumRatio: Double
        let quorumSource: String
        let closed: Bool
        let results: [Result]
    }

    /// What the minutes of `m` still lack, in the words of the meeting screen.
    static func missing(_ m: CouncilMeeting, _ who: People) -> [String] {
        var out: [String] = []
        if m.startsAt == nil { out.append(CommendationText.minutesStartsAt) }
        if m.endsAt == nil { out.append(CommendationText.minutesEndsAt) }
        if m.place.isEmpty { out.append(CommendationText.meetingPlace) }
        if who.chair == nil { out.append(CommendationText.minutesChair) }
        if who.secretary == nil { out.append(CommendationText.minutesSecretary) }
        return out
    }

    static func rank(_ p: CouncilPosition) -> Int {
        switch p {
        case .chair: 0
        case .viceChair: 1
        case .standing: 2
        case .secretary: 3
        case .member: 4
        }
    }

    /// Every council member of the commune with their name, chair first, then by position and name.
    static func members(on db: any Database, communeID: UUID) async throws -> [Member] {
        let rows = try await db.sql.raw("""
            SELECT m.id, m.position, m.is_active, p.full_name FROM council_members m LEFT JOIN people p ON p.id = m.person_id
            WHERE m.commune_id = \(bind: communeID)
            """).all()
        let list = try rows.map { row in
            Member(id: try row.decode(column: "id", as: UUID.self),
                   name: try row.decode(column: "full_name", as: String?.self) ?? "",
                   position: CouncilPosition(rawValue: try row.decode(column: "position", as: String.self)) ?? .member,
                   isActive: try row.decode(column: "is_active", as: Bool.self))
        }
        return list.sorted { (rank($0.position), TextFolding.fold($0.name), $0.id.uuidString) < (rank($1.position), TextFolding.fold($1.name), $1.id.uuidString) }
    }

    /// The default chair of a meeting: the council's chair if present, else its vice-chair, else its standing member.
    static func defaultChair(_ present: [Member]) -> Member? {
        for position in [CouncilPosition.chair, .viceChair, .standing] {
            if let m = present.first(where: { $0.position == position }) { return m }
        }
        return nil
    }

    /// The default secretary: the council's secretary if present.
    static func defaultSecretary(_ present: [Member]) -> Member? { present.first { $0.position == .secretary } }

    /// Who the minutes name: the chair and secretary chosen on the meeting screen (or the defaults among those
    /// present), the members present, and the active members absent.
    struct People: Sendable {
        let chair: Member?
        let secretary: Member?
        let present: [Member]
        let absent: [Member]
    }

    static func people(_ m: CouncilMeeting, members: [Member], present presentIDs: Set<UUID>) -> People {
        let present = members.filter { presentIDs.contains($0.id) }
        return People(chair: m.chairMemberID.flatMap { id in members.first { $0.id == id } } ?? defaultChair(present),
                      secretary: m.secretaryMemberID.flatMap { id in members.first { $0.id == id } } ?? defaultSecretary(present),
                      present: present, absent: members.filter { $0.isActive && !presentIDs.contains($0.id) })
    }

    /// Everything the minutes of `meeting` say.
    static func model(on db: any Database, meeting m: CouncilMeeting, context: CommendationDocuments.Context) async throws -> Model {
        let settings = try await CommendationQueries.settings(on: db, communeID: m.communeID)
        let who = people(m, members: try await members(on: db, communeID: m.communeID), present: try await CommendationCommands.present(on: db, meeting: m))
        var results: [Result] = []
        if m.state == .closed {
            let titles = try await CommendationQueries.titles(on: db, communeID: m.communeID)
            let tallies = try await BallotTally.query(on: db).filter(\.$meetingID == m.requireID()).all()
            let nominations = tallies.isEmpty ? [] : try await Nomination.query(on: db).filter(\.$communeID == m.communeID)
                .filter(\.$id ~~ tallies.map(\.nominationID)).all()
            var rows: [(order: (Int, String, String), result: Result)] = []
            for t in tallies {
                guard let n = nominations.first(where: { $0.id == t.nominationID }),
                      let title = titles.first(where: { $0.id == n.titleID }) else { continue }
                let needed = Int((title.approvalRatio * Double(m.membersTotal) + 1e-9).rounded(.down)) + 1
                let passed = CommendationCommands.passes(approve: t.approve, total: m.membersTotal, ratio: title.approvalRatio)
                rows.append(((title.position, TextFolding.fold(n.nomineeName), n.id?.uuidString ?? ""),
                             Result(nominee: n.nomineeName, title: title.name, approve: t.approve, reject: t.reject, needed: needed, passed: passed)))
            }
            results = rows.sorted { $0.order < $1.order }.map(\.result)
        }
        return Model(context: context, number: m.minutesNumberText, heldOn: LocalDate(iso: m.heldOn),
                     startsAt: m.startsAt.flatMap(MeetingTime.init), endsAt: m.endsAt.flatMap(MeetingTime.init), place: m.place,
                     chair: who.chair, secretary: who.secretary, present: who.present, absent: who.absent, membersTotal: m.membersTotal,
                     quorumNeeded: CommendationCommands.quorumNeeded(total: m.membersTotal, ratio: settings.quorumRatio),
                     quorumRatio: settings.quorumRatio, quorumSource: settings.ballotSource, closed: m.state == .closed, results: results)
    }

    /// A ratio as a council's rules write it: "2/3", "1/2", else a percentage.
    static func ratioText(_ ratio: Double) -> String {
        for d in 2...10 {
            let n = ratio * Double(d)
            if abs(n - n.rounded()) < 1e-6, n.rounded() > 0 { return "\(Int(n.rounded()))/\(d)" }
        }
        return NumberText.percent(ratio)
    }
}

/// The council meeting's minutes (Biên bản họp Hội đồng Thi đua - Khen thưởng), in the Nghị định 30/2020 layout, from
/// the shared pieces of ``DocxTemplates``.
extension CommendationDocuments {
    /// The council's name in the heading's left column (65 mm, 13 pt bold), as two bold lines so that it never wraps
    /// as "THI ĐUA - KHEN / THƯỞNG"; the commune's People's Committee above it is the parent body (regular).
    static let councilIssuer = ["HỘI ĐỒNG THI ĐUA -", "KHEN THƯỞNG"]

    static func minutes(_ m: MeetingMinutes.Model) throws -> Data {
        let c = m.context
        let T = CommendationText.self
        let number = "Số: \(m.number ?? "      /\(CouncilMeeting.minutesSymbol)")"
        var blocks: [DocxBlock] = [heading(c, parent: authorityLines(c.authority), issuer: councilIssuer, number: number, date: m.heldOn)]
        blocks += DocxTemplates.trichYeu(title: "BIÊN BẢN", summary: [T.minutesSummary(c.year)])

        let date = m.heldOn.map(DocxTemplates.spokenDate) ?? "ngày ..... tháng ..... năm ....."
        blocks.append(DocxTemplates.body(T.minutesOpening(time: m.startsAt?.spoken ?? "..... giờ ..... phút", date: date,
                                                          place: m.place.isEmpty ? "....." : m.place, commune: c.communeName, year: c.year)))

        blocks.append(section("I. THÀNH PHẦN"))
        blocks.append(DocxTemplates.body("1. Chủ trì: \(m.chair?.line ?? ".....")."))
        blocks.append(DocxTemplates.body("2. Thư ký: \(m.secretary?.line ?? ".....")."))
        blocks.append(DocxTemplates.body("3. Thành viên có mặt: \(m.present.count)/\(m.membersTotal) thành viên" + (m.present.isEmpty ? "." : ":"),
                                         keepWithNext: !m.present.isEmpty))
        blocks += nameLines(m.present)
        blocks.append(DocxTemplates.body("4. Thành viên vắng mặt: " + (m.absent.isEmpty ? "không." : "\(m.absent.count) thành viên:"),
                                         keepWithNext: !m.absent.isEmpty))
        blocks += nameLines(m.absent)
        let share = m.membersTotal > 0 ? " (\(NumberText.percent(Double(m.present.count) / Double(m.membersTotal))))" : ""
        blocks.append(DocxTemplates.body(T.minutesQuorum(present: m.present.count, total: m.membersTotal, share: share,
                                                         ratio: MeetingMinutes.ratioText(m.quorumRatio), needed: m.quorumNeeded,
                                                         ok: m.present.count >= m.quorumNeeded)))
        blocks.append(.paragraph(DocxParagraph(runs: [DocxRun("Căn cứ: \(m.quorumSource).", italic: true, size: 13)], alignment: .justify,
                                               spacingAfter: 6, firstLineIndent: 10)))

        blocks.append(section("II. NỘI DUNG VÀ KẾT QUẢ BỎ PHIẾU KÍN"))
        if m.closed {
            blocks.append(DocxTemplates.body(T.minutesBallot(count: m.results.count, year: c.year) + " " + T.thresholdNote))
            blocks.append(resultTable(m.results))
            let passed = m.results.filter(\.passed).count
            blocks.append(.paragraph(DocxParagraph(runs: [DocxRun(T.minutesTotals(passed: passed, failed: m.results.count - passed))],
                                                   alignment: .justify, spacingBefore: 6, spacingAfter: 6, firstLineIndent: 10)))
        } else {
            blocks.append(DocxTemplates.body(T.minutesNotCounted))
        }
        blocks.append(.paragraph(DocxParagraph(runs: [DocxRun(T.minutesClosing(time: m.endsAt?.spoken ?? "..... giờ ..... phút"))],
                                               alignment: .justify, spacingAfter: 12, firstLineIndent: 10, keepWithNext: true)))
        blocks.append(signatures(secretary: SignatureBlock(lines: ["THƯ KÝ"], name: m.secretary?.name ?? ""),
                                 chair: SignatureBlock(lines: m.chair?.position == .chair ? ["TM. HỘI ĐỒNG", "CHỦ TỊCH"] : ["CHỦ TRÌ"],
                                                       name: m.chair?.name ?? "")))
        return try DocxWriter.data(DocxDocument(title: "Biên bản họp Hội đồng TĐKT năm \(c.year)", author: c.authority, blocks: blocks))
    }

    private static func section(_ text: String) -> DocxBlock {
        .paragraph(.text(text, bold: true, spacingBefore: 6, spacingAfter: 6, keepWithNext: true))
    }

    /// "- Name, position;" one per line, indented, the last ending in a full stop.
    private static func nameLines(_ members: [MeetingMinutes.Member]) -> [DocxBlock] {
        members.enumerated().map { i, member in
            let last = i == members.count - 1
            return .paragraph(DocxParagraph(runs: [DocxRun("- \(member.line)\(last ? "." : ";")")], alignment: .left,
                                            spacingAfter: last ? 6 : 0, indentLeft: 10, keepWithNext: !last))
        }
    }

    /// The ballot's result per nomination: the header row repeats on every page, no row splits, the counts are
    /// right-aligned.
    private static func resultTable(_ results: [MeetingMinutes.Result]) -> DocxBlock {
        let columns = [DocxTemplates.Column(title: "TT", width: 10, centered: true),
                       DocxTemplates.Column(title: "Cá nhân, tập thể", width: 40),
                       DocxTemplates.Column(title: "Danh hiệu, hình thức", width: 36),
                       DocxTemplates.Column(title: "Đồng ý", width: 17, numeric: true),
                       DocxTemplates.Column(title: "Không đồng ý", width: 19, numeric: true),
                       DocxTemplates.Column(title: "Ngưỡng (phiếu)", width: 19, numeric: true),
                       DocxTemplates.Column(title: "Kết quả", width: 24, centered: true)]
        let rows: [DocxTemplates.Row] = results.enumerated().map { i, r in
            .values([String(i + 1), r.nominee, r.title, String(r.approve), String(r.reject), String(r.needed),
                     r.passed ? "Thông qua" : "Không thông qua"])
        }
        return DocxTemplates.dataTable(columns, rows)
    }

    /// The two signature blocks side by side, borderless and never split across pages: THƯ KÝ on the left, the chair
    /// on the right, each as ``DocxTemplates/signatureParagraphs(_:)`` (lines, room to sign, name). The side with fewer
    /// lines is padded so that both names stand on the same line.
    static func signatures(secretary: SignatureBlock, chair: SignatureBlock) -> DocxBlock {
        let lineCount = max(secretary.lines.count, chair.lines.count)
        func column(_ s: SignatureBlock) -> DocxCell {
            var paragraphs = DocxTemplates.signatureParagraphs(s)
            paragraphs.insert(contentsOf: Array(repeating: DocxParagraph.text("", alignment: .center, spacingAfter: 0, keepWithNext: true),
                                                count: lineCount - s.lines.count), at: s.lines.count)
            return DocxCell(paragraphs)
        }
        let half = DocxTemplates.textWidth / 2
        return .table(DocxTable(columnWidths: [half, half], rows: [[column(secretary), column(chair)]], borders: false, cellPadding: 0,
                                cantSplit: true))
    }
}
