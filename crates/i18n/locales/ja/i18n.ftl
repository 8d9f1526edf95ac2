# すべてのページを読み手の言語で（issue 15）。
error-page-without-query = パラメータなしでこのページを開く
disclosure-source-posting = 雇用主が公開した求人
disclosure-explain-gross_pay = 所定の月給と毎月の手当の合計
disclosure-explain-rent = 毎月の給与から控除
disclosure-explain-utilities = 毎月の給与から控除
disclosure-explain-meals = 毎月の給与から控除
disclosure-explain-take_home = { $net }（1年目の手取り）− { $own }（家賃・光熱費・食費）
disclosure-explain-employer_cost_share = 雇用主と仲介機関が負担する { $others } ÷ 募集費用の総額 { $all }
