import Vapor

/// Routes of the directory pages.
enum DirectoryRoutes {
    static func register(_ routes: any RoutesBuilder, importMaxBytes: Int = ImportLimits.maxFileMB * 1024 * 1024) {
        routes.get(.units, use: UnitsController.list)
        routes.post(.units, use: UnitsController.create)
        routes.get(.unitNew, use: UnitsController.newForm)
        routes.get(.unitsImport, use: ImportController.form(.units))
        routes.on(.POST, SiteURL.unitsImport.pathComponents, upload: ImportController.limits(importMaxBytes), use: ImportController.submit(.units))
        routes.get(.unitsExport, use: ImportController.export(.units))
        routes.get(.unit(nil), use: UnitsController.show)
        routes.get(.unitEdit(nil), use: UnitsController.editForm)
        routes.post(.unitEdit(nil), use: UnitsController.update)
        routes.post(.unitDeactivate(nil), use: UnitsController.deactivate)
        routes.post(.unitReactivate(nil), use: UnitsController.reactivate)

        routes.get(.people, use: PeopleController.list)
        routes.post(.people, use: PeopleController.create)
        routes.get(.personNew, use: PeopleController.newForm)
        routes.get(.peopleImport, use: ImportController.form(.people))
        routes.on(.POST, SiteURL.peopleImport.pathComponents, upload: ImportController.limits(importMaxBytes), use: ImportController.submit(.people))
        routes.get(.peopleExport, use: ImportController.export(.people))
        routes.get(.person(nil), use: PeopleController.show)
        routes.get(.personEdit(nil), use: PeopleController.editForm)
        routes.post(.personEdit(nil), use: PeopleController.update)
        routes.post(.personDeactivate(nil), use: PeopleController.deactivate)
        routes.post(.personReactivate(nil), use: PeopleController.reactivate)
    }
}
