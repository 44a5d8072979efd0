"""The article locator: the story's run of prose inside a page of text, and no-op on clean copy.

Pages here are invented; each test names the behaviour it pins.
"""

from __future__ import annotations

import pytest

import wireparse
from wireparse.knowledge.pagetext import closers, is_closer, page_language, stopwords

MENU = "\n".join(["Home", "World", "Business", "Sport", "Science", "Culture", "Opinion",
                  "Video", "Podcasts", "Newsletters", "Search", "Sign in"])
STORY = [
    "MADRID — Rafael Nadal kept his title on the clay of the Caja Magica on Sunday, beating a "
    "younger rival in three long sets before a crowd that stayed on its feet for the last game.",
    "The match turned in the second set, when the defending champion saved four break points "
    "in a row and then broke serve himself with a forehand down the line.",
    "“It was a day when the legs answered,” he told reporters afterwards, adding that he would "
    "rest for a week before the next tournament in Rome.",
    "His opponent said he had learned more from the defeat than from any of his wins this year, "
    "and that he hoped to meet the champion again in Paris next month.",
]
RELATED = "\n".join(["Related stories",
                     "Young rival storms into first Masters final",
                     "Clay season schedule announced for next spring",
                     "Ticket prices rise again at the Madrid Open"])
FOOTER = "\n".join(["About us", "Contact", "Privacy policy", "Terms of use",
                    "© 2026 The Daily Example. All rights reserved."])


def page(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def test_a_dateline_in_the_middle_of_a_page_is_found() -> None:
    text = page("The Daily Example", MENU, "Tennis",
                "Nadal keeps his Madrid title after three sets", "By Jane Roe",
                *STORY, RELATED, FOOTER)
    article = wireparse.parse(text, input_format="text")
    assert article.dateline is not None and article.dateline.city == "Madrid"
    assert article.body[0].text.startswith("Rafael Nadal kept his title")
    assert [b.text[:20] for b in article.body] == [s[9:29] if i == 0 else s[:20]
                                                  for i, s in enumerate(STORY)]


def test_menus_related_lists_and_footers_are_left_out() -> None:
    text = page("The Daily Example", MENU, *STORY, RELATED, FOOTER)
    article = wireparse.parse(text, input_format="text")
    body = " ".join(b.text for b in article.body)
    for chrome in ("Podcasts", "Young rival storms", "Privacy policy", "All rights reserved"):
        assert chrome not in body
    reasons = {d.text: d.reason for d in article.decisions}
    assert reasons["Home"] == "locate: page chrome before the article"
    assert reasons["Clay season schedule announced for next spring"].startswith(("locate", "junk"))


def test_comments_after_the_story_are_not_the_story() -> None:
    comments = page("Comments (3)",
                    "jo_b", "I think the crowd made the difference in the end, as it always "
                    "does when he plays at home in front of his own people.",
                    "mark77", "What a match that was, one of the best I have seen on clay in "
                    "years and I have been watching since the nineties.")
    text = page("The Daily Example", MENU, *STORY, comments, FOOTER)
    article = wireparse.parse(text, input_format="text")
    assert len(article.body) == len(STORY)
    assert "crowd made the difference" not in " ".join(b.text for b in article.body)


def test_clean_copy_is_left_whole() -> None:
    """On wire copy the locator cuts nothing: a short last line and a table stay in."""
    text = page("Nadal keeps his Madrid title", *STORY, "Final: 6-4 3-6 7-5",
                "He plays again on Tuesday.")
    article = wireparse.parse(text, input_format="text")
    assert article.headline == "Nadal keeps his Madrid title"
    assert article.body[-1].text == "He plays again on Tuesday."
    assert not any(d.reason.startswith("locate") for d in article.decisions)


def test_stop_word_rows_and_closers_are_data() -> None:
    assert {"en", "de", "fr", "es", "pt", "it"} <= set(stopwords())
    assert all(len(words) >= 25 for words in stopwords().values())
    assert page_language("la ville a voté pour le retour des grues sur le port".split()) == "fr"
    assert page_language(["12", "34", "x"]) is None
    assert "comments" in closers() and is_closer("12 Comments")


@pytest.mark.parametrize("line", ["TrackBack", "About this Entry", "Comments »", "MOST POPULAR",
                                  "Leave a Reply", "12 comments", "More In Local »",
                                  "12 thoughts on “Rain stops play”", '3 Responses to "Rain"',
                                  "Other Recent Articles...", "Recent Posts", "No comments yet.",
                                  "Be the first to comment"])
def test_blog_and_site_closers(line: str) -> None:
    assert is_closer(line)


@pytest.mark.parametrize("line", ["About the author of the bridge plan", "Comments on the plan",
                                  "There is more in the report than the minister said",
                                  "Thoughts on the harbour plan", "No comment, the minister said."])
def test_lines_that_only_mention_a_closer_are_none(line: str) -> None:
    assert not is_closer(line)
