import Foundation
import Plot

/// The Bình dân học vụ số pages: pure functions of `Sendable` models. User text goes through `.safe` / `.attr`.
enum DigitalLiteracyViews {
    typealias T = DigitalLiteracyText
    typealias P = SiteURL
    typealias Body = Node<HTML.BodyContext>

    static func count(_ n: Int) -> String { NumberText.format(Double(n)) }
    static func figure(_ v: Double?, digits: Int = 2) -> String { v.map { NumberText.format($0, maxFractionDigits: digits) } ?? T.noData }

    /// A form whose action is one of this feature's paths (escaped).
    static func form(_ action: String, multipart: Bool = false, _ nodes: [Body]) -> Body {
        .element(named: "form", nodes: [.attr("method", "post"), .attr("action", action), .class("stacked"), .attribute(named: "novalidate"),
                                        multipart ? .attr("enctype", "multipart/form-data") : .empty] + nodes)
    }

    static func postButton(_ action: String, label: String, csrf: String, version: Int?, confirm: String?, style: String = "btn btn-secondary") -> Body {
        .element(named: "form", nodes: [
            .attr("method", "post"), .attr("action", action), .class("inline"),
            confirm.map { .attr("data-confirm", $0) } ?? .empty,
            FormKit.csrf(csrf),
            version.map { FormKit.hidden("version", String($0)) } ?? .empty,
            .element(named: "button", nodes: [.attr("type", "submit"), .class(style), .safe(label)]),
        ])
    }

    static func submit(_ label: String) -> Body {
        .div(.class("form-actions"), .element(named: "button", nodes: [.attr("type", "submit"), .class("btn btn-primary"), .safe(label)]))
    }

    // MARK: - Overview

    struct OverviewModel: Sendable {
        let frame: PageFrame
        let data: LiteracyOverview
        let canRecord: Bool
        let ownUnit: UUID?
        let isSecretariat: Bool
        /// The current year in Vietnam: later years are not offered (no figure exists yet), unless one is shown.
        var thisYear: Int = .max
    }

