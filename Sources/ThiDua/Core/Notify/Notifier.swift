import Fluent
import Foundation
import SQLKit
import Vapor

/// One message to one account: shown in the in-app inbox, and e-mailed when a mail sender is configured.
struct Notice: Sendable, Equatable {
    let communeID: UUID
    let userID: UUID
    let title: String
    let link: String
    let at: Date
}

/// Where notices go. The live one writes the inbox (always) and e-mails (when configured); tests use a recording fake.
protocol Notifier: Sendable {
    /// The inbox rows, in the caller's transaction when there is one (so they are saved with the change or not at all).
    func inbox(_ notices: [Notice], on db: any Database) async throws
    /// The e-mails, in the background; call it after the change is committed.
    func mail(_ notices: [Notice], on db: any Database) async throws
}

/// Sends an e-mail. Not configured by default: then notices go to the inbox only.
protocol MailSender: Sendable {
    func send(to address: String, subject: String, body: String) async throws
}

/// The production notifier: an inbox row per notice, plus an e-mail when `mailer` is set and the person has an address.
/// E-mails go out after the change is saved, in the background: a slow or failing mail server never delays or undoes
/// the change (a failure is logged; the inbox row stays).
struct LiveNotifier: Notifier {
    let mailer: (any MailSender)?
    /// Prefix for the links in e-mails (`THIDUA_PUBLIC_URL`).
    var publicURL = ""
    var logger = Logger(label: "thidua.mail")

    func inbox(_ notices: [Notice], on db: any Database) async throws {
        guard !notices.isEmpty else { return }
        // One statement for all the rows (a submission tells every secretariat account).
        let rows: [SQLQueryString] = notices.map {
            "(\(bind: UUID()), \(bind: $0.communeID), \(bind: $0.userID), \(bind: $0.title), \(bind: $0.link), \(bind: $0.at))"
        }
        try await db.writeTransaction(writesFirst: true) { db in
            try await db.sql.insertRows(into: InboxMessage.schema, columns: ["id", "commune_id", "user_id", "title", "link", "created_at"], rows)
        }
    }

    func mail(_ notices: [Notice], on db: any Database) async throws {
        guard let mailer, !notices.isEmpty else { return }
        var mails: [(String, Notice)] = []
        for notice in notices {
            guard let user = try await User.find(notice.userID, on: db), user.isActive, let personID = user.personID,
                  let email = try await Person.find(personID, on: db)?.email, !email.isEmpty else { continue }
            mails.append((email, notice))
        }
        let (publicURL, logger) = (publicURL, logger)
        for (email, notice) in mails {
            AppMetrics.mailQueue.increment()
            Task {
                defer { AppMetrics.mailQueue.decrement() }
                do {
                    try await mailer.send(to: email, subject: notice.title, body: NotifyText.mailBody(notice.title, link: publicURL + notice.link))
                    AppMetrics.mailDone(sent: true)
                } catch {
                    AppMetrics.mailDone(sent: false)
                    logger.warning("e-mail to \(email) not sent: \(String(describing: error))")
                }
            }
        }
    }
}

/// A message in a person's inbox.
final class InboxMessage: Model, @unchecked Sendable {
    static let schema = "inbox_messages"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "title") var title: String
    @Field(key: "link") var link: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?
    init() {}
}

struct CreateInbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(InboxMessage.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("user_id", .uuid, .required, .references(User.schema, .id))
            .field("title", .string, .required).field("link", .string, .required)
            .field("created_at", .datetime, .required).field("read_at", .datetime)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(InboxMessage.schema).delete() }
}

enum NotifyText {
    static func mailBody(_ title: String, link: String) -> String {
        "\(title)\n\nXem chi tiết: \(link)\n\n— Thi Đua Số (thư tự động, vui lòng không trả lời)"
    }
}

extension Application {
    private struct NotifierKey: StorageKey { typealias Value = any Notifier }

    /// The notifier every feature sends through.
    var notifier: any Notifier {
        get { storage[NotifierKey.self] ?? LiveNotifier(mailer: nil) }
        set { storage[NotifierKey.self] = newValue }
    }
}

extension Notifier {
    /// The inbox rows, then the e-mails.
    func send(_ notices: [Notice], on db: any Database) async throws {
        try await inbox(notices, on: db)
        try await mail(notices, on: db)
    }

    /// Every active secretariat account of the commune.
    func notifyReviewers(communeID: UUID, title: String, link: String, on db: any Database, at: Date) async throws {
        try await send(try await reviewerNotices(communeID: communeID, title: title, link: link, on: db, at: at), on: db)
    }

    /// The notices for every active secretariat account of the commune (to send with ``inbox(_:on:)`` inside a change).
    func reviewerNotices(communeID: UUID, title: String, link: String, on db: any Database, at: Date) async throws -> [Notice] {
        try await db.sql.raw("""
            SELECT DISTINCT u.id FROM user_roles r JOIN users u ON u.id = r.user_id
            WHERE r.commune_id = \(bind: communeID) AND r.role = \(bind: Role.secretariat.rawValue) AND u.is_active = \(bind: true)
            ORDER BY u.id
            """).all().map { Notice(communeID: communeID, userID: try $0.decode(column: "id", as: UUID.self), title: title, link: link, at: at) }
    }

    /// The focal points of a unit, or the account of a person.
    func notifyOwner(_ owner: PledgeOwner, communeID: UUID, title: String, link: String, on db: any Database, at: Date) async throws {
        try await send(try await ownerNotices(owner, communeID: communeID, title: title, link: link, on: db, at: at), on: db)
    }

    /// The notices for the focal points of a unit, or for the account of a person (to send with ``inbox(_:on:)``
    /// inside a change).
    func ownerNotices(_ owner: PledgeOwner, communeID: UUID, title: String, link: String, on db: any Database, at: Date) async throws -> [Notice] {
        let users: [User]
        switch owner {
        case .unit(let unitID): users = try await User.query(on: db).filter(\.$communeID == communeID).filter(\.$unitID == unitID).filter(\.$isActive == true).all()
        case .person(let personID): users = try await User.query(on: db).filter(\.$communeID == communeID).filter(\.$personID == personID).filter(\.$isActive == true).all()
        }
        return users.compactMap(\.id).sorted { $0.uuidString < $1.uuidString }.map { Notice(communeID: communeID, userID: $0, title: title, link: link, at: at) }
    }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension InboxMessage: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $userID, $title, $link, $createdAt, $readAt] }
}
