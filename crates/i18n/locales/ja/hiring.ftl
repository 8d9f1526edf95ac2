## 採用の流れ：段階、当事者、不採用の理由、お知らせ。

application-state-submitted = 応募済み
application-state-screening = 書類選考中
application-state-interview = 面接
application-state-offered = 内定の提示
application-state-accepted = 内定を承諾
application-state-contract_signed = 契約締結
application-state-coe_issued = 在留資格認定証明書の交付
application-state-visa_issued = 査証の発給
application-state-departed = 出国
application-state-withdrawn = 辞退
application-state-rejected = 不採用
application-state-expired = 内定の期限切れ

application-by-worker = あなた
application-by-employer = 雇用主
application-by-sending_enterprise = 送出機関
application-by-supervising_org = 監理・支援機関
application-by-platform = Kakehashi

rejection-reason-position_filled = 募集人数に達しました。
rejection-reason-posting_closed = 募集は終了しました。
rejection-reason-japanese_level_not_met = 求人が求める日本語の水準が確認できませんでした。
rejection-reason-skills_test_not_passed = 求人が求める技能試験に合格していません。
rejection-reason-qualifications_not_met = 求人が求める資格が確認できませんでした。
rejection-reason-interview_not_passed = 面接の結果、採用に至りませんでした。
rejection-reason-health_check_not_passed = 必要な健康診断の基準を満たしませんでした。
rejection-reason-documents_incomplete = 必要な書類がそろっていません。
rejection-reason-no_response_from_worker = ご本人からの返答がありませんでした。
rejection-reason-programme_requirements_not_met = 制度の要件を満たしていません。

refusal-invalid_transition = この応募は今その段階に進めません（現在：「{ $state }」）。
refusal-offer_expired = この内定の承諾期限は過ぎています。
error-unknown_state = 不明な段階です。
error-in_the_past = この日付はすでに過ぎています。
error-does_not_match_offer = 記録された内定と一致しません。内定の内容を読み直し、表示されたものを承諾してください。
error-unknown_reason = 一覧から理由を選んでください。
error-not_expected = この項目はこの段階には使えません。

notification-application_screening = 「{ $posting_ja }」への応募は書類選考中です。
notification-application_interview = 「{ $posting_ja }」の面接に招待されました。日時と場所は雇用主または送出機関から連絡があります。
notification-application_offered = 「{ $posting_ja }」の内定が提示されました。求人の内容と比べてから、期限までに承諾するかどうか決めてください。
notification-application_rejected = 「{ $posting_ja }」への応募は不採用となりました。理由は応募のページにあります。
notification-application_contract_signed = 「{ $posting_ja }」の契約が記録されました。承諾した内定と同じか確認してください。
notification-application_contract_substitution = 「{ $posting_ja }」で記録された契約は、承諾した内定よりあなたに不利です。違いは応募のページに一つずつ示され、監督機関にも表示されます。
notification-application_coe_issued = 「{ $posting_ja }」の在留資格認定証明書が交付されました。
notification-application_visa_issued = 「{ $posting_ja }」の査証が発給されました。
notification-application_departed = 「{ $posting_ja }」への出国が記録されました。どうぞお気をつけて。
notification-application_expired = 「{ $posting_ja }」の内定は、期限までに承諾されなかったため失効しました。
