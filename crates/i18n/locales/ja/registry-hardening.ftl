## 登録簿の保護：組織の識別情報、検索の制限、求人の連携先
error-identity_by_registry = この項目は許可登録簿に基づくため、規制当局または管理者のみが変更できます。訂正を依頼してください。
error-reference_missing = 参照先の記録が存在しなくなりました。
error-several_organisations_match = 該当する組織が複数あります。一つ選んでください。
posting-partner-hint = 登録簿にある許可番号、法人番号または名称を入力してください。
problem-lookup_rate_limited = 検索回数が多すぎます
problem-lookup_rate_limited-detail = お使いのアドレスからの検索が多すぎます。1分ほど待ってから再度お試しいただくか、ログインしてください。
registry-total-more = { $total } 件を超える組織が見つかりました。語を追加して絞り込んでください。