    static func overview(_ m: OverviewModel) -> HTML {
        let d = m.data
        let indicator = d.indicator
        let share = indicator?.kind == .share
        let unit = indicator?.measure ?? ""
        var headers = [T.village, T.sessionsHeld, T.attendees, T.team, T.teamMembers, T.visitCount, T.households, T.peopleGuided]
        var numeric: Set<Int> = [1, 2, 4, 5, 6, 7]
        if indicator != nil {
            if share { headers += [T.numerator, T.denominator] }
            headers += [T.share, T.target]
            numeric.formUnion(8..<headers.count)
        }
        func progressCells(_ num: Double?, _ den: Double?, _ value: Double?) -> [Body] {
            guard let indicator else { return [] }
            var cells: [Body] = []
            if share { cells += [.text(figure(num, digits: 0)), .text(figure(den, digits: 0))] }
            cells.append(value.map { .text(ChartKit.number($0, unit: unit, digits: 2)) } ?? .span(.class("muted"), .text(T.noData)))
            cells.append(.text(indicator.target.map { ChartKit.number($0, unit: unit, digits: 2) } ?? T.noTarget))
            return cells
        }
        var rows: [[Body]] = d.villages.map { v in
            let name: Body = .link(href: P.literacyTeam(v.id), v.name)
            let own: Body = m.ownUnit == v.id ? .group(name, .text(" "), .span(.class("badge"), .text(LayoutText.navMyUnit))) : name
            return [own, .text(count(v.sessions)), .text(count(v.attendees)), .text(v.hasTeam ? T.hasTeam : T.noTeamShort),
                    .text(count(v.teamMembers)), .text(count(v.visits)), .text(count(v.households)), .text(count(v.peopleGuided))]
                + progressCells(v.numerator, v.denominator, v.value)
        }
        let otherSessions = d.others.map(\.sessions).reduce(0, +)
        let otherPeople = d.others.map(\.attendees).reduce(0, +)
        if !d.others.isEmpty {
            rows.append([.text(T.otherUnits), .text(count(otherSessions)), .text(count(otherPeople)), .text(""), .text(""), .text(""), .text(""), .text("")]
                        + (indicator == nil ? [] : Array(repeating: Body.text(""), count: share ? 4 : 2)))
        }
        rows.append([.strong(.text(T.total)), .strong(.text(count(d.totalSessions))), .strong(.text(count(d.totalAttendees))),
                     .strong(.text(count(d.teams))), .strong(.text(count(d.teamMembers))), .strong(.text(count(d.visits))),
                     .strong(.text(count(d.households))), .strong(.text(count(d.peopleGuided)))]
                    + progressCells(d.communeNumerator, d.communeDenominator, d.communeValue))
        let yearLinks: Body = .nav(.class("filters"), .ariaLabel("Năm"), .group(Array(d.years).filter { $0 <= m.thisYear || $0 == d.year }.map { y in
            y == d.year ? .strong(.text(String(y))) : .link(href: P.literacyOverview(year: y), String(y))
        }.flatMap { [$0, Body.text(" ")] }))
        var chart: Body = .empty
        if let indicator {
            let bars = d.villages.map { ChartKit.Bar($0.name, $0.value, target: indicator.target) }
            let withData = d.villages.filter { $0.value != nil }
            let met = withData.filter { v in
                guard let value = v.value, let t = indicator.target else { return false }
                return indicator.direction == .up ? value >= t : value <= t
            }.count
            chart = ChartKit.BarChart(id: "literacy-villages", title: T.chartTitle(indicator.code, indicator.name),
                                      reading: T.chartReading(met: met, withData: withData.count, missing: d.villages.count - withData.count),
                                      bars: bars, unit: unit, digits: 2, labelHeader: T.village, valueHeader: T.share).render()
        }
        return Layout.render(m.frame, lead: T.lead, .group(
            yearLinks,
            .div(.class("actions"),
                 .link(href: P.literacySessions(year: d.year, unitID: nil), T.sessionsTitle, class: "btn btn-secondary"),
                 m.canRecord ? .link(href: P.literacySessionNew(unitID: m.ownUnit), T.newSession, class: "btn btn-primary") : .empty),
            indicator.map { i in
                .section(.class("card"),
                         .p(.safe(T.indicatorLine(i.code, i.name))),
                         i.targetSource.isEmpty ? .empty : .p(.class("hint"), .safe(T.targetSource(i.targetSource))),
                         .p(.class("hint"), .text(T.approvedOnly)))
            } ?? .div(.class("flash flash-warning"), .attr("role", "status"), .text(T.noIndicator)),
            .section(.class("card"), .h2(.text(T.byVillage)),
                     Components.table(headers: headers, rows: rows, numericColumns: numeric, caption: T.overviewTitle(d.year))),
            chart
        ))
    }

    // MARK: - Session list

    struct SessionsModel: Sendable {
        let frame: PageFrame
        let rows: [LiteracySessionRow]
        let years: [Int]
        let year: Int?
        let units: [Choice]
        let unitID: UUID?
        let canRecord: Bool
    }

    static func sessions(_ m: SessionsModel) -> HTML {
        let state = FormState(values: ["year": m.year.map(String.init) ?? "", "unitId": m.unitID?.uuidString.lowercased() ?? ""])
        return Layout.render(m.frame, .group(
            .div(.class("toolbar"),
                 .element(named: "form", nodes: [
                    .attr("method", "get"), .attr("action", P.literacySessions), .class("filters"),
                    FormKit.select("year", label: "Năm", state: state, choices: m.years.map { Choice(value: String($0), label: String($0)) }, blank: T.allYears),
                    FormKit.select("unitId", label: T.unit, state: state, choices: m.units, blank: T.allUnits),
                    .element(named: "button", nodes: [.attr("type", "submit"), .class("btn btn-secondary"), .text(CoreText.search)]),
                 ]),
                 .div(.class("actions"),
                      .link(.literacy, T.navTitle, class: "btn btn-secondary"),
                      m.canRecord ? .link(href: P.literacySessionNew, T.newSession, class: "btn btn-primary") : .empty)),
            m.rows.isEmpty ? .p(.class("muted"), .text(T.noSessions)) :
                Components.table(headers: [T.heldOn, T.title, T.unit, T.topicField, T.attendeeCount, T.listed, T.photos],
                                 rows: m.rows.map { r in
                                     [.text(r.heldOn.vietnamese), .link(href: P.literacySession(r.id), r.title), .safe(r.unitName),
                                      .safe(r.topic?.label ?? ""), .text(count(r.attendeeCount)), .text(count(r.listed)), .text(count(r.photos))]
                                 }, numericColumns: [4, 5, 6])
        ))
    }

