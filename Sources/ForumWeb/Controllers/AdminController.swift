import Foundation
import Forum
import Hummingbird

/// `/admin/schools`, `/admin/categories`, `/admin/users`: the forum's structure and its members.
struct AdminController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get("/admin/schools", use: schools)
        router.post("/admin/schools", use: createSchool)
        router.get("/admin/schools/:id", use: editSchool)
        router.post("/admin/schools/:id", use: updateSchool)
        router.get("/admin/categories", use: categories)
        router.post("/admin/categories", use: createCategory)
        router.get("/admin/categories/:id", use: editCategory)
        router.post("/admin/categories/:id", use: updateCategory)
        router.get("/admin/users", use: users)
        router.post("/admin/users/:id/role", use: changeRole)
        router.post("/admin/users/:id/deactivate", use: deactivate)
        router.post("/admin/users/:id/reactivate", use: reactivate)
    }

    // MARK: Schools

    struct SchoolForm: Sendable, Encodable {
        var action: String
        var heading: String
        var button: String
        var slug = ""
        var name = ""
        var website = ""
        var description = ""
        var slugError = ""
        var nameError = ""
        var websiteError = ""
        var descriptionError = ""
    }

    struct SchoolsPage: PageViewModel {
        struct Row: Sendable, Encodable {
            var name: String
            var slug: String
            var href: String
            var editHref: String
            var memberCount: Int
        }

        var layout = Layout()
        var title: String
        var schools: [Row] = []
        var form: SchoolForm
    }

    private func schoolsPage(form: SchoolForm) async throws -> SchoolsPage {
        SchoolsPage(title: "Schools", schools: try await services.administration.schools().map {
            .init(name: $0.name, slug: $0.slug, href: "/s/\($0.slug)", editHref: "/admin/schools/\($0.id)", memberCount: $0.memberCount)
        }, form: form)
    }

    private static let newSchoolForm = SchoolForm(action: "/admin/schools", heading: "Add a school", button: "Add school")

    @Sendable func schools(_ request: Request, context: AppContext) async throws -> Response {
        try renderer.page("admin-schools", try await schoolsPage(form: Self.newSchoolForm), context: context)
    }

    @Sendable func createSchool(_ request: Request, context: AppContext) async throws -> Response {
        try await saveSchool(id: nil, context: context)
    }

    @Sendable func editSchool(_ request: Request, context: AppContext) async throws -> Response {
        let school = try await services.administration.school(id: try id(context))
        let form = SchoolForm(action: "/admin/schools/\(school.id)", heading: "Edit \(school.name)", button: "Save",
                              slug: school.slug, name: school.name, website: school.website, description: school.description)
        return try renderer.page("admin-school-edit", SchoolsPage(title: "Edit \(school.name)", form: form), context: context)
    }

    @Sendable func updateSchool(_ request: Request, context: AppContext) async throws -> Response {
        let id = try id(context)
        _ = try await services.administration.school(id: id)
        return try await saveSchool(id: id, context: context)
    }

    private func saveSchool(id: Int?, context: AppContext) async throws -> Response {
        let fields = Administration.SchoolFields(slug: context.form["slug"], name: context.form["name"],
                                                 website: context.form["website"], description: context.form["description"])
        do {
            try await services.administration.saveSchool(id: id, fields, by: try context.member)
            return .seeOther("/admin/schools")
        } catch let error as ValidationError {
            var form = id.map { SchoolForm(action: "/admin/schools/\($0)", heading: "Edit school", button: "Save") } ?? Self.newSchoolForm
            form.slug = context.form["slug"]
            form.name = context.form["name"]
            form.website = context.form["website"]
            form.description = context.form["description"]
            form.slugError = error.messages["slug"] ?? ""
            form.nameError = error.messages["name"] ?? ""
            form.websiteError = error.messages["website"] ?? ""
            form.descriptionError = error.messages["description"] ?? ""
            let page = id == nil ? try await schoolsPage(form: form) : SchoolsPage(title: "Edit school", form: form)
            return try renderer.page(id == nil ? "admin-schools" : "admin-school-edit", page, context: context, status: .unprocessableContent)
        }
    }

    // MARK: Categories

    struct CategoryForm: Sendable, Encodable {
        var action: String
        var heading: String
        var button: String
        var slug = ""
        var name = ""
        var description = ""
        var position = "0"
        var visibilities: [SelectOption] = []
        var slugError = ""
        var nameError = ""
        var descriptionError = ""
        var positionError = ""
        var visibilityError = ""
    }

    struct CategoriesPage: PageViewModel {
        struct Row: Sendable, Encodable {
            var name: String
            var slug: String
            var href: String
            var editHref: String
            var position: Int
            var visibility: String
        }

        var layout = Layout()
        var title: String
        var categories: [Row] = []
        var form: CategoryForm
    }

    private static func visibilities(_ selected: String) -> [SelectOption] {
        [SelectOption(value: "members", label: "All members", selected: selected != "moderators"),
         SelectOption(value: "moderators", label: "Moderators and admins only", selected: selected == "moderators")]
    }

    private static var newCategoryForm: CategoryForm {
        CategoryForm(action: "/admin/categories", heading: "Add a category", button: "Add category", visibilities: visibilities("members"))
    }

    private func categoriesPage(form: CategoryForm) async throws -> CategoriesPage {
        CategoriesPage(title: "Categories", categories: try await services.administration.categories().map {
            .init(name: $0.name, slug: $0.slug, href: "/c/\($0.slug)", editHref: "/admin/categories/\($0.id)",
                  position: $0.position, visibility: $0.visibility.rawValue)
        }, form: form)
    }

    @Sendable func categories(_ request: Request, context: AppContext) async throws -> Response {
        try renderer.page("admin-categories", try await categoriesPage(form: Self.newCategoryForm), context: context)
    }

    @Sendable func createCategory(_ request: Request, context: AppContext) async throws -> Response {
        try await saveCategory(id: nil, context: context)
    }

    @Sendable func editCategory(_ request: Request, context: AppContext) async throws -> Response {
        let category = try await services.administration.category(id: try id(context))
        let form = CategoryForm(action: "/admin/categories/\(category.id)", heading: "Edit \(category.name)", button: "Save",
                                slug: category.slug, name: category.name, description: category.description,
                                position: String(category.position), visibilities: Self.visibilities(category.visibility.rawValue))
        return try renderer.page("admin-category-edit", CategoriesPage(title: "Edit \(category.name)", form: form), context: context)
    }

    @Sendable func updateCategory(_ request: Request, context: AppContext) async throws -> Response {
        let id = try id(context)
        _ = try await services.administration.category(id: id)
        return try await saveCategory(id: id, context: context)
    }

    private func saveCategory(id: Int?, context: AppContext) async throws -> Response {
        let fields = Administration.CategoryFields(
            slug: context.form["slug"], name: context.form["name"], description: context.form["description"],
            position: context.form["position"], visibility: context.form["visibility"].isEmpty ? "members" : context.form["visibility"])
        do {
            try await services.administration.saveCategory(id: id, fields, by: try context.member)
            return .seeOther("/admin/categories")
        } catch let error as ValidationError {
            var form = id.map { CategoryForm(action: "/admin/categories/\($0)", heading: "Edit category", button: "Save") } ?? Self.newCategoryForm
            form.slug = context.form["slug"]
            form.name = context.form["name"]
            form.description = context.form["description"]
            form.position = context.form["position"]
            form.visibilities = Self.visibilities(context.form["visibility"])
            form.slugError = error.messages["slug"] ?? ""
            form.nameError = error.messages["name"] ?? ""
            form.descriptionError = error.messages["description"] ?? ""
            form.positionError = error.messages["position"] ?? ""
            form.visibilityError = error.messages["visibility"] ?? ""
            let page = id == nil ? try await categoriesPage(form: form) : CategoriesPage(title: "Edit category", form: form)
            return try renderer.page(id == nil ? "admin-categories" : "admin-category-edit", page, context: context,
                                     status: .unprocessableContent)
        }
    }

    // MARK: Members

    struct UsersPage: PageViewModel {
        struct Row: Sendable, Encodable {
            var username: String
            var name: String
            var email: String
            var href: String
            var school: String
            var joined: String
            var deactivated: Bool
            var isSelf: Bool
            var roleAction: String
            var roleSelectID: String
            var activeAction: String
            var roles: [SelectOption]
        }

        var layout = Layout()
        var title = "Members"
        var query: String
        var users: [Row]
        var pagination: Pagination
    }

    @Sendable func users(_ request: Request, context: AppContext) async throws -> Response {
        let admin = try context.member
        let query = request.formQuery["q"] ?? ""
        let page = RequestInput.page(request)
        let listing = try await services.administration.users(matching: query, page: page)
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let path = query.isEmpty ? "/admin/users" : "/admin/users?q=" + (query.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        var pagination = Pagination(path: path, page: listing.page, pageCount: listing.pageCount)
        if !query.isEmpty {
            // Pagination appends `?page=`; with a query already present it must be `&page=`.
            pagination.links = pagination.links.map { var link = $0; link.href = link.href.replacingOccurrences(of: "?page=", with: "&page="); return link }
            pagination.previousHref = pagination.previousHref.replacingOccurrences(of: "?page=", with: "&page=")
            pagination.nextHref = pagination.nextHref.replacingOccurrences(of: "?page=", with: "&page=")
        }
        return try renderer.page("admin-users", UsersPage(query: query, users: listing.users.map { user in
            UsersPage.Row(
                username: user.username, name: user.name, email: user.email, href: "/u/\(user.username)",
                school: user.schoolName ?? "", joined: Format.date(user.createdAt), deactivated: user.deactivated,
                isSelf: user.id == admin.id, roleAction: "/admin/users/\(user.id)/role", roleSelectID: "role-\(user.id)",
                activeAction: "/admin/users/\(user.id)/\(user.deactivated ? "reactivate" : "deactivate")",
                roles: Role.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == user.role) })
        }, pagination: pagination), context: context)
    }

    @Sendable func changeRole(_ request: Request, context: AppContext) async throws -> Response {
        do {
            try await services.administration.changeRole(userID: try id(context), to: context.form["role"], by: try context.member)
        } catch is ValidationError {
            throw HTTPError(.unprocessableContent, message: "Choose member, moderator or admin.")
        }
        return .seeOther("/admin/users")
    }

    @Sendable func deactivate(_ request: Request, context: AppContext) async throws -> Response {
        try await services.administration.setDeactivated(userID: try id(context), true, by: try context.member)
        return .seeOther("/admin/users")
    }

    @Sendable func reactivate(_ request: Request, context: AppContext) async throws -> Response {
        try await services.administration.setDeactivated(userID: try id(context), false, by: try context.member)
        return .seeOther("/admin/users")
    }

    private func id(_ context: AppContext) throws -> Int {
        let id = try RequestInput.pathID(context)
        return id
    }
}
