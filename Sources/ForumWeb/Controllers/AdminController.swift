import Foundation
import Forum
import Hummingbird
import Views

/// `/admin/schools`, `/admin/categories`, `/admin/users`: the forum's structure and its members.
struct AdminController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.adminSchools.route, use: schools)
        router.post(SiteURL.adminSchools.route, use: createSchool)
        router.get(SiteURL.adminSchool(.key).route, use: editSchool)
        router.post(SiteURL.adminSchool(.key).route, use: updateSchool)
        router.get(SiteURL.adminCategories.route, use: categories)
        router.post(SiteURL.adminCategories.route, use: createCategory)
        router.get(SiteURL.adminCategory(.key).route, use: editCategory)
        router.post(SiteURL.adminCategory(.key).route, use: updateCategory)
        router.get(SiteURL.adminUsers.route, use: users)
        router.post(SiteURL.adminUserAction(.key, .role).route, use: changeRole)
        router.post(SiteURL.adminUserAction(.key, .deactivate).route, use: deactivate)
        router.post(SiteURL.adminUserAction(.key, .reactivate).route, use: reactivate)
    }

    // MARK: Schools

    private func schoolsPage(form: SchoolForm) async throws -> AdminSchoolsPage {
        AdminSchoolsPage(schools: try await services.administration.schools().map {
            .init(id: $0.id, name: $0.name, slug: $0.slug, memberCount: $0.memberCount)
        }, form: form)
    }

    @Sendable func schools(_ request: Request, context: AppContext) async throws -> Response {
        renderer.page(try await schoolsPage(form: SchoolForm(id: nil, heading: "Add a school")), context: context)
    }

    @Sendable func createSchool(_ request: Request, context: AppContext) async throws -> Response {
        try await saveSchool(id: nil, context: context)
    }

    @Sendable func editSchool(_ request: Request, context: AppContext) async throws -> Response {
        let school = try await services.administration.school(id: try RequestInput.pathID(context))
        return renderer.page(try await Self.editPage(school, services: services), context: context)
    }

    /// The school's form filled in, with its leadership team (issue 14).
    static func editPage(_ school: Administration.SchoolRecord, services: ForumServices) async throws -> AdminSchoolEditPage {
        var form = SchoolForm(id: school.id, heading: "Edit \(school.name)")
        form.slug = school.slug
        form.name = school.name
        form.website = school.website
        form.description = school.description
        var page = AdminSchoolEditPage(form: form)
        page.leaderSchoolSlug = school.slug
        page.leaders = try await services.leadership.leaders(schoolID: school.id).map(JourneyLeader.init)
        return page
    }

    @Sendable func updateSchool(_ request: Request, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        _ = try await services.administration.school(id: id)
        return try await saveSchool(id: id, context: context)
    }

    private func saveSchool(id: Int?, context: AppContext) async throws -> Response {
        let fields = try context.form.decode(Administration.SchoolFields.self)
        do {
            try await services.administration.saveSchool(id: id, fields, by: try context.member)
            return .seeOther(SiteURL.adminSchools.path)
        } catch let error as ValidationError {
            var form = SchoolForm(id: id, heading: id == nil ? "Add a school" : "Edit school")
            form.slug = fields.slug
            form.name = fields.name
            form.website = fields.website
            form.description = fields.description
            form.errors = error.messages
            if id == nil {
                return renderer.page(try await schoolsPage(form: form), context: context, status: .unprocessableContent)
            }
            return renderer.page(AdminSchoolEditPage(form: form), context: context, status: .unprocessableContent)
        }
    }

    // MARK: Categories

    private func categoriesPage(form: CategoryForm) async throws -> AdminCategoriesPage {
        AdminCategoriesPage(categories: try await services.administration.categories().map {
            .init(id: $0.id, name: $0.name, slug: $0.slug, position: $0.position, visibility: $0.visibility.rawValue)
        }, form: form)
    }

    @Sendable func categories(_ request: Request, context: AppContext) async throws -> Response {
        renderer.page(try await categoriesPage(form: CategoryForm(id: nil, heading: "Add a category")), context: context)
    }

    @Sendable func createCategory(_ request: Request, context: AppContext) async throws -> Response {
        try await saveCategory(id: nil, context: context)
    }

    @Sendable func editCategory(_ request: Request, context: AppContext) async throws -> Response {
        let category = try await services.administration.category(id: try RequestInput.pathID(context))
        var form = CategoryForm(id: category.id, heading: "Edit \(category.name)")
        form.slug = category.slug
        form.name = category.name
        form.description = category.description
        form.position = String(category.position)
        form.visibility = category.visibility.rawValue
        return renderer.page(AdminCategoryEditPage(form: form), context: context)
    }

    @Sendable func updateCategory(_ request: Request, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        _ = try await services.administration.category(id: id)
        return try await saveCategory(id: id, context: context)
    }

    private func saveCategory(id: Int?, context: AppContext) async throws -> Response {
        let fields = try context.form.decode(Administration.CategoryFields.self)
        do {
            try await services.administration.saveCategory(id: id, fields, by: try context.member)
            return .seeOther(SiteURL.adminCategories.path)
        } catch let error as ValidationError {
            var form = CategoryForm(id: id, heading: id == nil ? "Add a category" : "Edit category")
            form.slug = fields.slug
            form.name = fields.name
            form.description = fields.description
            form.position = fields.position
            form.visibility = fields.visibility
            form.errors = error.messages
            if id == nil {
                return renderer.page(try await categoriesPage(form: form), context: context, status: .unprocessableContent)
            }
            return renderer.page(AdminCategoryEditPage(form: form), context: context, status: .unprocessableContent)
        }
    }

    // MARK: Members

    @Sendable func users(_ request: Request, context: AppContext) async throws -> Response {
        let admin = try context.member
        let query = request.formQuery["q"] ?? ""
        let page = RequestInput.page(request)
        let listing = try await services.administration.users(matching: query, page: page)
        let flags = try await services.twoFactor.accountFlags(userIDs: listing.users.map(\.id))
        return renderer.page(AdminUsersPage(
            query: query,
            roles: Role.allCases.map { (value: $0.rawValue, label: $0.label) },
            users: listing.users.map { user in
                var row = AdminUsersPage.Row(
                    id: user.id, username: user.username, name: user.name, email: user.email, school: user.schoolName,
                    joined: user.createdAt, role: user.role.rawValue, deactivated: user.deactivated, isSelf: user.id == admin.id)
                row.twoFactorOn = flags.twoFactor.contains(user.id)
                row.erased = flags.erased.contains(user.id)
                return row
            },
            pagination: Pagination(path: SiteURL.adminUsers.path,
                                   query: query.isEmpty ? "" : "q=" + SiteURL.encodeQueryValue(query),
                                   page: listing.page, pageCount: listing.pageCount)),
            context: context)
    }

    /// What a member row's role form sends.
    struct RoleForm: Decodable {
        var role: String?
    }

    @Sendable func changeRole(_ request: Request, context: AppContext) async throws -> Response {
        let form = try context.form.decode(RoleForm.self)
        do {
            try await services.administration.changeRole(userID: try RequestInput.pathID(context), to: form.role ?? "", by: try context.member)
        } catch is ValidationError {
            throw HTTPError(.unprocessableContent, message: "Choose member, moderator or admin.")
        }
        return .seeOther(SiteURL.adminUsers.path)
    }

    @Sendable func deactivate(_ request: Request, context: AppContext) async throws -> Response {
        try await services.administration.setDeactivated(userID: try RequestInput.pathID(context), true, by: try context.member)
        return .seeOther(SiteURL.adminUsers.path)
    }

    @Sendable func reactivate(_ request: Request, context: AppContext) async throws -> Response {
        try await services.administration.setDeactivated(userID: try RequestInput.pathID(context), false, by: try context.member)
        return .seeOther(SiteURL.adminUsers.path)
    }
}