    // MARK: - Session form and page

    struct SessionFormModel: Sendable {
        let action: String
        let state: FormState
        let units: [Choice]
        let people: [DigitalLiteracyQueries.PersonChoice]
        let selected: Set<UUID>
        let csrf: String
        let isNew: Bool
    }

    static let sessionLabels = ["heldOn": T.heldOn, "unitId": T.unit, "topic": T.topicField, "title": T.title, "platform": T.platform,
                                "place": T.place, "trainers": T.trainers, "attendeeCount": T.attendeeCount, "attendeeIds": T.attendeeIds,
                                "attendeeNames": T.attendeeNames, "note": T.note]

    static func sessionForm(_ m: SessionFormModel) -> Body {
        var summary = m.state
        summary.labels.merge(sessionLabels) { mine, _ in mine }
        summary.order = ["heldOn", "unitId", "topic", "title", "platform", "place", "trainers", "attendeeCount", "attendeeIds", "attendeeNames", "note"]
        let topics = TrainingTopic.allCases.map { Choice(value: $0.rawValue, label: $0.label) }
        let people = m.people.map { p in
            Choice(value: p.id.uuidString.lowercased(), label: p.unitName.isEmpty ? p.name : "\(p.name) (\(p.unitName))")
        }
        return .group(
            FormKit.errorSummary(summary),
            form(m.action, [
                FormKit.csrf(m.csrf),
                FormKit.date("heldOn", label: T.heldOn, state: m.state, required: true),
                FormKit.select("unitId", label: T.unit, state: m.state, choices: m.units, required: true),
                FormKit.select("topic", label: T.topicField, state: m.state, choices: topics, required: true, hint: T.topicSource),
                FormKit.text("title", label: T.title, state: m.state, required: true),
                FormKit.text("platform", label: T.platform, state: m.state, hint: T.platformHint),
                FormKit.text("place", label: T.place, state: m.state, maxLength: 300),
                FormKit.textArea("trainers", label: T.trainers, state: m.state, rows: 3, hint: T.trainersHint),
                FormKit.text("attendeeCount", label: T.attendeeCount, state: m.state, required: true, hint: T.attendeeCountHint, maxLength: 20),
                people.isEmpty ? .p(.class("hint"), .text(T.chooseUnitFirst))
                    : FormKit.checkboxes("attendeeIds", label: T.attendeeIds, choices: people, selected: Set(m.selected.map { $0.uuidString.lowercased() }),
                                         state: m.state, hint: T.attendeeIdsHint),
                FormKit.textArea("attendeeNames", label: T.attendeeNames, state: m.state, rows: 3, hint: T.attendeeNamesHint),
                FormKit.textArea("note", label: T.note, state: m.state, rows: 3),
                m.state["version"].isEmpty ? .empty : FormKit.hidden("version", m.state["version"]),
                submit(m.isNew ? T.newSession : CoreText.save),
            ]))
    }

    struct NewSessionModel: Sendable {
        let frame: PageFrame
        let form: SessionFormModel
    }

    static func newSession(_ m: NewSessionModel) -> HTML {
        // A small GET form first: choosing the unit lists its people for the attendee checklist (no script needed).
        let pick = Body.element(named: "form", nodes: [
            .attr("method", "get"), .attr("action", P.literacySessionNew), .class("filters"),
            FormKit.select("unitId", key: "pickUnit", label: T.unit, state: m.form.state, choices: m.form.units),
            .element(named: "button", nodes: [.attr("type", "submit"), .class("btn btn-secondary"), .text(T.showList)]),
        ])
        return Layout.render(m.frame, lead: T.lead, .group(
            m.form.units.count > 1 ? pick : .empty,
            sessionForm(m.form),
            .p(.link(href: P.literacySessions, CoreText.cancel, class: "btn btn-secondary"))))
    }

    struct SessionData: Sendable {
        let id: UUID
        let heldOn: LocalDate?
        let unitID: UUID
        let unitName: String
        let topic: TrainingTopic?
        let title: String
        let platform: String
        let place: String
        let trainers: String
        let attendeeCount: Int
        let note: String
        let createdBy: String
        let version: Int
    }

    struct SessionModel: Sendable {
        let frame: PageFrame
        let session: SessionData
        let detail: DigitalLiteracyQueries.SessionDetail
        /// The edit form, for who may change the session.
        let form: SessionFormModel?
        let photoState: FormState
        let csrf: String
        /// The attendees' names (``Policy``'s `seeLiteracyPeople`); otherwise only how many are listed.
        var showsPeople = false
    }

