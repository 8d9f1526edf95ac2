## Idempotency-Key: safe retries of requests that create something
problem-idempotency_key_reused = This Idempotency-Key was used for another request
problem-idempotency_key_reused-detail = A key stands for one request. Send a new key with a changed request.
problem-idempotency_key_in_use = A request with this Idempotency-Key is still running
problem-idempotency_key_in_use-detail = Wait a moment and send it again: you will get its answer.
problem-idempotency_answer_lost = The request with this Idempotency-Key was carried out, but its answer was lost
problem-idempotency_answer_lost-detail = Nothing was created twice. Look the result up before sending a new request.
error-invalid_idempotency_key = Use 1 to { $max } visible ASCII characters, for example a UUID.
error-reused_with_another_request = This key was already used with a different request.
