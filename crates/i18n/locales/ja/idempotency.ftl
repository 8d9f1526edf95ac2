## Idempotency-Key: 作成リクエストの安全な再送
problem-idempotency_key_reused = この Idempotency-Key は別のリクエストに使われています
problem-idempotency_key_reused-detail = キーは 1 つのリクエストに対応します。内容を変えた場合は新しいキーを付けて送信してください。
problem-idempotency_key_in_use = この Idempotency-Key のリクエストはまだ処理中です
problem-idempotency_key_in_use-detail = 少し待ってから再送してください。そのリクエストの結果が返ります。
problem-idempotency_answer_lost = この Idempotency-Key のリクエストは実行されましたが、応答が失われました
problem-idempotency_answer_lost-detail = 二重には作成されていません。新しいリクエストを送る前に結果を確認してください。
error-invalid_idempotency_key = 表示可能な ASCII 文字 1〜{ $max } 文字で指定してください（例：UUID）。
error-reused_with_another_request = このキーはすでに別のリクエストで使われています。
