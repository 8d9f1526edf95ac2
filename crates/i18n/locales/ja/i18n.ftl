# すべてのページを読み手の言語で（issue 15）。
error-page-without-query = パラメータなしでこのページを開く
