import Domain

/// The payload of an envelope read back from a topic, by kind, for the end-to-end checks.
extension EventEnvelope {
    var assessment: CreditAssessment? {
        if case .creditAssessment(let value) = event { return value }
        return nil
    }

    var decision: CreditDecision? {
        if case .creditDecision(let value) = event { return value }
        return nil
    }

    var position: ReceivablesPosition? {
        if case .receivablesPosition(let value) = event { return value }
        return nil
    }

    var overdue: OverdueTransition? {
        if case .overdueTransition(let value) = event { return value }
        return nil
    }

    var dunningAction: DunningAction? {
        if case .dunningAction(let value) = event { return value }
        return nil
    }

    var dunningActionKind: DunningActionKind? { dunningAction?.action }

    var claimEvent: ClaimEvent? {
        if case .claimEvent(let value) = event { return value }
        return nil
    }

    var alert: Alert? {
        if case .alert(let value) = event { return value }
        return nil
    }

    var alertType: AlertType? { alert?.alertType }
}
