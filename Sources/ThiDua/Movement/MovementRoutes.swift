import Vapor

/// Routes of the movement setup.
enum MovementRoutes {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.movement, use: MovementController.overview)
        routes.get(.movementEdit, use: MovementController.editMovementForm)
        routes.post(.movementEdit, use: MovementController.updateMovement)
        routes.get(.phase(nil), use: MovementController.editPhaseForm)
        routes.post(.phase(nil), use: MovementController.updatePhase)
        routes.get(.deadlines, use: MovementSetupController.newDeadlineForm)
        routes.post(.deadlines, use: MovementSetupController.createDeadline)
        routes.get(.deadline(nil), use: MovementSetupController.editDeadlineForm)
        routes.post(.deadline(nil), use: MovementSetupController.updateDeadline)
        routes.post(.deadlineDelete(nil), use: MovementSetupController.deleteDeadline)
        routes.get(.contentArea(nil), use: MovementSetupController.editAreaForm)
        routes.post(.contentArea(nil), use: MovementSetupController.updateArea)
        routes.get(.criteria, use: MovementSetupController.newCriterionForm)
        routes.post(.criteria, use: MovementSetupController.createCriterion)
        routes.get(.criterion(nil), use: MovementSetupController.editCriterionForm)
        routes.post(.criterion(nil), use: MovementSetupController.updateCriterion)
        routes.get(.council, use: CouncilController.list)
        routes.post(.council, use: CouncilController.create)
        routes.get(.councilNew, use: CouncilController.newForm)
        routes.get(.councilMember(nil), use: CouncilController.editForm)
        routes.post(.councilMember(nil), use: CouncilController.update)
        routes.post(.councilMemberRemove(nil), use: CouncilController.remove)
    }
}
