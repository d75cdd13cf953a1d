import Domain
import Dunning
import Testing

/// Interest: reference rate + 8 points a year, simple, per day overdue, on the open amount, half-even on
/// the minor unit; compensation: 40 EUR per invoice; a contract's own rate overrides.
@Suite struct LatePaymentChargesTests {
    let interestPolicy = Fixture.policy.dunning.interest

    /// 10,000.00 EUR, 30 days overdue at 4.5 % + 8 % = 12.5 %:
    /// 10,000 × 0.125 × 30 / 365 = 102.739… → 102.74 EUR.
    @Test func theWorkedCase() throws {
        let rate = try LatePaymentCharges.yearlyRatePercent(interestPolicy, contractRatePercent: nil)
        #expect(rate.description == "12.5")
        let interest = try LatePaymentCharges.interest(on: Fixture.eur("10000.00"), ratePercent: rate, days: 30,
                                                       dayCountBasis: 365)
        #expect(interest == Fixture.eur("102.74"))
    }

    /// A contract rate of 9.75 % replaces the statutory 12.5 %: 10,000 × 0.0975 × 30 / 365 = 80.136… → 80.14 EUR.
    @Test func aContractRateOverridesTheStatutoryOne() throws {
        let rate = try LatePaymentCharges.yearlyRatePercent(interestPolicy, contractRatePercent: 9.75)
        let interest = try LatePaymentCharges.interest(on: Fixture.eur("10000.00"), ratePercent: rate, days: 30,
                                                       dayCountBasis: 365)
        #expect(interest == Fixture.eur("80.14"))
    }

    /// 73.00 × 12.5 % × 1/365 = 0.025 exactly → 0.02 (to even); 219.00 × 12.5 % × 1/365 = 0.075 → 0.08 (to even).
    @Test func exactHalvesRoundToEven() throws {
        let rate = try LatePaymentCharges.yearlyRatePercent(interestPolicy, contractRatePercent: nil)
        #expect(try LatePaymentCharges.interest(on: Fixture.eur("73.00"), ratePercent: rate, days: 1, dayCountBasis: 365)
                == Fixture.eur("0.02"))
        #expect(try LatePaymentCharges.interest(on: Fixture.eur("219.00"), ratePercent: rate, days: 1, dayCountBasis: 365)
                == Fixture.eur("0.08"))
    }

    /// Interest is in the invoice's currency on its minor unit: 1,000,000 JPY × 12.5 % × 30/365 = 10,273.97… → 10,274 JPY.
    @Test func interestIsInTheInvoicesCurrency() throws {
        let rate = try LatePaymentCharges.yearlyRatePercent(interestPolicy, contractRatePercent: nil)
        let interest = try LatePaymentCharges.interest(on: Money(amountMinor: 1_000_000, currency: .jpy), ratePercent: rate,
                                                       days: 30, dayCountBasis: 365)
        #expect(interest == Money(amountMinor: 10_274, currency: .jpy))
    }

    @Test func noInterestBeforeTheDueDate() throws {
        let rate = try LatePaymentCharges.yearlyRatePercent(interestPolicy, contractRatePercent: nil)
        #expect(try LatePaymentCharges.interest(on: Fixture.eur("10000.00"), ratePercent: rate, days: 0, dayCountBasis: 365).isZero)
    }

    @Test func compensationIs40EurOnEurInvoices() {
        let result = LatePaymentCharges.compensation(interestPolicy, invoiceCurrency: .eur,
                                                     fxTable: FXTable(reportingCurrency: .usd))
        #expect(result.amount == Fixture.eur("40.00"))
    }

    /// On a reporting-currency invoice the 40 EUR go through the FX table: 40 × 1.0845 = 43.38 USD.
    @Test func compensationIsConvertedForReportingCurrencyInvoices() throws {
        let fx = FXTable(reportingCurrency: .usd, rates: [.eur: try DecimalFactor("1.0845")])
        let result = LatePaymentCharges.compensation(interestPolicy, invoiceCurrency: .usd, fxTable: fx)
        #expect(result.amount == Fixture.usd("43.38"))
    }

    @Test func noCompensationWithoutARate() {
        let result = LatePaymentCharges.compensation(interestPolicy, invoiceCurrency: .gbp,
                                                     fxTable: FXTable(reportingCurrency: .usd))
        #expect(result.amount == nil)
        #expect(result.note?.contains("no FX rate into GBP") == true)
    }

    /// The formal notice at 31 days past due on 10,000.00 EUR carries
    /// 10,000 × 0.125 × 31 / 365 = 106.164… → 106.16 EUR of interest and the 40.00 EUR compensation.
    @Test func theFormalNoticeCarriesInterestAndCompensation() {
        var scenario = InvoiceScenario(Fixture.issued(amount: Fixture.eur("10000.00")))
        scenario.run(31...31)
        let notice = scenario.log.compactMap(\.output.action).first { $0.action == .formalNotice }
        #expect(notice?.interest == Fixture.eur("106.16"))
        #expect(notice?.compensation == Fixture.eur("40.00"))
        #expect(notice?.note?.contains("× 31/365 = 106.16 EUR") == true)
    }

    /// The contract rate of the invoice is the one its notice uses: 10,000 × 0.05 × 31 / 365 = 42.465… → 42.47 EUR.
    @Test func theNoticeUsesTheInvoicesContractRate() {
        var scenario = InvoiceScenario(Fixture.issued(amount: Fixture.eur("10000.00"), contractRate: 5))
        scenario.run(31...31)
        let notice = scenario.log.compactMap(\.output.action).first { $0.action == .formalNotice }
        #expect(notice?.interest == Fixture.eur("42.47"))
        #expect(notice?.note?.contains("contract rate") == true)
    }
}