    static func session(_ m: SessionModel) -> HTML {
        let s = m.session
        let trainers: Body = s.trainers.isEmpty ? .text("—")
            : .ul(.group(s.trainers.split(separator: "\n").map { .li(.safe(String($0))) }))
        var photoSummary = m.photoState
        photoSummary.labels["file"] = T.photos
        return Layout.render(m.frame, .group(
            .section(.class("card"),
                     Components.details([
                        (T.heldOn, s.heldOn?.vietnamese ?? ""), (T.unit, s.unitName), (T.topicField, s.topic?.label ?? ""),
                        (T.platform, s.platform), (T.place, s.place), (T.attendeeCount, count(s.attendeeCount)),
                        (T.listed, count(m.detail.attendees.count)), (T.note, s.note), (T.createdBy, s.createdBy),
                     ]),
                     .h2(.text(T.trainers)), trainers,
                     .h2(.text(T.attendeeIds)),
                     m.detail.attendees.isEmpty ? .p(.class("muted"), .text("—"))
                        : !m.showsPeople ? .p(.class("muted"), .text(T.attendeesHidden(m.detail.attendees.count)))
                        : .ul(.group(m.detail.attendees.map { a in .li(.safe(a.unitName.isEmpty ? a.name : "\(a.name) (\(a.unitName))")) })),
                     .p(.link(href: P.literacySessions, T.sessionsTitle), .text(" · "), .link(href: P.literacyOverview(year: s.heldOn?.year), T.navTitle))),
            .section(.class("card"), .h2(.text(T.photos)),
                     m.detail.photos.isEmpty ? .p(.class("muted"), .text(T.noPhotos)) :
                        .ul(.class("photo-list"), .group(m.detail.photos.map { p in
                            .li(.link(href: P.literacyPhoto(s.id, p.id), p.name.isEmpty ? T.photos : p.name),
                                .text(" — \(NumberText.format(Double(p.size) / 1024, maxFractionDigits: 0)) KB, "), .safe(p.uploadedBy),
                                m.form == nil ? .empty : postButton(P.literacyPhoto(s.id, p.id) + "/delete", label: T.deletePhoto, csrf: m.csrf,
                                                                    version: nil, confirm: nil))
                        })),
                     m.form == nil ? .empty : .group(
                        FormKit.errorSummary(photoSummary),
                        form(P.literacySessionAction(s.id, "photos"), multipart: true, [
                            FormKit.csrf(m.csrf),
                            .div(.class(m.photoState.errors["file"] == nil ? "field" : "field has-error"),
                                 .label(.for("f-file"), .text(T.addPhoto)),
                                 .input(.type(.file), .id("f-file"), .name("file"), .attribute(named: "accept", value: "image/jpeg,image/png,image/gif,image/webp")),
                                 .p(.class("hint"), .text(T.photoHint)),
                                 m.photoState.errors["file"].map { .p(.class("field-error"), .safe($0)) } ?? .empty),
                            submit(T.addPhoto),
                        ]))),
            m.form.map { f in
                .section(.class("card"), .h2(.text(T.editSession)), sessionForm(f),
                         postButton(P.literacySessionAction(s.id, "delete"), label: T.deleteSession, csrf: m.csrf, version: s.version,
                                    confirm: T.confirmDelete, style: "btn btn-danger"))
            } ?? .empty
        ))
    }

    // MARK: - Team

    struct TeamModel: Sendable {
        let frame: PageFrame
        let villageID: UUID
        let villageName: String
        let page: DigitalLiteracyQueries.TeamPage
        let people: [DigitalLiteracyQueries.PersonChoice]
        let canManage: Bool
        let states: [String: FormState]
        let csrf: String
        /// The members' phone numbers (``Policy``'s `seeLiteracyPeople`); otherwise the column is left out.
        var showsPhones = false
    }

