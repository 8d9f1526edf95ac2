# セキュリティとアカウントの設定
account-language = アカウントの言語
account-language-hint = あなたへのお知らせはこの言語で届きます。言語を選んでいない端末では、ページもこの言語で表示されます。
account-language-save = 言語を保存する
account-language-changed = アカウントの言語を保存しました。
