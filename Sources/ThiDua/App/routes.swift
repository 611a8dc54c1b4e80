import Fluent
import Vapor

/// Every route of the application, grouped by area. Paths come from ``SiteURL`` (pages) and ``APIPath`` (API).
func routes(_ app: Application) throws {
    app.get(SiteURL.healthz, use: HealthController.check)

    // Web pages: CSRF on every change.
    let web = app.grouped(CSRFMiddleware())
    web.get(SiteURL.login(), use: LoginController.loginPage)
    web.post(SiteURL.login(), use: LoginController.login)
    ShowcaseController.register(web)
    InspectionPublicController.register(web)
    PublicPostingController.register(web)

    // Signed-in pages: the session is checked before the CSRF check collects the body, so nobody without a session
    // makes the server read (or hold) an upload.
    let signedIn = app.grouped(RequireUserMiddleware()).grouped(CSRFMiddleware())
    signedIn.post(SiteURL.logout, use: LoginController.logout)
    signedIn.get(SiteURL.changePassword, use: LoginController.changePasswordPage)
    signedIn.post(SiteURL.changePassword, use: LoginController.changePassword)
    signedIn.get(SiteURL.home, use: HomeController.show)
    DirectoryRoutes.register(signedIn, importMaxBytes: app.settings.importMaxBytes)
    MovementRoutes.register(signedIn)
    AuditController.register(signedIn)
    RegistrationController.register(signedIn)
    ReportController.register(signedIn, uploadMaxBytes: app.settings.uploadMaxBytes)
    BoardController.register(signedIn)
    DifficultyController.register(signedIn, uploadMaxBytes: app.settings.uploadMaxBytes)
    InitiativeSettingsController.register(signedIn, uploadMaxBytes: app.settings.uploadMaxBytes)
    InitiativeController.register(signedIn)
    AchievementController.register(signedIn, uploadMaxBytes: app.settings.uploadMaxBytes)
    CommendationController.register(signedIn)
    CatalogueController.register(signedIn)
    SignerController.register(signedIn)
    LegalBasisController.register(signedIn)
    CommendationController.registerSigning(signedIn)
    ScoringController.register(signedIn)
    InspectionController.register(signedIn, uploadMaxBytes: app.settings.uploadMaxBytes)
    InspectionSettingsController.register(signedIn)
    DigitalLiteracyController.register(signedIn, uploadMaxBytes: app.settings.uploadMaxBytes)
    UsersController.register(signedIn)
    IndicatorDashboardController.register(public: web, signedIn: signedIn)
    IndicatorImportController.register(signedIn)
    IndicatorValueController.register(signedIn, uploadMaxBytes: app.settings.uploadMaxBytes)
    IndicatorCatalogueController.register(signedIn)

    // JSON API: bearer tokens only, JSON bodies only.
    let api = app.grouped("api", "v1").grouped(APIContentTypeMiddleware())
    api.get("openapi.json", use: OpenAPIDocument.serve)
    api.post("sessions", use: LoginController.apiCreateSession)
    let apiUser = api.grouped(RequireUserMiddleware())
    apiUser.delete("sessions", "current", use: LoginController.apiDeleteSession)
    apiUser.get("me", use: LoginController.apiMe)
    DirectoryAPI.register(apiUser)
    RegistrationAPI.register(apiUser)
    ReportAPI.register(apiUser, uploadMaxBytes: app.settings.uploadMaxBytes)
    DifficultyAPI.register(apiUser, uploadMaxBytes: app.settings.uploadMaxBytes)
    InitiativeAPI.register(public: api, signedIn: apiUser)
    CommendationAPI.register(apiUser)
    SignerAPI.register(apiUser)
    LegalBasisAPI.register(apiUser)
    InspectionAPI.register(apiUser, uploadMaxBytes: app.settings.uploadMaxBytes)
    IndicatorAPI.register(apiUser)
    DigitalLiteracyAPI.register(apiUser)
}
