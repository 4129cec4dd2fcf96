"""Demo quality ratings for two Northshire reviews (fictional): Ref021, published, rated on all
18 markers by the business unit; Ref053, underway, rated part-way by its lead reviewer (the
set-up stage and some of the running). Written through the services; loading twice adds
nothing, because a save that changes nothing writes nothing.
"""

from __future__ import annotations

from casereviews.accounts.models import Partnership, User
from casereviews.reviews.models import Review

from . import selectors, services

M, P, N, Y = "met", "partly_met", "not_met", "not_yet"

REF021 = {
    "referral": (M, "Referred by the hospital two days after the admission."),
    "decision_making": (M, "Sub-group decision minuted with the criteria it applied."),
    "advising_board": (P, "Chair told by email; no briefing for the other partners."),
    "informing_family": (N, "Mother first heard of the review from the police."),
    "clarity_of_purpose": (P, "Terms of reference set; never revisited after the trial."),
    "commissioning": (M, "Independent author; contract sets out deliverables."),
    "governance": (M, "Review panel met monthly, chaired by the business manager."),
    "review_management": (P, "Report seven months late, mostly waiting for the trial."),
    "parallel_processes": (M, "Protocol agreed with the police and the CPS at the start."),
    "assembling_information": (P, "Two GP practices answered after the deadline."),
    "practitioner_involvement": (M, "Learning event well attended; drafts shared."),
    "family_involvement": (N, "Father not approached; mother met the author once."),
    "analysis": (P, "Good account of what happened; less on why it made sense at the time."),
    "report": (M, "Short report with a one-page summary for practitioners."),
    "improvement_action": (P, "Eleven recommendations, three without a measure of success."),
    "board_response": (M, "Written response published with the report."),
    "publication": (M, "Published after the family was told the date."),
    "implementation": (N, "Actions closed on completion; no check of impact yet."),
}

REF053 = {
    "referral": (M, "Notified the day the local authority learned of it."),
    "decision_making": (M, "Recommended to the chair with reasons; agreed within the month."),
    "advising_board": (M, "Partners briefed at the February meeting."),
    "informing_family": (P, "Letter sent; no follow-up visit yet."),
    "clarity_of_purpose": (M, "Terms of reference name four questions."),
    "commissioning": (M, ""),
    "review_management": (P, "Timetable slipping while the criminal case goes on."),
    "family_involvement": (Y, "To be offered once the criminal case ends."),
}


def _save(actor, review: Review, ratings: dict[str, tuple[str, str]]) -> None:
    assessment = selectors.assessment_of(review)
    services.save_ratings(
        actor,
        review,
        {key: {"rating": r, "evidence": e} for key, (r, e) in ratings.items()},
        assessment.version if assessment else None,
    )


def seed() -> None:
    partnership = Partnership.objects.filter(slug="northshire").first()
    if partnership is None:
        return  # the demo partnership is not there: nothing to add to
    reviews = {r.ref: r for r in Review.objects.filter(partnership=partnership)}
    business_unit = User.objects.filter(partnership=partnership, username="business.unit").first()
    if "Ref021" in reviews and business_unit is not None:
        _save(business_unit, reviews["Ref021"], REF021)
    ref053 = reviews.get("Ref053")
    if ref053 is not None and ref053.lead_reviewer is not None:
        _save(ref053.lead_reviewer, ref053, REF053)
