"""Covers, not mentions: whole documents, where a theme's words appear without its learning.

Each text is written for this test in the manner of a kind of page met in real reviews (a
summary with a site footer, a safeguarding adult review, a domestic homicide review, a contents
page, a page listing briefings); none is copied from one.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casereviews.analysis import coverage, detect_subject, tag_text
from casereviews.analysis.coverage import Context, HitContext, section_kind
from casereviews.analysis.segment import Section, find_sections, is_quotable, split_sentences
from casereviews.analysis.taxonomy import default_taxonomy

FOOTER = (
    "\n\nIf you are worried that a child is being abused or neglected, contact the NSPCC "
    "helpline on 0808 800 5000.\nCookies | Privacy notice | Vacancies | Contact us\n"
)

CHILD_SUMMARY = (
    "Child L: learning from a local child safeguarding practice review\n\n"
    "Background\n\n"
    "Child L was eleven months old when she was taken to hospital with a fractured skull. "
    "She lived with her mother and her mother's new partner. The family was white British.\n\n"
    "Findings\n\n"
    "The health visitor knew a new partner had moved in, but the partner was never assessed "
    "and no one spoke to him about his history. Police held information about his violence "
    "towards a previous partner that was not shared with health or children's social care. "
    "Bruising seen on the baby at eight months was accepted as accidental without a "
    "paediatric opinion, and no strategy discussion was held.\n\n"
    "Recommendations\n\n"
    "- Practitioners should find out who lives in the home and assess every adult male\n"
    "- Bruising in a non-mobile baby must always lead to a referral to children's social "
    "care\n"
    "- Agencies should share what they know about a partner's violence" + FOOTER
)

SAR = (
    "Safeguarding Adult Review: Mr D\n\n"
    "The Safeguarding Adults Board commissioned this review under section 44 of the Care Act "
    "2014, because Mr D died and there was concern about how agencies worked together. A SAR "
    "referral was made by the hospital. The review was delayed due to criminal proceedings.\n\n"
    "Mr D was 67 and lived alone. He had a long history of alcohol dependence and depression, "
    "and his home showed signs of self-neglect: it was cluttered, cold and dirty. He had a "
    "head injury after a fall in March.\n\n"
    "Learning\n\n"
    "Agencies did not share information: the GP, the ambulance service and adult social care "
    "each knew part of the picture. His mental capacity to make decisions about his care was "
    "assumed and never assessed. No section 42 enquiry was made although three safeguarding "
    "concerns were raised. No one took the lead in a multi-agency meeting."
)

DHR = (
    "Domestic Homicide Review: Ms P\n\n"
    "This domestic homicide review was commissioned by the community safety partnership. "
    "Ms P was killed by her former partner in 2021. She had two children, who now live with "
    "their grandmother; their father was not involved in the review. The children's school "
    "had noticed they were withdrawn.\n\n"
    "Findings\n\n"
    "Ms P disclosed coercive control to her GP twice, but no DASH risk assessment was "
    "completed and she was not referred to MARAC. The perpetrator's stalking after the "
    "separation was treated as a series of separate incidents. Agencies did not share "
    "information about his previous convictions for domestic abuse."
)

CONTENTS = (
    "Contents\n\n"
    "1. Introduction 3\n"
    "2. Neglect and the home 5\n"
    "3. Domestic abuse 8\n"
    "4. The voice of the child 11\n"
    "5. Information sharing 14\n"
    "6. Recommendations 17\n"
    "Glossary 19\n"
)

LISTING = (
    "Learning briefings\n\n"
    "7 minute briefing: Neglect\n"
    "7 minute briefing: Domestic abuse and coercive control\n"
    "7 minute briefing: Child sexual exploitation\n"
    "Learning from reviews: Bruising in non-mobile babies\n"
    "Briefing: Professional curiosity\n"
    "Briefing: Escalation policy\n"
    "Podcast: Supervision and management oversight\n"
    "Podcast: Fathers and male carers\n"
)


def present(text: str) -> set[str]:
    return set(tag_text(text).present_ids())


def test_the_named_wrong_readings_are_read_right():
    assert "parental-mental-health" not in present("The baby suffered abusive head trauma.")
    assert present("No one spoke to the father.") == {"fathers-men"}
    assert "thresholds-referrals" not in present("A SAR referral was made by the hospital.")
    assert "thresholds-referrals" not in present("The mother was given a referral to baby massage.")
    assert "identity-culture" not in present("Names have been changed to protect their identity.")
    assert "adolescents" not in present("The service is open to people aged 16 and over.")
    assert present("Vacancies") == set()
    assert "permanence-drift" not in present("The review was delayed due to criminal proceedings.")
    # the real thing still counts
    assert "thresholds-referrals" in present("No referral was made to children's social care.")
    assert "permanence-drift" in present("The assessment drifted for a year without a plan.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Fathers and male carers were not seen.",
        "No one spoke to the father.",
        "The child's father was not seen or spoken to by any agency.",
        "Nobody had spoken to the mother's partner.",
        "Dad was never seen by the health visitor.",
    ],
)
def test_an_adult_not_seen_or_spoken_to_is_not_the_voice_of_the_child(sentence):
    found = present(sentence)
    assert "voice-of-child" not in found
    assert "fathers-men" in found


@pytest.mark.parametrize(
    "sentence",
    [
        "The child was not seen alone and was not spoken to by her father.",
        "DM was not seen at three of four contacts.",
        "The social worker spoke to the mother but the children were not seen.",
    ],
)
def test_a_child_not_seen_or_spoken_to_is_still_the_voice_of_the_child(sentence):
    assert "voice-of-child" in present(sentence)


def test_an_adult_review_where_carers_were_not_seen_gets_no_childrens_themes():
    text = (
        "Safeguarding Adults Review: Mrs K\n\n"
        "Mrs K was 81 and had dementia; the Care Act assessment named her son as her carer. "
        "The review found that her carers were not seen and that she was not spoken to alone, "
        "so nobody heard what she wanted. Learning: speak to the adult on their own and see "
        "the people who care for them."
    )
    result = tag_text(text)
    assert result.subject == "adult"
    children = {t.id for t in default_taxonomy().themes if t.children_only}
    assert not set(result.present_ids()) & children


def test_a_finding_stated_inline_counts_as_a_finding():
    """ "The review found that ..." and "Learning: ..." in a summary's paragraph weigh as a
    findings section does; the same words told as background weigh less."""
    told = "Background\n\nThe assessment was not shared with the school."
    found = "Background\n\nThe review found that the assessment was not shared with the school."
    lesson = "Background\n\nLearning: the assessment was not shared with the school."
    told_score = tag_text(told).get("information-sharing").score
    assert tag_text(found).get("information-sharing").score > told_score
    assert tag_text(lesson).get("information-sharing").score > told_score


def test_a_child_review_gets_its_themes_and_not_its_footers():
    result = tag_text(CHILD_SUMMARY)
    assert result.subject == "child"
    found = set(result.present_ids())
    assert {"fathers-men", "babies-injury", "information-sharing"} <= found
    assert "neglect" not in found  # "abused or neglected" in the footer
    assert "supervision" not in found  # the "Vacancies" link
    assert "identity-culture" not in found  # a described ethnicity
    for theme in result.present():
        assert theme.why.indicators
        for ev in theme.evidence:
            assert "NSPCC" not in ev.text and "Cookies" not in ev.text


def test_an_adult_review_gets_no_childrens_themes():
    result = tag_text(SAR)
    assert result.subject == "adult"
    found = set(result.present_ids())
    children = {t.id for t in default_taxonomy().themes if t.children_only}
    assert not found & children
    assert "information-sharing" in found
    assert "permanence-drift" not in found  # the review's own delay
    neglect = result.get("neglect")
    assert not neglect.present and (not neglect.why.mentions or neglect.why.reason)


def test_a_domestic_homicide_review():
    result = tag_text(DHR)
    assert result.subject == "domestic-homicide"
    found = set(result.present_ids())
    assert "domestic-abuse" in found
    assert not {"fathers-men", "voice-of-child"} & found


def test_contents_and_listings_cover_nothing():
    assert present(CONTENTS) == set()
    assert present(LISTING) == set()


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        (SAR, "adult"),
        (DHR, "domestic-homicide"),
        (CHILD_SUMMARY, "child"),
        ("The panel met on four occasions.", "none"),
    ],
)
def test_subject(text, subject):
    assert detect_subject(text) == subject


def test_section_kinds():
    assert section_kind("Key findings") == "learning"
    assert section_kind("Recommendations") == "learning"
    assert section_kind("Contents") == "ignore"
    assert section_kind("Glossary of terms") == "ignore"
    assert section_kind("References") == "ignore"
    assert section_kind("Methodology") == "process"
    assert section_kind("Background") == "body"


def test_evidence_is_whole_sentences_best_first_and_not_shared_when_avoidable():
    result = tag_text(CHILD_SUMMARY)
    quoted = [e for t in result.present() for e in t.evidence]
    assert quoted
    for ev in quoted:
        assert is_quotable(ev.text), ev.text
        assert ev.text == CHILD_SUMMARY[ev.start : ev.end]
        assert not ev.text.isupper()
    # a theme's first quotation is its own where it has one of its own: a sentence already
    # quoted for a higher-scoring theme comes after the theme's own sentences
    used: set[str] = set()
    for theme in result.present():
        texts = [e.text for e in theme.evidence]
        if any(t not in used for t in texts):
            assert texts[0] not in used, theme.id
        used.update(texts)


def test_a_bullet_without_a_full_stop_is_its_own_sentence():
    text = "Learning\n\n- The father was not seen\nThe mother was not asked about him.\n"
    texts = [text[s.start : s.end] for s in split_sentences(text)]
    assert "- The father was not seen" in texts
    assert "The mother was not asked about him." in texts


def test_headings_and_reference_lines_are_not_quotable():
    assert not is_quotable("THE INJURIES")
    assert not is_quotable("Findings:")
    assert not is_quotable("3. Domestic abuse ........ 12")
    assert not is_quotable(
        "Department for Education (2018) Working Together to Safeguard Children. London: DfE."
    )
    assert is_quotable("The child was not seen alone at any visit.")
    assert is_quotable("\u2022 The father was not seen")


def test_the_contents_list_does_not_swallow_the_document():
    text = CONTENTS + "\nThe review looked at the care of three children over two years.\n"
    sections = find_sections(text)
    assert sections[0].title == "Contents"
    assert sections[-1].title != "Contents"


def test_pages_of_a_pdf_are_counted_from_its_page_breaks():
    text = "Findings\n\nThe child was not seen.\n\f\nDomestic abuse was not recognised by anyone."
    result = tag_text(text)
    assert result.get("voice-of-child").evidence[0].page == 1
    assert result.get("domestic-abuse").evidence[0].page == 2
    assert (
        tag_text("Domestic abuse was not recognised.").get("domestic-abuse").evidence[0].page
        is None
    )


def test_a_menu_is_not_evidence_and_covers_nothing():
    menu = (
        "Home > Professionals > Learning from reviews\n"
        "Menu: Neglect | Domestic abuse | Exploitation | Voice of the child | Escalation\n\n"
        "Our learning briefings are listed below.\n"
    )
    result = tag_text(menu)
    assert result.present() == []
    assert not is_quotable("Neglect | Domestic abuse | Exploitation | Voice of the child")


def _sentence_bounds_plainly(text: str, start: int, end: int, window: int) -> tuple[int, int]:
    """The hit's rough sentence as first written: the last ". ", line break or "? " before it,
    the first ". ", line break, "? " or "! " after it, each search ending where one was found."""
    lo = max(0, start - window)
    cut = max(text.rfind(". ", lo, start), text.rfind("\n", lo, start), text.rfind("? ", lo, start))
    a = cut + 1 if cut >= 0 else lo
    hi = min(len(text), end + window)
    b = hi
    for mark in (". ", "\n", "? ", "! "):
        k = text.find(mark, end, b)
        if k >= 0:
            b = k + 1
    return a, b


@given(
    st.text(alphabet=st.sampled_from(list("ab .?!\n")), min_size=1, max_size=60),
    st.data(),
)
def test_sentence_bounds_written_out_are_the_plain_ones(text: str, data: st.DataObject) -> None:
    # a hit in a long line is weighed by these bounds: the quick form may not move them
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    ctx = Context(text, [], [[], [], [], []])
    for window in (0, 3, 240):
        ctx.WINDOW = window
        assert ctx.sentence_bounds(start, end) == _sentence_bounds_plainly(text, start, end, window)


# The C scan's `weigh` is `Context.hit` written out in C: the same hits in context, floats
# included, for generated texts (sections, short and long lines, marks near the hits, 2- and
# 4-byte characters) and for the engine's own eval texts.
needs_weigh = pytest.mark.skipif(
    coverage._c_weigh is None, reason="the C scan is not built (make install)"
)
_CHUNKS = [
    "The father was not seen. ",
    "No strategy discussion was held? ",
    "Stop! ",
    "\n",
    "\n\n",
    "Findings\n",
    "CONTENTS\n",
    "- a bullet without a stop\n",
    "a" * 230 + " ",
    "word ",
    "and so on, ",
    "caf\u00e9 na\u00efve ",
    "\U0001f600 ",
    "Home | Cookies | Contact\n",
    "helpline 0808 ",
    "journal 2019 ",
    ". ",
    "",
]


def _both_ways(text: str, sections, markers, clusters, phrases, window=None, short=None) -> None:
    def context() -> Context:
        ctx = Context(text, sections, markers)
        if window is not None:
            ctx.WINDOW, ctx.SHORT_LINE = window, short
        return ctx

    from_c = context().hits(clusters, phrases)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEREVIEWS_SCAN", "python")
        from_python = context().hits(clusters, phrases)
    assert repr(from_c) == repr(from_python)
    assert all(type(h) is HitContext for hs in from_c for h in hs)


@needs_weigh
@given(chunks=st.lists(st.sampled_from(_CHUNKS), min_size=1, max_size=40), data=st.data())
def test_weigh_in_c_is_context_hit(chunks: list[str], data: st.DataObject) -> None:
    text = "".join(chunks)
    n = len(text)
    # positions at and around the marks a sentence is cut at, where an off-by-one would show
    near = sorted(
        {min(n, max(0, k + d)) for k, c in enumerate(text) if c in ".?!\n " for d in (-1, 0, 1, 2)}
    )
    pos = st.one_of(st.integers(0, n), st.sampled_from(near or [0]))
    marker_lists = [sorted(data.draw(st.lists(pos, max_size=12))) for _ in range(4)]
    cuts = sorted(set(data.draw(st.lists(st.integers(0, n), max_size=4))))
    titles = ["Findings", "Contents", "Introduction", "", "Background", "References"]
    sections = [
        Section(
            data.draw(st.sampled_from(titles)),
            a,
            min(b, a + data.draw(st.integers(0, 30))),
            b,
        )
        for a, b in zip(cuts, [*cuts[1:], n], strict=False)
    ]
    clusters = []
    for _ in range(data.draw(st.integers(0, 3))):
        lst = []
        for _ in range(data.draw(st.integers(0, 6))):
            start = data.draw(pos)
            end = data.draw(st.one_of(st.integers(start, n), pos.filter(start.__le__)))
            first_end = data.draw(st.integers(start, end))
            miss = data.draw(st.sampled_from([0.0, 0.6, 0.36, 0.001, 0.5999999]))
            lst.append((miss, start, first_end, end, 1.0 - miss, data.draw(st.integers(0, 2))))
        clusters.append(lst)
    window = data.draw(st.sampled_from([0, 1, 3, 20, 240]))
    short = data.draw(st.sampled_from([0, 10, 40, 200]))
    _both_ways(text, sections, marker_lists, clusters, ("p0", "p1", "p2"), window, short)


@needs_weigh
def test_weigh_in_c_is_context_hit_on_the_eval_texts() -> None:
    from casereviews.analysis.evaluate import load_split
    from casereviews.analysis.tagger import SAMPLE, matcher_for

    tax = default_taxonomy()
    matcher = matcher_for(tax)
    n = len(tax.themes)
    for item in load_split("real_dev")[:120]:
        clusters, _counts = matcher.sample(item.text, SAMPLE)
        markers = [sorted(c[1] for c in lst) for lst in clusters[n:]]
        _both_ways(item.text, find_sections(item.text), markers, clusters[:n], matcher.phrases)


@needs_weigh
@pytest.mark.parametrize(
    "text", ["ab. c? d! e\nf. g", "x.  y?\n\n! z. ", "\u00e9. \U0001f600? a! b"]
)
def test_weigh_in_c_is_context_hit_at_every_position(text: str) -> None:
    # every hit span of a short text, a marker at each place, windows that end on the marks:
    # an off-by-one in the sentence bounds of either would show here
    n = len(text)
    cluster = [(0.0, s, e, e, 1.0, 0) for s in range(n + 1) for e in range(s, n + 1)]
    for m in range(n + 1):
        for kind in (0, 3):  # a boilerplate marker, a marker of a stated problem
            markers = [[], [], [], []]
            markers[kind] = [m]
            for window in (0, 1, 2, 3, 240):
                _both_ways(text, [], markers, [cluster], ("p",), window, 0)


def test_how_the_review_was_done_covers_nothing():
    """Sentences about the review's own process (its terms of reference, the agencies' reports
    to it, the learning event, the names changed, the inquest that held it up) and a site's
    emergency footer are not findings, even in a paragraph under "Learning"."""
    process = (
        "Learning from the review\n\n"
        "The terms of reference asked how agencies shared information and recorded decisions. "
        "Agencies wrote individual management reviews and chronologies for the review "
        "subgroup. A learning event was held with practitioners. The report refers to the "
        "children by pseudonyms. Publication waited for the inquest and criminal proceedings.\n\n"
        "Report a concern to the front door. If a child is in immediate danger, call 999.\n"
    )
    result = tag_text(process)
    assert result.present() == []
    assert result.get("thresholds-referrals").why.mentions == 0  # "refers to", "front door"
    finding = process.replace(
        "Report a concern",
        "The school did not share what it knew with the health visitor, and the GP was not told "
        "about the injuries.\n\nReport a concern",
    )
    assert "information-sharing" in tag_text(finding).present_ids()


def test_a_paragraph_about_how_the_review_was_done_covers_nothing_but_its_findings():
    """A paragraph (one line, as HTML, Markdown and Word give it) that tells how the review was
    done counts for nothing in all its sentences; a finding stated in it still counts."""
    paragraph = (
        "The review was held up by criminal proceedings for eight months. Information was "
        "shared with the panel under the partnership's information sharing agreement, and "
        "every agency sent a chronology and a summary of what it knew about the family."
    )
    assert "information-sharing" not in tag_text(paragraph).present_ids()
    with_finding = paragraph + (
        " The review found that the school did not share its concerns with the health "
        "visitor, and that the GP was not told about the earlier injuries."
    )
    assert "information-sharing" in tag_text(with_finding).present_ids()


def test_a_domestic_homicide_review_names_domestic_abuse_before_it_is_taken_as_covered():
    """In a DHR, domestic abuse is covered when the text names it; "victim" or "violence"
    alone (a page about the review's process) is not enough."""
    process = (
        "Domestic homicide review: Ms R\n\n"
        "The Community Safety Partnership commissioned this domestic homicide review after the "
        "death of the victim in her home. The review panel met five times and spoke to her "
        "sister. The report will be published once the Home Office quality assurance panel has "
        "read it.\n"
    )
    result = tag_text(process)
    assert result.subject == "domestic-homicide"
    assert "domestic-abuse" not in result.present_ids()
    named = process + "\nThe GP did not ask about coercive control when she came in with bruises.\n"
    assert "domestic-abuse" in tag_text(named).present_ids()


def test_a_page_about_what_a_dhr_is_does_not_get_domestic_abuse():
    """ADR 0051: the statute, what a DHR is for and its statistics name domestic abuse without
    any learning about it; a sentence that says what failed does state it."""
    page = (
        "Domestic homicide reviews\n\n"
        "The Domestic Violence, Crime and Victims Act 2004 says a review must be considered when "
        "someone aged 16 or over has, or appears to have, died as a result of violence, abuse or "
        "neglect by a relative, partner or household member.\n\n"
        "Each domestic homicide review aims to learn how agencies can improve their response to "
        "domestic abuse. Reviews are held in the cases of victims who took their own life where "
        "there was a history of domestic abuse; last year 40 victims and 38 perpetrators were "
        "counted.\n\n"
        "Lessons learned from deaths due to domestic violence help us improve.\n"
    )
    result = tag_text(page)
    assert result.subject == "domestic-homicide"
    assert "domestic-abuse" not in result.present_ids()
    stated = page + "\nThe police did not refer the repeated DV incidents to MARAC.\n"
    assert "domestic-abuse" in tag_text(stated).present_ids()


def _theme(text, theme_id):
    return next(t for t in tag_text(text).themes if t.id == theme_id)


def test_dv_counts_for_domestic_abuse_only_with_a_word_about_abuse():
    """ "DV" is how practitioners write domestic violence, and also a child's initials."""
    written = _theme(
        "Findings\n\nThe health visitor did not ask the mother about DV although the police had "
        "recorded two DV incidents at the address.\n",
        "domestic-abuse",
    )
    assert "~ domestic abuse abbreviated" in written.why.indicators
    initials = _theme(
        "Findings\n\nChild DV was not seen alone at any visit. DV's views were never recorded and "
        "the school did not know he had moved. Practitioners should speak to DV on his own.\n",
        "domestic-abuse",
    )
    assert not any(i.startswith("~") for i in initials.why.indicators)


def test_joint_working_named_in_a_procedure_is_not_information_sharing():
    """ADR 0051: "multi-agency working" and "joint working" named in a procedure are weak; the
    same words in a sentence that says what went wrong are the learning."""
    procedure = _theme(
        "Resolving professional disagreements\n\n"
        "Good multi-agency working depends on open relationships between agencies. The pre-birth "
        "liaison meeting promotes joint working between midwives and social workers. Disagreements "
        "should be resolved at the lowest level, within five working days.\n",
        "information-sharing",
    )
    assert not any(i.startswith("~") for i in procedure.why.indicators)
    finding = _theme(
        "Findings\n\nJoint working between the GP and the health visitor was poor, and there "
        "was no liaison between the school and the police about the assaults.\n",
        "information-sharing",
    )
    assert "~ agencies working together, and what went wrong" in finding.why.indicators
    assert finding.score > procedure.score


def test_naming_services_is_not_information_sharing():
    """Adult social care or the team around the family named as who was involved is not a
    finding about information sharing; saying what was not passed on is."""
    named = [
        "Findings\n\nThe mother, who had a worker from adult social care, missed the baby's "
        "health checks and the baby's weight fell for three months without anyone acting on it.\n",
        "Findings\n\nThe team around the family met monthly. Nobody asked the children what "
        "life at home was like and they were never seen alone.\n",
    ]
    for text in named:
        assert "information-sharing" not in tag_text(text).present_ids()
    finding = named[0] + (
        "\nAdult social care knew of the father's violence but did not share it with the health "
        "visitor, and the GP was not told.\n"
    )
    assert "information-sharing" in tag_text(finding).present_ids()


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        (
            "The IMR from the health trust identified that the school did not share its "
            "concerns with the GP or the health visitor.",
            "information-sharing",
        ),
        (
            "Practitioners at the learning event said that they had not had supervision for "
            "months and that managers did not review their cases.",
            "supervision",
        ),
    ],
)
def test_what_a_source_told_the_review_is_a_finding(sentence, theme):
    """A sentence that reports what the review learned from its sources (an agency's management
    review, the practitioners' learning event) is a finding, though it names the process."""
    assert theme in tag_text("Findings\n\n" + sentence + "\n").present_ids()
