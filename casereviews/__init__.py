"""casereviews: case reviews for safeguarding partnerships, from referral to published learning."""

__version__ = "0.1.0"
