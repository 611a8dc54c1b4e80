import Fluent

/// Every migration, in order. Append-only once landed: a change is a new migration at the end.
enum Migrations {
    static let all: [any Migration] = [
        // 2026-11 foundation
        CreateCommune(),
        CreateAuthTables(),
        CreateAuditEntry(),
        CreateDirectory(),
        CreateMovement(),
        // 2026-11 registrations, annual reports, evidence
        CreateRegistrations(),
        CreateAnnualReports(),
        CreateInbox(),
        CreateDifficulties(),
        CreateInitiatives(),
        CreateAchievements(),
        AddInitiativeAttachments(),
        CreateCommendation(),
        CreateScoring(),
        // 2026-12 issue 12: sealed ballot counts, cancelled meetings, public form guard
        SecureCommendation(),
        // 2026-12 issue 12: the sign-in throttle's counters
        CreateLoginThrottle(),
        // 2026-12 issue 13: indexes of the list pages
        AddPageIndexes(),
        // 2026-12 issue 14: signers of documents, the signer kept with each Tờ trình and Quyết định
        CreateSigners(),
        AddDocumentSigner(),
        // 2026-12 issue 14: the council's minutes (times, chair, secretary, number)
        AddMeetingMinutes(),
        // 2026-12 issue 14: the certificates' numbers (register of awards, initiative certificates)
        AddAwardRegisterNumbers(),
        AddInitiativeCertificateNumbers(),
        // 2026-12 issue 15: inspections (plan, targets, teams, visits, history, checklist, findings, follow-ups, files)
        CreateInspections(),
        // 2026-12 issue 14: the legal bases documents cite, per commune, seeded with the defaults
        CreateLegalBases(),
        // 2026-12 issue 14: a person's optional salutation (Ông / Bà) for the Giấy khen
        AddPersonSalutation(),
        // 2026-12 issue 14: the legal bases an issued Tờ trình or Quyết định cited, kept with it
        AddCitedLegalBases(),
        // 2026-12 issue 15: the inspection visit whose team offered a score to the council
        AddUnitScoreInspectionVisit(),
        // 2026-12 issue 15: the inspection documents' numbers and dates of issue, the bases the plan cited
        AddInspectionDocumentNumbers(),
        // 2026-12 issue 15: the notice days an approved plan printed, kept with it
        AddInspectionPlanNoticeDays(),
        // 2026-12 issue 16: digital-transformation indicators, values, Bình dân học vụ số sessions and teams
        CreateIndicators(),
        // 2026-12 issue 16: the seeded indicator catalogue (IndicatorDefaults) for every commune already there
        SeedIndicatorCatalogue(),
        // 2026-12 issue 16: people's name and title folded, searched by readers who may not see their contacts
        AddPersonNameSearch(),
    ]
}
