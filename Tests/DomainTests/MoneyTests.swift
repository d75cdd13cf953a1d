import Testing
@testable import Domain

@Suite struct MoneyTests {
    let usd = Currency.usd

    @Test func amountsOfOneCurrencyAddAndSubtractExactly() throws {
        let a = Money(amountMinor: 5_594, currency: usd)
        let b = Money(amountMinor: 406, currency: usd)
        #expect(try a + b == Money(amountMinor: 6_000, currency: usd))
        #expect(try a - b == Money(amountMinor: 5_188, currency: usd))
        #expect(try Money.sum([a, b, b], in: usd).amountMinor == 6_406)
        #expect(try b.isLess(than: a))
    }

    @Test func mixingCurrenciesIsRefusedWithATypedError() {
        let dollars = Money(amountMinor: 100, currency: .usd)
        let euros = Money(amountMinor: 100, currency: .eur)
        #expect(throws: MoneyError.mixedCurrencies(.usd, .eur)) { try dollars + euros }
        #expect(throws: MoneyError.mixedCurrencies(.usd, .eur)) { try dollars - euros }
        #expect(throws: MoneyError.mixedCurrencies(.usd, .eur)) { try Money.sum([dollars, euros], in: .usd) }
        #expect(throws: MoneyError.mixedCurrencies(.usd, .eur)) { try dollars.isLess(than: euros) }
        #expect(MoneyError.mixedCurrencies(.usd, .eur).code == "mixed_currency")
    }

    @Test func overflowIsRefusedNotWrapped() {
        let huge = Money(amountMinor: .max, currency: usd)
        #expect(throws: MoneyError.overflow) { try huge + Money(amountMinor: 1, currency: usd) }
        #expect(throws: MoneyError.overflow) { try Money(amountMinor: .min, currency: usd).negated() }
    }

    @Test func currenciesCarryTheirISO4217MinorUnit() throws {
        #expect(try Currency(code: "USD").minorUnitExponent == 2)
        #expect(try Currency(code: "JPY").minorUnitExponent == 0)
        #expect(try Currency(code: "KWD").minorUnitExponent == 3)
        #expect(try Currency(code: "CHF").minorUnitsPerMajor == 100)
        for code in ["EUR", "GBP", "PLN", "CNY", "SEK"] { #expect(try Currency(code: code).minorUnitExponent == 2) }
        #expect(throws: MoneyError.unknownCurrency("XYZ")) { try Currency(code: "XYZ") }
        #expect(throws: MoneyError.unknownCurrency("usd")) { try Currency(code: "usd") }
    }

    @Test func japaneseYenHasNoDecimals() throws {
        let yen = try Money(decimal: "1200", currency: .jpy)
        #expect(yen.amountMinor == 1_200)
        #expect(yen.decimalString == "1200")
        #expect(Money(amountMinor: 5_594, currency: usd).decimalString == "55.94")
        #expect(Money(amountMinor: -5, currency: usd).decimalString == "-0.05")
        #expect(Money(amountMinor: 1_234, currency: .kwd).description == "1.234 KWD")
    }

    @Test func moneyIsWrittenAsMinorUnitsAndCurrencyCode() throws {
        let bytes = try EventCodec.encodeValue(.orderRequested(OrderRequested(
            buyerId: "B", orderId: "O", amount: Money(amountMinor: 5_594, currency: usd), orderDate: EventFixtures.issueDate)))
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""amount":{"amountMinor":5594,"currency":"USD"}"#))
    }

    @Test(arguments: [(Int64(5), Int64(0)), (15, 2), (25, 2), (35, 4), (-5, 0), (-15, -2), (-25, -2), (14, 1), (16, 2)])
    func conversionRoundsHalfToEvenOnTheMinorUnit(tenthsOfACent: Int64, expectedCents: Int64) throws {
        // 0.1 EUR-cent per USD-cent: 5 → 0.5 → 0, 15 → 1.5 → 2, 25 → 2.5 → 2 (ties go to the even neighbour).
        let rate = try DecimalFactor("0.1")
        let converted = try Money(amountMinor: tenthsOfACent, currency: usd).converted(to: .eur, at: rate)
        #expect(converted == Money(amountMinor: expectedCents, currency: .eur))
    }

    @Test func conversionAccountsForDifferentMinorUnits() throws {
        // 1,000.00 USD at 151.37 JPY per USD = 151,370 JPY; 1,234 JPY at 0.0066 USD per JPY = 8.1444 → 8.14 USD.
        let dollars = Money(amountMinor: 100_000, currency: usd)
        #expect(try dollars.converted(to: .jpy, at: DecimalFactor("151.37")) == Money(amountMinor: 151_370, currency: .jpy))
        let yen = Money(amountMinor: 1_234, currency: .jpy)
        #expect(try yen.converted(to: usd, at: DecimalFactor("0.0066")) == Money(amountMinor: 814, currency: usd))
        // 0.125 USD → 12.5 cents → 12 (even); 0.135 → 13.5 → 14 (even).
        #expect(try Money(decimal: "0.125", currency: usd).amountMinor == 12)
        #expect(try Money(decimal: "0.135", currency: usd).amountMinor == 14)
    }

    @Test func fxTableSumsExactlyPerCurrencyThenConvertsOnce() throws {
        let table = FXTable(reportingCurrency: .usd, rates: [.eur: try DecimalFactor("1.0845"), .jpy: try DecimalFactor("0.0066")])
        let amounts = [Money(amountMinor: 50, currency: .eur), Money(amountMinor: 50, currency: .eur),
                       Money(amountMinor: 1_000, currency: usd), Money(amountMinor: 1_234, currency: .jpy)]
        // 1.00 EUR → 1.0845 → 108 (108.45 rounds to 108); 1,234 JPY → 814; plus 1,000.
        #expect(try table.sum(amounts) == Money(amountMinor: 1_922, currency: usd))
        #expect(try table.convert(Money(amountMinor: 7, currency: usd)) == Money(amountMinor: 7, currency: usd))
        #expect(throws: MoneyError.missingRate(from: .gbp, to: .usd)) { try table.convert(Money(amountMinor: 1, currency: .gbp)) }
    }

    @Test func percentagesApplyAsExactDecimals() throws {
        // 90 % of 100,000.00 = 90,000.00; 10 % of book equity 400,000.00 × 1.15 = 46,000.00.
        let loss = Money(amountMinor: 10_000_000, currency: usd)
        #expect(try loss.multiplied(by: 0.9).amountMinor == 9_000_000)
        let equity = Money(amountMinor: 40_000_000, currency: usd)
        #expect(try equity.multiplied(by: 0.1).multiplied(by: 1.15).amountMinor == 4_600_000)
        #expect(try DecimalFactor(0.35).description == "0.35")
        #expect(try DecimalFactor("2.5e-3") == DecimalFactor(units: 25, scale: 4))
        #expect(try DecimalFactor(0.1 + 0.2) == DecimalFactor(units: 300_000_000_000_000, scale: 15))
        #expect(try DecimalFactor("0.30") == DecimalFactor(units: 3, scale: 1))
        #expect(try DecimalFactor("1e-20").units == 0)
        #expect(throws: MoneyError.invalidFactor("1.2.3")) { try DecimalFactor("1.2.3") }
        #expect(throws: MoneyError.self) { try DecimalFactor(Double.nan) }
    }
}

extension Currency {
    static let kwd = Currency.table("KWD")
}
