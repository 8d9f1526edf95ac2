-- The insurance schemes a posting states (issue 12 item 7), as the JSON of core's `PostingInsurance`:
-- the health insurer (Kyokai Kenpo by default; a health-insurance society with the employee rates the
-- employer declares; National Health Insurance with National Pension where the workplace is not covered)
-- and the employment-insurance business type. '{}' = the defaults.
ALTER TABLE postings ADD COLUMN insurance_json TEXT NOT NULL DEFAULT '{}';
