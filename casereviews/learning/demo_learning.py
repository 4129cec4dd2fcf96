"""Demo findings for the Northshire partnership: learning points written in the manner of
published case review findings (fictional; children by pseudonym only).

Every finding is saved through the findings service, so the theme engine suggests its themes as
it would for a user; then the demo reviewer and business unit accept some, reject one with a
reason and add a theme of their own, so each history shows both the engine and people.
Idempotent: a finding already there (same review, same title) is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casereviews.accounts.models import User
from casereviews.learning import services
from casereviews.learning.models import Finding, TagState, ThemeTag
from casereviews.reviews.models import Review

PARTNERSHIP = "northshire"


@dataclass(frozen=True)
class DemoFinding:
    ref: str
    title: str
    text: str
    accept: tuple[str, ...] = ()  # by the reviewer
    reject: dict[str, str] = field(default_factory=dict)  # by the business unit: theme: reason
    add: dict[str, str] = field(default_factory=dict)  # by the reviewer: theme: reason


FINDINGS: list[DemoFinding] = [
    DemoFinding(
        "Ref053",
        "Home conditions were seen but not understood",
        "Over four years, practitioners from health, education and children's social care "
        "visited the family home and recorded that it was 'cluttered' or 'untidy'. Each visit "
        "was judged on its own. Nobody put the observations together to see the cumulative "
        "neglect: Child F had no bed of his own, there was little food in the house and dental "
        "and optician appointments were repeatedly missed.\n\n"
        "The language used in records softened what was seen. Words such as 'chaotic' and "
        "'struggling' described the mother's circumstances rather than the standard of care "
        "Child F was receiving. A chronology was not started until the final referral.",
        accept=("neglect", "recording"),
        reject={
            "thresholds-referrals": "The final referral was made promptly; the learning is "
            "about seeing the neglect that came before it"
        },
    ),
    DemoFinding(
        "Ref053",
        "The mother's account was accepted without checking",
        "When concerns were raised, the mother explained that Child F was being home educated "
        "and that his absence from school was agreed. Practitioners accepted her account "
        "without checking it with the school or the local authority's elective home education "
        "team. There was a pattern of appointments being cancelled at short notice, followed "
        "by brief periods of cooperation when a case conference was due. This looked like "
        "disguised compliance, but it was not named or challenged.\n\n"
        "Practitioners told the review that they 'thought the best' of the mother because she "
        "had herself been in care. Professional curiosity was displaced by sympathy for the "
        "parent.",
        accept=("professional-curiosity", "parental-engagement"),
    ),
    DemoFinding(
        "Ref053",
        "Child F was not seen or heard",
        "Child F was rarely seen alone. Home visits took place in the kitchen with his mother "
        "present, and on three occasions practitioners accepted that he was asleep upstairs. "
        "His wishes and feelings were not recorded in any assessment, and nobody asked what a "
        "day in his life was like. The voice of the child was absent from the core group's "
        "discussion, which focused on the mother's needs.\n\n"
        "His stepfather lived in the household for most of the period under review but was "
        "not included in any assessment.",
        accept=("voice-of-child", "fathers-men"),
        reject={"recording": "This is about who was seen and heard, not about the records"},
    ),
    DemoFinding(
        "Ref050",
        "Exploitation was seen as a lifestyle choice",
        "Child C went missing from home eleven times in six months and was found in the "
        "company of adult men on several occasions. Records described her as 'streetwise' and "
        "'putting herself at risk', and one referral said she was 'voting with her feet'. This "
        "language placed responsibility on a 15-year-old for her own sexual exploitation and "
        "meant that the signs of grooming were not recognised.\n\n"
        "Return home interviews were offered but not completed, and the information they could "
        "have given about where she went and who she was with was lost.",
        accept=("adolescents",),
        add={"recording": "The language in the records is part of the learning here"},
    ),
    DemoFinding(
        "Ref050",
        "Information about the adults was held by different agencies",
        "The police held intelligence about two of the men Child C was seen with; the school "
        "knew of older boyfriends from what friends said; the sexual health clinic knew of a "
        "pregnancy test. Each agency assumed that the others knew what it knew. No strategy "
        "discussion was held until the fifth missing episode, and by then the adults had moved "
        "her between addresses in two counties.\n\n"
        "The multi-agency sexual exploitation meeting discussed Child C twice but did not share "
        "its actions with the school.",
        accept=("information-sharing", "adolescents"),
        add={"escalation": "The school's concerns were not escalated when nothing happened"},
    ),
    DemoFinding(
        "Ref054",
        "The children's experience of domestic abuse was not explored",
        "Police attended the home nine times after reports of domestic abuse between the "
        "parents. On each occasion a notification was sent to children's social care, and each "
        "was closed with no further action because the children were 'not present' or 'in bed'. "
        "The cumulative impact on Child G and his siblings of living with coercive control was "
        "not considered, and the case was not heard at MARAC until the mother was seriously "
        "injured.\n\n"
        "The father's alcohol misuse was known to his GP but not shared.\n\n"
        "The school saw Child G most days and noticed that he was often tired and hungry, but "
        "did not know why.",
        reject={
            "information-sharing": "The learning is about the children's experience of the "
            "abuse; what the GP knew is a detail of it"
        },
    ),
]


def _users() -> dict[str, User]:
    wanted = ["business.unit", "reviewer"]
    return {u.username: u for u in User.objects.filter(username__in=wanted)}


def _tag(finding: Finding, theme_id: str) -> ThemeTag | None:
    return finding.tags.filter(theme_id=theme_id).first()


def seed() -> None:
    """Add the demo findings and decisions; running it twice adds nothing."""
    users = _users()
    if len(users) < 2:
        return  # the demo partnership's users are not there: nothing to add to
    reviewer, business_unit = users["reviewer"], users["business.unit"]
    reviews = {
        r.ref: r
        for r in Review.objects.filter(
            partnership__slug=PARTNERSHIP, ref__in={f.ref for f in FINDINGS}
        )
    }
    for spec in FINDINGS:
        review = reviews.get(spec.ref)
        if review is None or review.findings.filter(title=spec.title).exists():
            continue
        finding = services.add_finding(reviewer, review, title=spec.title, text=spec.text)
        for theme_id in spec.accept:
            tag = _tag(finding, theme_id)
            if tag is not None and tag.state == TagState.SUGGESTED:
                services.accept_tag(reviewer, tag)
        for theme_id, reason in spec.reject.items():
            tag = _tag(finding, theme_id)
            if tag is not None and tag.state == TagState.SUGGESTED:
                services.reject_tag(business_unit, tag, reason)
        for theme_id, reason in spec.add.items():
            tag = _tag(finding, theme_id)
            if tag is None or tag.state != TagState.ACCEPTED:
                services.add_theme(reviewer, finding, theme_id, reason)
    seed_report()


REPORT_NAME = "Ref053 overview report (draft).pdf"
REPORT_HTML = """
<h1>Serious Case Review: Child F</h1>
<p>Overview report, draft for the panel. Northshire Safeguarding Partnership.</p>
<h2>Summary of the case</h2>
<p>Child F, aged 12, was found living in conditions of extreme neglect. He had not attended
school for two years and had untreated dental decay. His mother and stepfather were known to
health, education, housing and children's social care over many years.</p>
<h2>Findings</h2>
<h3>Finding 1: Cumulative neglect</h3>
<p>Practitioners saw poor home conditions on many visits but judged each visit on its own, so
the cumulative neglect of Child F was not recognised. Missed health appointments were not
followed up.</p>
<h3>Finding 2: Professional curiosity</h3>
<p>The mother's explanations were accepted without checking. There was little professional
curiosity about home education, and disguised compliance was not named.</p>
<h3>Finding 3: The voice of the child</h3>
<p>Child F was rarely seen alone and his wishes and feelings were not recorded. The stepfather
was not included in any assessment.</p>
<h2>Recommendations</h2>
<p>The partnership should ensure that supervision helps practitioners step back and consider
the whole history of a family, and that chronologies are started early.</p>
"""


def seed_report() -> None:
    """Upload a short fictional overview report for Ref053 (kept under FILES_ROOT)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casereviews.core.pdf import render_pdf
    from casereviews.learning import reports

    review = Review.objects.filter(partnership__slug=PARTNERSHIP, ref="Ref053").first()
    reviewer = User.objects.filter(username="reviewer").first()
    if review is None or reviewer is None:
        return
    if review.reports.filter(original_name=REPORT_NAME).exists():
        return
    upload = SimpleUploadedFile(REPORT_NAME, render_pdf(REPORT_HTML), "application/pdf")
    reports.upload_report(reviewer, review, upload)
