"""The head and body thresholds every reader shares, each named once with its why.

A reader may use a different bound only where it has evidence the shared stages lack (the
HTML reader's heading tags, for instance); it says so beside its own constant.
"""

from __future__ import annotations

# why: headlines run 5-20 words; past 30 a block is a sentence of body copy.
HEADLINE_MAX_WORDS = 30
# why: a standfirst is a sentence or two; longer text before the body is body copy.
STANDFIRST_MAX_WORDS = 80
# why: a deck is more than a label or a date line; without a dateline, a standfirst is told
# from a first paragraph by its missing full stop and by being more than a subheading.
STANDFIRST_MIN_WORDS = 6
# why: subheadings are a few words ("Slow-motion coup in Venezuela"); 12 leaves room for
# "1. BAHAMIANS BEGIN RESCUES AS DORIAN MOVES ON TOWARD US COAST".
SUBHEADING_MAX_WORDS = 12
# why: a byline is a name or two with a title or an affiliation; longer is a sentence.
BYLINE_MAX_WORDS = 14
