"""Common UK first names for the anonymisation check, read from first_names.txt (shipped in the
package, one name a line; about 1,400 names across the decades and the UK's communities).

The sets:
- FIRST_NAMES: names that, capitalised, are almost always a person ("Kyle", "Chantelle").
- WORD_NAMES: names that are also everyday words, places or parts of organisations' names
  (Will, May, Grace, Hope, Amber, Jordan, India, Victoria, Preston...). The check counts one of
  these as a name only where the words around it say so ("Mother Grace", "partner Will",
  "a girl called Hope"), never from its shape alone.

- PAIR_NAMES: the names that start a "first name and surname" ("Jordan Price", not "Will
  Services").
A partnership adds local names through the check's `extra_names` (they join FIRST_NAMES).
"""

from __future__ import annotations

from importlib import resources


def _load() -> frozenset[str]:
    text = resources.files("casereviews.briefings").joinpath("first_names.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _set_of(words: str) -> frozenset[str]:
    return frozenset(words.split())


ALL_NAMES: frozenset[str] = _load()

# fmt: off
EVERYDAY_WORDS: frozenset[str] = _set_of("""
Will Bill Mark Frank Grant Guy Rob Don Dean Miles Ray Pat Sonny Hunter Chase Carter Mason Bailey
Junior Major Earl Duke Marshall Art Lance Norman Christian Roman Rex Victor Glen Gene Joy Jay
May June April August Summer Autumn Grace Hope Faith Mercy Blessing Precious Trinity Destiny
Amber Dawn Penny Angel Star Sky Justice Charity Gift Sterling Nana Jan Sahara
""")
# Flowers, stones, places, surnames and parts of organisations' names: names only in context,
# but a name when a surname follows ("Jordan Price", "Ruby Smith").
PLACES_AND_SURNAMES: frozenset[str] = _set_of("""
Rose Ruby Pearl Crystal Fern Holly Ivy Iris Olive Violet Willow Heather Hazel Poppy Daisy
Jasmine Lily Skye Raven Phoenix Saffron Eden Rowan Brooke
Jordan India Chelsea Georgia Florence Victoria Kerry Clare Lincoln Austin Paris Sydney Brooklyn
Dakota Savannah Preston Chester Douglas Stanley Leighton Ashton Clayton Kingsley Winston Nelson
Harley Hudson Morgan Taylor Murray Russell Spencer Mitchell Lloyd Howard Gordon Graham Lewis Ellis
Wade Casey Shelby Marley Reese Billie Abu Rio Una Harper
""")
# fmt: on

WORD_NAMES: frozenset[str] = EVERYDAY_WORDS | PLACES_AND_SURNAMES
FIRST_NAMES: frozenset[str] = ALL_NAMES - WORD_NAMES
# What the first-name-and-surname rule takes: every name that is not an everyday word.
PAIR_NAMES: frozenset[str] = ALL_NAMES - EVERYDAY_WORDS
