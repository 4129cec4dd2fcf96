"""Roles and permissions as enums; `permissions.py` gives each permission its rule."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    BUSINESS_UNIT = "business_unit", "Business unit"
    SUBGROUP_MEMBER = "subgroup_member", "Sub-group member (agency lead)"
    REVIEWER = "reviewer", "Reviewer"
    PRACTITIONER = "practitioner", "Practitioner"


class Permission(models.TextChoices):
    """Every permission the views ask about. Object permissions take the record as `obj`."""

    VIEW_REGISTER = "casereviews.view_register", "See the register and dashboard"
    VIEW_REFERRALS = "casereviews.view_referrals", "See referrals"
    ADD_REFERRAL = "casereviews.add_referral", "Record a referral"
    CHANGE_REFERRAL = "casereviews.change_referral", "Change a referral"
    RECORD_DECISION = "casereviews.record_decision", "Record a decision"
    VIEW_REVIEW = "casereviews.view_review", "See a review"
    CHANGE_REVIEW = "casereviews.change_review", "Change a review"
    RESTRICT_REVIEW = "casereviews.restrict_review", "Restrict a review"
    ADD_DELAY = "casereviews.add_delay", "Record a delay"
    VIEW_BRIEFING_PAPER = "casereviews.view_briefing_paper", "See the sub-group briefing paper"
    EXPORT = "casereviews.export", "Export the register and referrals"
    VIEW_AUDIT_LOG = "casereviews.view_audit_log", "Read the audit log"
    MANAGE_ACCOUNTS = "casereviews.manage_accounts", "Manage agencies and users"
