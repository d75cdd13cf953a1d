import Domain

/// The buyers of the demo, each with a payment habit that drives what the ERP simulator sends.
package struct DemoBuyer: Sendable {
    /// How a buyer pays.
    package enum Habit: Sendable {
        /// Pays a few days before the due date.
        case prompt
        /// Pays 5 to 40 days late.
        case slow
        /// Pays half soon after the due date and the rest weeks later.
        case partial
        /// Disputes some invoices (resolved weeks later), pays the others on time.
        case disputer
        /// Pays its first invoices, then stops paying and files for insolvency on `insolvencyDay`.
        case failing(insolvencyDay: Int)
    }

    package var id: BuyerId
    package var name: String
    package var country: String
    package var industry: String
    package var habit: Habit
    /// Book equity in major units; the statement's other figures follow from it and `strength`.
    package var equity: Int64
    /// 0 (distressed) … 1 (very strong): shapes the statement's ratios.
    package var strength: Double
    package var termsDays: Int
    /// Mean order amount in major units.
    package var orderSize: Int64

    package init(id: BuyerId, name: String, country: String, industry: String, habit: Habit, equity: Int64, strength: Double,
                 termsDays: Int, orderSize: Int64) {
        self.id = id
        self.name = name
        self.country = country
        self.industry = industry
        self.habit = habit
        self.equity = equity
        self.strength = strength
        self.termsDays = termsDays
        self.orderSize = orderSize
    }
}

/// The demo's portfolio: ten buyers across countries, industries and habits, one of which fails.
package enum DemoScenario {
    package static let buyers: [DemoBuyer] = [
        DemoBuyer(id: "B-01", name: "Nordwind Maschinenbau GmbH", country: "DE", industry: "C28", habit: .prompt, equity: 4_000_000, strength: 0.9, termsDays: 30, orderSize: 40_000),
        DemoBuyer(id: "B-02", name: "Lyon Textiles SA", country: "FR", industry: "C13", habit: .slow, equity: 1_500_000, strength: 0.55, termsDays: 30, orderSize: 25_000),
        DemoBuyer(id: "B-03", name: "Costa Foods SpA", country: "IT", industry: "C10", habit: .partial, equity: 900_000, strength: 0.5, termsDays: 21, orderSize: 18_000),
        DemoBuyer(id: "B-04", name: "Baltic Timber UAB", country: "LT", industry: "C16", habit: .failing(insolvencyDay: 28), equity: 700_000, strength: 0.15, termsDays: 14, orderSize: 30_000),
        DemoBuyer(id: "B-05", name: "Rotterdam Logistics BV", country: "NL", industry: "H52", habit: .prompt, equity: 2_500_000, strength: 0.8, termsDays: 45, orderSize: 35_000),
        DemoBuyer(id: "B-06", name: "Iberia Construcciones SL", country: "ES", industry: "F41", habit: .slow, equity: 1_200_000, strength: 0.35, termsDays: 30, orderSize: 45_000),
        DemoBuyer(id: "B-07", name: "Tatra Components sro", country: "SK", industry: "C29", habit: .disputer, equity: 800_000, strength: 0.6, termsDays: 30, orderSize: 20_000),
        DemoBuyer(id: "B-08", name: "Helsinki Software Oy", country: "FI", industry: "J62", habit: .prompt, equity: 3_000_000, strength: 0.85, termsDays: 30, orderSize: 15_000),
        DemoBuyer(id: "B-09", name: "Anatolia Steel AS", country: "TR", industry: "C24", habit: .slow, equity: 2_000_000, strength: 0.3, termsDays: 14, orderSize: 50_000),
        DemoBuyer(id: "B-10", name: "Dublin Retail Ltd", country: "IE", industry: "G47", habit: .partial, equity: 1_000_000, strength: 0.65, termsDays: 30, orderSize: 12_000),
    ]
}
