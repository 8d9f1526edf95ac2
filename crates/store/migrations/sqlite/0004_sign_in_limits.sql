-- Sign-in attempts are reserved in counters before the password is checked, so concurrent
-- guesses cannot pass a limit (a count read before and written after the check could be raced).
-- One row per limit and key: `scope` is pair (account and address), address, account or
-- device; `counter_key` is a keyed hash, so no e-mail or network address is stored in clear.
-- A window starts with its first attempt and `attempts` counts the attempts checked in it
-- that did not succeed.
DROP TABLE sign_in_failures;

CREATE TABLE sign_in_counters (
    scope        TEXT NOT NULL,
    counter_key  TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    attempts     INTEGER NOT NULL,
    PRIMARY KEY (scope, counter_key)
);
CREATE INDEX sign_in_counters_window ON sign_in_counters (window_start);
