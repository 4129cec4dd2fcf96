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
    # The sub-group's year and the annual report (issue 10)
    VIEW_SUBGROUP = (
        "casereviews.view_subgroup",
        "See the sub-group's meetings, health checks, terms of reference and own plan",
    )
    MANAGE_SUBGROUP = (
        "casereviews.manage_subgroup",
        "Record meetings, health checks, terms of reference and priorities",
    )
    VIEW_ANNUAL_REPORT = "casereviews.view_annual_report", "See and download the annual report"
    WRITE_ANNUAL_REPORT = "casereviews.write_annual_report", "Write the annual report's narrative"
    EXPORT = "casereviews.export", "Export the register and referrals"
    VIEW_AUDIT_LOG = "casereviews.view_audit_log", "Read the audit log"
    MANAGE_ACCOUNTS = "casereviews.manage_accounts", "Manage agencies and users"
    # Background jobs (core.jobs): everyone follows their own; this sees the partnership's
    VIEW_PARTNERSHIP_JOBS = "casereviews.view_partnership_jobs", "Follow everyone's jobs"
    # Findings and themes (obj: the review)
    VIEW_FINDINGS = "casereviews.view_findings", "See a review's findings and themes"
    CHANGE_FINDINGS = (
        "casereviews.change_findings",
        "Write findings, upload reports and decide their themes",
    )
    # Recommendations and the composite action plan
    VIEW_ACTION_PLAN = "casereviews.view_action_plan", "See the composite action plan"
    CHANGE_RECOMMENDATIONS = (
        "casereviews.change_recommendations",
        "Write a review's recommendations",  # obj: the review
    )
    ADD_ACTION = "casereviews.add_action", "Add actions (an agency lead: their own agency's)"
    VIEW_ACTION = "casereviews.view_action", "See an action and its evidence"  # obj: the action
    UPDATE_ACTION = "casereviews.update_action", "Update an action"  # obj: the action
    VIEW_ESCALATION = "casereviews.view_escalation", "See overdue actions by agency"
    IMPORT_ACTIONS = "casereviews.import_actions", "Import an action tracker"
    EXPORT_ACTIONS = "casereviews.export_actions", "Export the action plan"
    # Briefings, dissemination, newsletters
    VIEW_BRIEFINGS = "casereviews.view_briefings", "See the published briefings"
    VIEW_BRIEFING = "casereviews.view_briefing", "See a briefing"  # obj: the briefing
    ADD_BRIEFING = "casereviews.add_briefing", "Write a briefing"  # obj: the review
    CHANGE_BRIEFING = "casereviews.change_briefing", "Change a draft briefing"  # obj: briefing
    PUBLISH_BRIEFING = "casereviews.publish_briefing", "Publish a briefing"  # obj: briefing
    RECORD_DISSEMINATION = (
        "casereviews.record_dissemination",
        "Record how an agency shared a briefing",  # obj: the briefing
    )
    TRACK_DISSEMINATION = (
        "casereviews.track_dissemination",
        "See which agencies have confirmed sharing each briefing",
    )
    MANAGE_NEWSLETTERS = "casereviews.manage_newsletters", "Write and publish newsletters"
    VIEW_NEWSLETTER = "casereviews.view_newsletter", "Read a newsletter"  # obj: the newsletter
    # Case audits (seed 000's nine-theme tool): obj the audit, where there is one
    VIEW_CASE_AUDITS = "casereviews.view_case_audits", "Use the case audit tool"
    START_CASE_AUDIT = "casereviews.start_case_audit", "Start a case audit"
    VIEW_CASE_AUDIT = "casereviews.view_case_audit", "See a case audit"  # obj: the audit
    CHANGE_CASE_AUDIT = "casereviews.change_case_audit", "Fill in a draft case audit"  # obj
    REOPEN_CASE_AUDIT = (
        "casereviews.reopen_case_audit",
        "Return a completed case audit to draft",  # obj: the audit
    )
    SIGN_OFF_CASE_AUDIT = "casereviews.sign_off_case_audit", "Sign off a case audit"  # obj
    DOWNLOAD_CASE_AUDIT = (
        "casereviews.download_case_audit",
        "Download a completed case audit for the case record",  # obj: the audit
    )
    MANAGE_AUDIT_FRAMEWORK = (
        "casereviews.manage_audit_framework",
        "Adapt the partnership's case audit framework",
    )
    VIEW_CASE_AUDIT_SUMMARY = (
        "casereviews.view_case_audit_summary",
        "See what case audits add up to (no individual cases)",
    )
    RAISE_AUDIT_ACTION = (
        "casereviews.raise_audit_action",
        "Raise a case audit's next action into the action plan",  # obj: the audit
    )
    # Review quality markers (F16): obj the review
    VIEW_REVIEW_QUALITY = (
        "casereviews.view_review_quality",
        "See a review's quality markers",  # obj: the review
    )
    RATE_REVIEW_QUALITY = (
        "casereviews.rate_review_quality",
        "Rate a review against the quality markers",  # obj: the review
    )
    # The national repository summary (F7, docs/adr/0040): obj the review
    VIEW_REPOSITORY_SUMMARY = (
        "casereviews.view_repository_summary",
        "See a published review's national repository summary",  # obj: the review
    )
    CHANGE_REPOSITORY_SUMMARY = (
        "casereviews.change_repository_summary",
        "Edit a published review's national repository summary",  # obj: the review
    )
    VIEW_QUALITY_SUMMARY = (
        "casereviews.view_quality_summary",
        "See where the partnership's reviews are weakest against the quality markers",
    )
    # Self-assessment against practice issues (seed 003): obj the assessment, where there is one
    VIEW_SELF_ASSESSMENTS = "casereviews.view_self_assessments", "See self-assessments"
    START_SELF_ASSESSMENT = (
        "casereviews.start_self_assessment",
        "Start a self-assessment (an agency lead: for their agency)",
    )
    VIEW_SELF_ASSESSMENT = "casereviews.view_self_assessment", "See a self-assessment"  # obj
    CHANGE_SELF_ASSESSMENT = (
        "casereviews.change_self_assessment",
        "Answer a draft self-assessment",  # obj: the assessment
    )
    MANAGE_ISSUE_SETS = "casereviews.manage_issue_sets", "Add a set of practice issues"
    VIEW_SELF_ASSESSMENT_PICTURE = (
        "casereviews.view_self_assessment_picture",
        "See the partnership's self-assessment ratings by issue and agency",
    )
    REOPEN_SELF_ASSESSMENT = (
        "casereviews.reopen_self_assessment",
        "Reopen a completed self-assessment, with a reason",  # obj: the assessment
    )
    RAISE_SELF_ASSESSMENT_ACTION = (
        "casereviews.raise_self_assessment_action",
        "Raise a self-assessment's improvement action into the action plan",  # obj: assessment
    )
    # Multi-agency (joint) case audits (docs/adr/0026): obj the joint audit, where there is one
    START_JOINT_AUDIT = "casereviews.start_joint_audit", "Convene a multi-agency case audit"
    VIEW_JOINT_AUDIT = "casereviews.view_joint_audit", "See a multi-agency case audit"  # obj
    LINK_JOINT_AUDIT = (
        "casereviews.link_joint_audit",
        "Link an agency's case audit to a multi-agency audit",  # obj: the joint audit
    )
    RECORD_JOINT_DISCUSSION = (
        "casereviews.record_joint_discussion",
        "Record a multi-agency audit's joint discussion",  # obj: the joint audit
    )
    RAISE_JOINT_ACTION = (
        "casereviews.raise_joint_action",
        "Raise an agreed joint audit's actions into the action plan",  # obj: the joint audit
    )
    DOWNLOAD_JOINT_AUDIT = (
        "casereviews.download_joint_audit",
        "Download an agreed multi-agency audit for the case record",  # obj: the joint audit
    )
    # Events and training (F9, docs/adr/0029): obj the event, where there is one
    VIEW_EVENTS = "casereviews.view_events", "See events and training"
    # The learning library (F13, docs/adr/0038): each result obeys its own page's rule
    SEARCH_LIBRARY = "casereviews.search_library", "Search the learning library"
    BOOK_EVENT = "casereviews.book_event", "Book a place at an event for yourself"  # obj
    MANAGE_EVENTS = (
        "casereviews.manage_events",
        "Plan events, book for others, keep the register and import sign-in sheets",
    )
    VIEW_EVENT_EVALUATION = (
        "casereviews.view_event_evaluation",
        "See attendance by agency and the evaluation of events",
    )
    # Analysis across reviews (F14, docs/adr/0039)
    VIEW_INSIGHTS = (
        "casereviews.view_insights",
        "See themes across the partnership's reviews, beside the national corpus",
    )
