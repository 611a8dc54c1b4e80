import Plot

/// The login page.
enum LoginView {
    struct Model: Sendable {
        let frame: PageFrame
        let csrf: String
        let next: String?
        let state: FormState
        let message: String?
    }

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, .div(
            .class("login-box"),
            .p(.class("lead"), .text(LoginText.lead)),
            m.message.map { .div(.class("flash flash-error"), .attr("role", "alert"), .safe($0)) } ?? .empty,
            FormKit.errorSummary(m.state),
            .form(
                .method(.post), .action(SiteURL.login().path), .class("stacked"),
                FormKit.csrf(m.csrf),
                m.next.map { FormKit.hidden("next", $0) } ?? .empty,
                FormKit.text("username", label: LoginText.username, state: m.state, required: true, autocomplete: "username"),
                FormKit.text("password", label: LoginText.password, state: m.state, type: "password", required: true,
                             autocomplete: "current-password"),
                FormKit.actions(submit: LoginText.submit)
            ),
            .p(.class("muted"), .text(LoginText.forgot))
        ))
    }
}

/// The change-password page.
enum ChangePasswordView {
    struct Model: Sendable {
        let frame: PageFrame
        let csrf: String
        let state: FormState
    }

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, .group(
            FormKit.errorSummary(m.state),
            .form(
                .method(.post), .action(SiteURL.changePassword.path), .class("stacked"),
                FormKit.csrf(m.csrf),
                FormKit.text("current", label: LoginText.currentPassword, state: m.state, type: "password", required: true,
                             autocomplete: "current-password"),
                FormKit.text("new", label: LoginText.newPassword, state: m.state, type: "password", required: true,
                             hint: LoginText.newPasswordHint, autocomplete: "new-password"),
                FormKit.text("confirm", label: LoginText.confirmPassword, state: m.state, type: "password", required: true,
                             autocomplete: "new-password"),
                FormKit.actions(submit: CoreText.save, cancel: .home)
            )
        ))
    }
}
