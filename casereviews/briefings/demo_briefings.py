"""Demo briefings for Northshire: a published 7-minute briefing (Ref053) and 6-step briefing
(Ref050), both history (published weeks after their review, in 2017-18), a 7-minute briefing on
the current year's Ref098 published days ago and still being shared, and a draft (Ref054) with
one open anonymisation warning and one dismissed with a reason. Fictional; written through the
services, so they pass the same checks as a user's. Idempotent: a briefing already there (same
review, kind and title) is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casereviews.accounts.models import Partnership, User
from casereviews.core import audit
from casereviews.core.concurrency import save_versioned
from casereviews.reviews.models import Review

from . import redaction, selectors, services
from .models import Briefing, BriefingKind, WarningState

SEVEN_MINUTE_REF053 = {
    "background": (
        "Child F, a 12-year-old boy, lived with Mother and two younger siblings. Over six years "
        "he was seen by the GP, the school nursing service, Children's Social Care and Early "
        "Help. In the winter of 2016 he was found to be severely underweight, with untreated "
        "injuries and no bed of his own. The partnership commissioned a serious case review."
    ),
    "why_it_matters": (
        "Neglect rarely arrives as one incident. Each agency saw a part of Child F's life, and "
        "each part on its own looked manageable. Taken together, the picture was of a child "
        "whose basic needs had not been met for years."
    ),
    "key_points": "\n".join(
        [
            "Look at the whole history, not the latest episode.",
            "A child who is quiet and compliant may be a child who has learnt not to ask.",
            "Agencies assumed that someone else was holding the concern.",
            "Mother's account was accepted without seeing where Child F slept or ate.",
            "Missed health appointments are a safeguarding concern, not an admin issue.",
        ]
    ),
    "things_to_note": (
        "The Graded Care Profile was not used, although neglect was named in three referrals "
        "between March 2014 and June 2016.\n\n"
        "Child F's school attendance fell below 80% for two years; this was recorded but not "
        "shared with the health visitor or the GP."
    ),
    "what_to_do": (
        "- Use the Graded Care Profile whenever neglect is a concern.\n"
        "- See the child's bedroom and the food in the home.\n"
        "- Speak to the child alone, and record what they say in their words.\n"
        "- Escalate through the partnership's resolution protocol when you disagree."
    ),
    "reflective_questions": (
        "What is a day in the life of the child you are most worried about?\n"
        "When did you last see where a child sleeps?\n"
        "Who else knows this family, and what do they know that you do not?"
    ),
}

SIX_STEP_REF050 = {
    "the_case": (
        "Child C, a 16-year-old girl, went missing from home eleven times in nine months. "
        "Each time she returned within two days. Older men gave her lifts, phones and alcohol."
    ),
    "why_review": (
        "The partnership held a case mapping exercise because several agencies held information "
        "about exploitation that was not brought together until Child C disclosed abuse."
    ),
    "what_learned": (
        "Return home interviews were offered but rarely completed, so the pattern of where "
        "Child C went and who she was with was not seen.\n\n"
        "Professionals described Child C as 'putting herself at risk' and 'making choices'. "
        "This language hid that she was a child being groomed."
    ),
    "good_practice": (
        "The school's designated safeguarding lead kept a careful chronology and shared it "
        "with the Multi-Agency Safeguarding Hub. Northshire Police disrupted the adults "
        "involved using child abduction warning notices."
    ),
    "what_changed": (
        "- Return home interviews are now completed by one commissioned service within 72 "
        "hours.\n"
        "- A monthly exploitation panel brings together police, health, education and "
        "Children's Social Care.\n"
        "- Training on the language of exploitation has reached 420 staff."
    ),
    "questions": (
        "How do you describe young people at risk of exploitation in your records?\n"
        "What would you do if a young person you work with had a new phone and older friends?"
    ),
}

DRAFT_REF054 = {
    "background": (
        "Two brothers, Child G and his younger brother, lived with Mother and her partner. "
        "Both boys "
        "witnessed domestic abuse over several years. Child G attended Oakfield Primary School."
    ),
    "why_it_matters": (
        "Children who live with domestic abuse are victims in their own right (Domestic Abuse "
        "Act 2021)."
    ),
    "key_points": "\n".join(
        [
            "Ask about the children whenever police attend a domestic incident.",
            "Fathers and partners must be part of the assessment.",
            "The boys' behaviour in school told their story.",
        ]
    ),
    "things_to_note": (
        "The Mary Seacole Unit at the general hospital treated Mother twice in 2016."
    ),
    "what_to_do": (
        "Share every domestic abuse notification with the school's designated safeguarding lead."
    ),
    "reflective_questions": "What does a child in a home with domestic abuse hear at night?",
}

SEVEN_MINUTE_REF098 = {
    "background": (
        "Child N was five months old when he was taken to hospital with bruising and a "
        "fractured rib. His parents had separated: his father looked after him every weekend, "
        "and a month before, Mother's new partner Mr K had moved in. Mr K had a history of "
        "violence to a former partner that no agency working with the baby knew about."
    ),
    "why_it_matters": (
        "The men in a baby's life are often unseen by the services around the baby. Most "
        "contacts happen with the mother, in the day, at clinics and at home, and the man who "
        "cares for the baby at night is not asked about or assessed."
    ),
    "key_points": "\n".join(
        [
            "Ask who lives in the home and who looks after the baby, every time.",
            "Invite fathers and partners to appointments, and record when they are not seen.",
            "Check what is known about a new partner, not only about the mother.",
            "A bruise on a baby who is not yet mobile is a reason to act the same day.",
        ]
    ),
    "things_to_note": (
        "The health visitor met Mr K once, briefly, at the door. His name was written in the "
        "record without his date of birth, so no check was possible."
    ),
    "what_to_do": (
        "- Record every adult in the household with their full details.\n"
        "- Speak to fathers and partners directly about caring for a crying baby.\n"
        "- Use the bruising in non-mobile babies protocol for any mark on a baby."
    ),
    "reflective_questions": (
        "Who cares for the babies on your caseload at night?\n"
        "When did you last speak to a father without the mother in the room?\n"
        "What do you know about the men in the homes you visit?"
    ),
}

BRIEFINGS = [
    (
        "Ref053",
        BriefingKind.SEVEN_MINUTE,
        "Seeing the whole picture: neglect of a 12-year-old",
        SEVEN_MINUTE_REF053,
        True,
    ),
    (
        "Ref050",
        BriefingKind.SIX_STEP,
        "Exploitation hidden in plain sight",
        SIX_STEP_REF050,
        True,
    ),
    (
        "Ref098",
        BriefingKind.SEVEN_MINUTE,
        "The men in a baby's life",
        SEVEN_MINUTE_REF098,
        True,
    ),
    (
        "Ref054",
        BriefingKind.SEVEN_MINUTE,
        "Sibling witnesses of domestic abuse",
        DRAFT_REF054,
        False,
    ),
]
DISMISSED_REASON = "The Mary Seacole Unit is the name of a hospital ward, not a person."
# The current year's briefings (issue 13) were published this many days before the demo is
# loaded, so agencies are still sharing them; the others are history: published this long after
# their review was (or, never published, completed).
CURRENT = {"Ref098": 10}
AFTER_THE_REVIEW = dt.timedelta(days=21)


def publication_day(review: Review, today: dt.date) -> dt.date | None:
    """The invented day a demo briefing of `review` was published (None: today)."""
    if review.ref in CURRENT:
        return today - dt.timedelta(days=CURRENT[review.ref])
    finished = review.published_on or review.completed_on
    return min(finished + AFTER_THE_REVIEW, today) if finished else None


def publish_on(actor, briefing: Briefing, day: dt.date) -> None:
    """Demo only: the briefing was published on `day`, not on the day of loading (versioned and
    audited like any change)."""
    before = audit.snapshot(briefing)
    briefing.published_on = day
    save_versioned(briefing, briefing.version)
    audit.record_update(
        actor, briefing, before, redact=redaction.text_redactor(briefing.partnership_id)
    )


def seed() -> None:
    partnership = Partnership.objects.filter(slug="northshire").first()
    actor = User.objects.filter(username="business.unit").first()
    if partnership is None or actor is None:
        return
    for ref, kind, title, sections, published in BRIEFINGS:
        review = Review.objects.filter(partnership=partnership, ref=ref).first()
        if review is None:
            continue
        if Briefing.objects.filter(review=review, kind=kind, title=title).exists():
            continue
        if published and not selectors.review_has_findings(review):
            continue  # its findings' seed has not run: a briefing shares what a review found
        briefing = services.create_briefing(actor, review, kind, title=title, sections=sections)
        if published:
            services.publish(actor, briefing, briefing.version)
            day = publication_day(review, timezone.localdate())
            if day is not None:
                briefing.refresh_from_db()
                publish_on(actor, briefing, day)
            continue
        for warning in briefing.warnings.filter(state=WarningState.OPEN):
            if "Seacole" in warning.matched:
                services.dismiss_warning(actor, warning, DISMISSED_REASON)
