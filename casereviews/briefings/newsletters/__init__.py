"""Newsletters: items drawn from published briefings and reviews, checked, and published as a
page and a PDF."""
