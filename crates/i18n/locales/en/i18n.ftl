# Every page in the reader's language (issue 15).
error-page-without-query = Open this page without the parameters
disclosure-source-posting = The posting, as published by the employer
disclosure-explain-gross_pay = Scheduled monthly wage plus the monthly allowances
disclosure-explain-rent = Deducted from pay each month
disclosure-explain-utilities = Deducted from pay each month
disclosure-explain-meals = Deducted from pay each month
disclosure-explain-take_home = { $net } (net pay in the first year) − { $own } (rent, utilities, meals)
disclosure-explain-employer_cost_share = { $others } borne by the employer and intermediaries ÷ { $all } of all recruitment costs