    static func team(_ m: TeamModel) -> HTML {
        let page = m.page
        let active = page.active
        let members: Body = page.members.isEmpty ? .p(.class("muted"), .text("—")) :
            Components.table(headers: [T.memberName, T.memberRole] + (m.showsPhones ? [T.memberPhone] : []),
                             rows: page.members.map { member in
                                 [.safe(member.fullName), .safe(DigitalTeamRole.of(label: member.role)?.label ?? member.role)]
                                     + (m.showsPhones ? [.safe(member.phone)] : [])
                             })
        let phonesNote: Body = m.showsPhones || page.members.isEmpty ? .empty : .p(.class("hint"), .text(T.phonesHidden))
        let visits: Body = page.visits.isEmpty ? .p(.class("muted"), .text(T.noVisits)) :
            Components.table(headers: [T.visitedOn, T.households, T.peopleGuided, T.note, T.createdBy, ""],
                             rows: page.visits.map { v in
                                 [.text(v.visitedOn.vietnamese), .text(count(v.households)), .text(count(v.peopleGuided)), .safe(v.note), .safe(v.createdBy),
                                  m.canManage ? postButton(P.literacyVisitDelete(m.villageID, v.id), label: T.deleteVisit, csrf: m.csrf, version: nil, confirm: nil)
                                      : .empty]
                             }, numericColumns: [1, 2])
        return Layout.render(m.frame, .group(
            .p(.link(.literacy, T.navTitle), .text(" · "),
               .link(href: P.literacySessions(year: nil, unitID: m.villageID), T.sessionsTitle)),
            .section(.class("card"), .h2(.text(T.team)),
                     active.map { t in
                         .group(Components.details([
                            (T.teamName, t.name), (T.decisionNumber, t.decisionNumber), (T.decisionDate, t.decisionDate?.vietnamese ?? ""), (T.note, t.note),
                         ]), .h3(.text(T.members)), members, phonesNote)
                     } ?? .p(.class("muted"), .text(T.noTeam))),
            active == nil ? .empty : .section(.class("card"), .h2(.text(T.visits)), visits,
                                              m.canManage ? visitForm(m) : .empty),
            m.canManage ? teamForm(m) : .empty,
            m.canManage && active != nil ? postButton(P.literacyTeamAction(m.villageID, "dissolve"), label: T.dissolve, csrf: m.csrf,
                                                      version: active?.version, confirm: T.confirmDissolve, style: "btn btn-danger") : .empty,
            page.past.isEmpty ? .empty : .section(.class("card"), .h2(.text(T.pastTeams)),
                Components.table(headers: [T.teamName, T.decisionNumber, T.decisionDate],
                                 rows: page.past.map { [.safe($0.name), .safe($0.decisionNumber), .text($0.decisionDate?.vietnamese ?? "")] }))
        ))
    }

    static func visitForm(_ m: TeamModel) -> Body {
        var state = m.states["visit"] ?? FormState()
        state.labels.merge(["visitedOn": T.visitedOn, "households": T.households, "peopleGuided": T.peopleGuided, "visitNote": T.note]) { a, _ in a }
        state.order = ["visitedOn", "households", "peopleGuided", "visitNote"]
        return .group(
            .h3(.text(T.addVisit)),
            FormKit.errorSummary(state),
            form(P.literacyTeamAction(m.villageID, "visits"), [
                FormKit.csrf(m.csrf),
                FormKit.date("visitedOn", label: T.visitedOn, state: state, required: true),
                FormKit.text("households", label: T.households, state: state, required: true, maxLength: 20),
                FormKit.text("peopleGuided", label: T.peopleGuided, state: state, required: true, maxLength: 20),
                FormKit.textArea("visitNote", label: T.note, state: state, rows: 2),
                submit(T.addVisit),
            ]))
    }

