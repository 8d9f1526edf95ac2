## Registry hardening: identity fields, look-up limits, partners of a posting
error-identity_by_registry = Only a regulator or an administrator can change this (it comes from the licence register). Ask them for a correction.
error-reference_missing = A record this refers to no longer exists.
error-several_organisations_match = Several organisations match: choose one.
posting-partner-hint = Licence number, enterprise code or name, as in the registry.
problem-lookup_rate_limited = Too many look-ups
problem-lookup_rate_limited-detail = Too many look-ups have come from your address. Wait a minute and try again, or sign in.
registry-total-more = More than { $total } organisations found: add words to narrow the search.
