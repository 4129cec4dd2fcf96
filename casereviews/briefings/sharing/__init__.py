"""Dissemination: how each agency shared a briefing, its reach and feedback, and the tracker
across briefings."""
