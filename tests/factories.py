"""factory_boy factories for the whole suite. Data is fictional; children are pseudonyms."""

from __future__ import annotations

import datetime as dt

import factory

from casereviews.accounts.models import Agency, Partnership, User
from casereviews.accounts.roles import Role
from casereviews.referrals.models import Decision, Referral
from casereviews.reviews.models import DecisionOutcome, Delay, Review

PASSWORD = "correct-horse-battery-staple-42"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Shiretown Safeguarding Partnership {n}")
    slug = factory.Sequence(lambda n: f"shiretown-{n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    partnership = factory.SubFactory(PartnershipFactory)
    agency = factory.LazyAttribute(lambda o: AgencyFactory(partnership=o.partnership))
    role = Role.BUSINESS_UNIT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    partnership = factory.SubFactory(PartnershipFactory)
    source_agency = factory.LazyAttribute(lambda o: AgencyFactory(partnership=o.partnership))
    received_on = dt.date(2026, 10, 1)
    is_serious_incident_notification = True
    la_aware_on = dt.date(2026, 9, 28)
    child_pseudonym = factory.Sequence(lambda n: f"Child {chr(65 + n % 26)}{n}")
    age_years = 4
    age_months = 2
    gender = "female"
    locality = "Northampton"
    harm_category = "nai"
    summary = "Significant non-accidental injury to a young child."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    referral = factory.SubFactory(ReferralFactory)
    meeting_on = dt.date(2026, 10, 20)
    outcome = DecisionOutcome.CASE_MAPPING
    rationale = "The case meets the criteria for a case mapping exercise."


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    ref = factory.Sequence(lambda n: f"Ref{100 + n:03d}")
    review_type = DecisionOutcome.SCR
    methodology = "welsh_model"
    summary = "Extreme neglect and cruelty"
    location = "Northampton"
    gender = "male"
    age_years = 12
    status = "underway"
    agreed_on = dt.date(2026, 6, 1)
    initiated_on = dt.date(2026, 6, 15)


class DelayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delay

    review = factory.SubFactory(ReviewFactory)
    noted_on = dt.date(2026, 9, 1)
    reason = "criminal"
    detail = "Trial listed for March."
