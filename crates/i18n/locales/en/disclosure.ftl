# Months to repay, exchange rates and the minimum wage over the contract.

job-months-to-repay-lower-bound = Months to repay (lower bound)
job-months-to-repay-lower-bound-hint = if nothing were spent, no interest paid and pay started on day one
job-months-to-repay-realistic = Months to repay (realistic)
rate-used = Dong at the bank's rate of { $date }: buying { $buying }, selling { $selling } dong per yen.
rate-stale = Warning: the newest exchange rate we have is from { $date }, { $days ->
    [one] { $days } day
   *[other] { $days } days
} ago. The dong figures may be far from today's.
repay-title = How long repaying really takes
repay-headline = Repaid after { $months ->
    [one] { $months } month
   *[other] { $months } months
} from the start date
repay-no-debt = Nothing to repay: the worker pays no upfront cost.
repay-living-exceeds-pay = Take-home pay does not cover ordinary living costs: nothing is left to repay the debt.
repay-not-within-contract = Not repaid within the { $months }-month contract: { $left } still owed at its end.
repay-step-debt = The family owes { $debt } (fees in yen bought at the selling rate, { $selling } dong per yen).
repay-step-no-wage = For { $months ->
    [one] { $months } month
   *[other] { $months } months
} no full wage arrives yet (a month's wage is paid after the month is worked): nothing is repaid.
repay-step-no-wage-titp = For { $months ->
    [one] { $months } month
   *[other] { $months } months
} no full wage arrives yet (a technical intern's first month is the post-entry course on an allowance, and a month's wage is paid after the month is worked): nothing is repaid.
repay-step-saving = Then each month: { $take_home } take-home pay − { $living } living costs = { $saving }, sent home at the buying rate of { $rate } dong per yen.
repay-step-later = From the 13th month resident tax is deducted: { $saving } a month is left.
repay-step-no-interest = No interest is counted: we found no sourced typical rate for these loans. Enter the rate of your loan below.
repay-step-interest = Interest of { $percent } % a year, charged each month on what is still owed: { $total } in all.
repay-step-lower-bound = The lower bound above ({ $months } months) leaves all of this out.
repay-living-total = Living costs: { $amount } a month (housing is provided and already deducted), from Japan's { $year } household survey
repay-living-total-with-housing = Living costs: { $amount } a month, housing and utilities included, from Japan's { $year } household survey
repay-living-why = Average monthly spending of single-person households on necessities only (food, household goods, clothing, medical care, transport and phone); recreation and remittances are left out. No official survey of technical interns' own spending was found.
repay-interest-label = Yearly interest on your loan (%)
repay-interest-submit = Recompute
repay-interest-hint = For example 12 or 6.6. The debt and interest are in dong, as borrowed in Viet Nam.
repay-chart-label = Debt month by month: { $debt } at the start, { $months } months shown
repay-chart-months = month { $months }
living-food = Food
living-housing = Housing
living-utilities = Fuel, light and water
living-furniture_household = Furniture and household goods
living-clothing = Clothing and footwear
living-medical = Medical care
living-transport_communication = Transport and communications
check-status-latest-known = Latest figure
check-code-meets_latest_known = Meets { $hourly }/h, the latest known minimum wage for this prefecture (in force since { $since }); the revision for FY{ $fiscal_year } is not in our data yet. The wage must follow it.
check-code-below_later_minimum = Below the minimum wage of { $hourly }/h that takes effect on { $since }, during the contract.
disclosure-upfront_cost_vnd = Upfront cost in dong
disclosure-living_costs = Living costs a month
disclosure-months_to_repay_realistic = Months to repay (realistic)
disclosure-explain-take_home_vnd = { $jpy } yen × { $rate } dong per yen (the bank's buying rate of { $date })
disclosure-explain-upfront_cost = Every cost the worker pays before work starts, in yen: fees in yen as they are, fees in dong at the buying rate ({ $rate } dong per yen)
disclosure-explain-upfront_cost_vnd = The same in dong: fees in dong as they are, fees in yen at the selling rate ({ $rate } dong per yen), since the worker buys the yen
disclosure-explain-months_to_repay = Lower bound: { $upfront } ÷ { $take_home }, rounded up to a tenth of a month, as if nothing were spent, no interest paid and pay started on day one
disclosure-explain-living_costs = Household survey { $year }, single-person households: { $categories } categories of necessities
disclosure-explain-months_to_repay_realistic = { $debt } dong owed; { $without_wage } month(s) without a full wage; then ({ $take_home } − { $living }) yen × { $rate } dong per yen each month; interest { $interest } % a year on what is still owed
error-not_a_percentage = Enter a percentage such as 12 or 6.6 (at most two decimals).
error-no_exchange_rate = We have no exchange rate for this date.
rates-title = Exchange rates
rates-intro = The bank's rates for the yen that the figures in dong use: the newest rate on or before the day a page is shown.
rates-stale = The newest rate is more than { $count ->
    [one] { $days } day
   *[other] { $days } days
} old: pages show a warning next to every dong figure until newer rates are imported.
rates-nothing-imported = Nothing was imported: correct the lines below and send the file again.
rates-date = Date
rates-buying = Buying
rates-transfer = Transfer
rates-selling = Selling
rates-source = Source
rates-imported = imported
rates-shipped = shipped with the platform
rates-how-used = Dong per yen. Take-home pay converts at the buying rate (the bank buys the yen the worker sends home); fees the worker must pay in yen at the selling rate (the worker buys yen); the fee-cap check values fees in dong in yen at the buying rate, the stricter choice.
rates-import = Import rates
rates-format = CSV with the header date,currency,buying,transfer,selling,source (optionally verification). Rates in dong per yen with two decimals, for example 2026-11-20,JPY,171.70,173.44,182.61,"Vietcombank | https://…". Transfer may be empty. A rate without verification counts as copied from the bank's own table; mark press reports secondary.
rates-error-not_utf8 = The file is not UTF-8 text.
rates-error-bad_csv = The line is not valid CSV.
rates-error-missing_column = A column is missing from the header.
rates-error-unknown_column = The header has an unknown column.
rates-error-not_a_date = The date is not a date (YYYY-MM-DD).
rates-error-date_in_future = The date is after today.
rates-error-unsupported_currency = Only rates for the yen (JPY) are used.
rates-error-missing_rate = The rate is missing.
rates-error-not_a_rate = The rate is not a number of dong with at most two decimals.
rates-error-selling_below_buying = The selling rate is below the buying rate.
rates-error-transfer_outside_spread = The transfer rate lies outside buying–selling.
rates-error-unknown_verification = The verification is not verified, secondary or unverified.
rates-error-missing_source = The source is missing.
rates-error-duplicate_date = The date appears twice.
rates-error-no_rates = The file has no rates.
jobs-rate-of = (rate of { $date })
