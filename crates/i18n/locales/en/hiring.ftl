## The hiring process: states, parties, rejection reasons, notices.

application-state-submitted = Submitted
application-state-screening = Screening
application-state-interview = Interview
application-state-offered = Offered
application-state-accepted = Offer accepted
application-state-contract_signed = Contract signed
application-state-coe_issued = Certificate of eligibility issued
application-state-visa_issued = Visa issued
application-state-departed = Departed
application-state-withdrawn = Withdrawn
application-state-rejected = Not successful
application-state-expired = Offer expired

application-by-worker = you
application-by-employer = the employer
application-by-sending_enterprise = the sending enterprise
application-by-supervising_org = the supervising organisation
application-by-platform = Kakehashi

rejection-reason-position_filled = The position has been filled.
rejection-reason-posting_closed = The job is no longer open.
rejection-reason-japanese_level_not_met = The Japanese level the job requires was not shown.
rejection-reason-skills_test_not_passed = The skills test the job requires was not passed.
rejection-reason-qualifications_not_met = The qualifications the job requires were not shown.
rejection-reason-interview_not_passed = The interview was not successful.
rejection-reason-health_check_not_passed = The required health check was not passed.
rejection-reason-documents_incomplete = Required documents were missing.
rejection-reason-no_response_from_worker = No answer was received from you.
rejection-reason-programme_requirements_not_met = The programme's requirements were not met.

refusal-invalid_transition = This application cannot take that step now: it is at “{ $state }”.
refusal-offer_expired = The time to accept this offer has passed.
error-unknown_state = Unknown step.
error-in_the_past = This date has already passed.
error-does_not_match_offer = This is not the offer on record: read the offer again and accept what it shows.
error-unknown_reason = Choose a reason from the list.
error-not_expected = This field does not belong to this step.

notification-application_screening = Your application for “{ $posting_en }” is being screened.
notification-application_interview = You are invited to an interview for “{ $posting_en }”. The employer or the sending enterprise will tell you when and where.
notification-application_offered = You have an offer for “{ $posting_en }”. Compare it with the job as posted, then accept it or not before the deadline.
notification-application_rejected = Your application for “{ $posting_en }” was not successful. The reason is on your application's page.
notification-application_contract_signed = Your contract for “{ $posting_en }” has been recorded. Check that it matches the offer you accepted.
notification-application_contract_substitution = The contract recorded for “{ $posting_en }” is worse for you than the offer you accepted. Each difference is shown on your application's page; regulators can see it too.
notification-application_coe_issued = The certificate of eligibility for “{ $posting_en }” has been issued.
notification-application_visa_issued = Your visa for “{ $posting_en }” has been issued.
notification-application_departed = Your departure for “{ $posting_en }” is recorded. Have a safe journey.
notification-application_expired = The offer for “{ $posting_en }” expired because it was not accepted in time.