    static func teamForm(_ m: TeamModel) -> Body {
        let active = m.page.active
        var state: FormState
        if let s = m.states["team"] {
            state = s
        } else if let t = active {
            var values = ["name": t.name, "decisionNumber": t.decisionNumber, "decisionDate": t.decisionDate?.vietnamese ?? "", "note": t.note,
                          "version": String(t.version)]
            for (i, member) in m.page.members.enumerated() {
                values["memberPerson.\(i + 1)"] = member.personID?.uuidString.lowercased() ?? ""
                values["memberName.\(i + 1)"] = member.personID == nil ? member.fullName : ""
                values["memberRole.\(i + 1)"] = DigitalTeamRole.of(label: member.role)?.rawValue ?? DigitalTeamRole.member.rawValue
                values["memberPhone.\(i + 1)"] = member.personID == nil ? member.phone : ""
            }
            values["memberRows"] = String(m.page.members.count)
            state = FormState(values: values)
        } else {
            state = FormState()
        }
        let rowCount = (Int(state["memberRows"]) ?? 0) + 3
        let people = m.people.map { Choice(value: $0.id.uuidString.lowercased(), label: $0.unitName.isEmpty ? $0.name : "\($0.name) (\($0.unitName))") }
        let roles = DigitalTeamRole.allCases.map { Choice(value: $0.rawValue, label: $0.label) }
        var labels = ["name": T.teamName, "decisionNumber": T.decisionNumber, "decisionDate": T.decisionDate, "note": T.note, "members": T.members]
        var order = ["name", "decisionNumber", "decisionDate", "note", "members"]
        for i in 1...rowCount {
            for (key, label) in [("memberPerson", T.memberPerson), ("memberName", T.memberName), ("memberRole", T.memberRole), ("memberPhone", T.memberPhone)] {
                labels["\(key).\(i)"] = "\(label) (\(CoreText.row) \(i))"
                order.append("\(key).\(i)")
            }
        }
        var summary = state
        summary.labels.merge(labels) { a, _ in a }
        summary.order = order
        let rows: [[Body]] = (1...rowCount).map { i in
            let select: Body = .element(named: "select", nodes: [
                .attr("name", "memberPersonId[]"), .attr("id", "f-memberPerson.\(i)"), .attr("aria-label", "\(T.memberPerson) (\(CoreText.row) \(i))"),
                .element(named: "option", nodes: [.attr("value", ""), .text(T.notInDirectory)]),
            ] + FormKit.optionNodes(people, current: state["memberPerson.\(i)"]))
            let roleSelect: Body = .element(named: "select", nodes: [
                .attr("name", "memberRole[]"), .attr("id", "f-memberRole.\(i)"), .attr("aria-label", "\(T.memberRole) (\(CoreText.row) \(i))"),
            ] + FormKit.optionNodes(roles, current: state["memberRole.\(i)"].isEmpty ? DigitalTeamRole.member.rawValue : state["memberRole.\(i)"]))
            func input(_ key: String, _ name: String, _ label: String) -> Body {
                .group(.selfClosedElement(named: "input", attributes: [
                    FormKit.attr("type", "text"), FormKit.attr("name", "\(name)[]"), FormKit.attr("id", "f-\(key).\(i)"),
                    FormKit.attr("value", state["\(key).\(i)"]),
                    FormKit.attr("aria-label", "\(label) (\(CoreText.row) \(i))"), FormKit.attr("maxlength", "120"),
                ]), state.errors["\(key).\(i)"].map { .p(.class("field-error"), .safe($0)) } ?? .empty)
            }
            return [.group(select, state.errors["memberPerson.\(i)"].map { .p(.class("field-error"), .safe($0)) } ?? .empty),
                    input("memberName", "memberName", T.memberName),
                    .group(roleSelect, state.errors["memberRole.\(i)"].map { .p(.class("field-error"), .safe($0)) } ?? .empty),
                    input("memberPhone", "memberPhone", T.memberPhone)]
        }
        return .section(.class("card"), .h2(.text(active == nil ? T.setUpTeam : T.saveTeam)),
            FormKit.errorSummary(summary),
            form(P.literacyTeam(m.villageID), [
                FormKit.csrf(m.csrf),
                FormKit.text("name", label: T.teamName, state: state, hint: T.teamNameHint),
                FormKit.text("decisionNumber", label: T.decisionNumber, state: state, required: true, hint: T.decisionNumberHint, maxLength: 60),
                FormKit.date("decisionDate", label: T.decisionDate, state: state),
                FormKit.textArea("note", label: T.note, state: state, rows: 2),
                .element(named: "fieldset", nodes: [
                    .class(state.errors["members"] == nil ? "field" : "field has-error"), .attr("id", "f-members"),
                    .element(named: "legend", nodes: [.text(T.members)]),
                    .p(.class("hint"), .text(T.membersHint)),
                    state.errors["members"].map { .p(.class("field-error"), .safe($0)) } ?? .empty,
                    Components.table(headers: [T.memberPerson, T.memberName, T.memberRole, T.memberPhone], rows: rows),
                ]),
                active == nil ? .empty : FormKit.hidden("version", state["version"].isEmpty ? String(active!.version) : state["version"]),
                submit(active == nil ? T.setUpTeam : T.saveTeam),
            ]))
    }
}
