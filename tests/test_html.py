"""The HTML reader: golden pages, must-(not-)contain checks, input detection, safety limits.

Each tests/fixtures/html/NAME.html is a page written for these tests in the shape of an agency
or newspaper site; NAME.json beside it is the whole SPEC document written by hand from what
the page shows. ``pytest --update-goldens`` rewrites the .json files instead (review the diff).
"""

from __future__ import annotations

import json
import re
import socket
import threading
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import wireparse
from wireparse.cli import cli
from wireparse.errors import InputError
from wireparse.knowledge.html_hints import (
    CAPTION_CREDITS,
    COMMENT_MARK,
    COMMENT_MARK_OPENS,
    COMMENT_MARK_QUICK,
    COMMENT_MARKS,
    FIGURE_CONTROL_ROWS,
    FIGURE_CONTROLS,
    HINTS,
    PAGE_PROMPTS,
    PROMPT,
    TAXONOMY_CLASSES,
    hints_of,
    may_be_comment_mark,
    split_caption_credit,
)
from wireparse.readers import html_dom
from wireparse.schema import schema

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PAGES = sorted(FIXTURES.glob("*.html"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    article_schema = schema()
    return jsonschema.validators.validator_for(article_schema)(article_schema)


def _parse(name: str, **kwargs: Any) -> dict[str, Any]:
    return wireparse.parse((FIXTURES / f"{name}.html").read_bytes(), **kwargs).to_dict()


# -- golden pages ------------------------------------------------------------------------------


def test_there_are_golden_pages() -> None:
    assert len(PAGES) >= 15
    for page in PAGES:
        assert page.with_suffix(".json").exists(), f"{page.name} has no .json beside it"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_golden_page(page: Path, update_goldens: bool,
                     validator: jsonschema.protocols.Validator) -> None:
    golden = page.with_suffix(".json")
    got = wireparse.parse(page.read_bytes()).to_dict()
    validator.validate(got)
    if update_goldens:
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pytest.skip(f"rewrote {golden.name}")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


# -- must contain / must not contain -----------------------------------------------------------

# (page, text the document must contain, text it must not contain) — page junk of every kind.
CONTAINS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("tass_grain_corridor", ("grain corridor", "Ivan Sorokin/TASS"),
     ("Read also", "Turkey offers", "Telegram", "Copy link", "All news", "Grain deal",
      "All rights reserved", "never becomes part", "font-weight")),
    ("reuters_port_strike", ("Wider disruption feared",),
     ("Reporting by", "Editing by", "Advertisement", "Scroll to continue", "Trust Principles",
      "Related coverage", "Port of Antwerp", "cookies", "quotes delayed")),
    ("ap_flood_relief", ("AP Photo/Petro Hnat", "last person who wants to leave"),
     ("Advertisement", "Copyright 2024", "More from AP", "Drought threatens", "Updated 2:05")),
    ("cnn_cite_dateline", ("unspent funds",),
     ("Sign up", "newsletter", "inbox", "Related articles", "Highway fund", "Privacy Policy")),
    ("dateline_span_markup", ("Vaccination campaigns",),
     ("Share on", "Most read", "Ski resorts", "since 1898", "Subscribe")),
    ("dpa_hidden_scripts", ("halbe Stunde",),
     ("Skript", "versteckt", "Versteckt", "Vorlage", "JavaScript", "dpa-infocom", "Auch dieser")),
    ("teasers_and_comments", ("park-and-ride",),
     ("More stories", "Bridge repairs", "library branch", "Finally!", "small shops", "Sunny")),
    ("lists_and_quotes", ("90 days' written notice", "Hemi Walker", "What landlords say"),
     ("Related stories", "12 comments", "About time", "mark my words", "Log in")),
    ("lead_paragraph_dateline", ("Trade surplus", "Outlook"),
     ("Read more", "Yen weakens", "Advertisement", "Economy", "Business")),
    ("split_body_video", ("About 40 homes", "under investigation"),
     ("Replay More Videos", "Drought leaves", "Read more")),
    ("afp_caption_credit_classes", ("national museum",),
     ("Subscribe", "unlimited access", "Facebook", "WhatsApp")),
    ("xinhua_time_year", ("Long March-2D",), ("Enditem", "Editor:", "space station", "Sci-Tech")),
    # The only <h1> is the blog's name under the post: the post is the article all the same.
    ("blog_site_name_h1", ('"headline": "Why I sold the second car"', "eleven years",
                           "parking fights"), ("quietlane", "Subscribe", "slow down")),
    ("blog_category_classes", ("Dock Street", "hand-painted sign"),
     ("every Saturday since", "Reply", "two neighbours", "Archives")),
    # The article's box has a junk-looking class and is a small part of a page of teasers.
    ("premium_class_article", ("every forty minutes", "review them in the autumn"),
     ("Council weighs", "More from")),
    # Reader comments with no comment class anywhere: repeated name/date/reply units.
    ("comment_thread_by_structure", ("shift workers",),
     ("overdue", "Ola Berg", "Reply", "March 4", "theatre crowd")),
    # The body's sections share a class that ends in "ad".
    ("sections_with_ad_class", ("wooden steamer", "floating café", "largest in thirty years"),
     ("Readers share",)),
    # The page renders its text with scripts: the JSON-LD articleBody is the fallback.
    ("jsonld_article_body_only", ('"city": "Lyon"', "embankments"),
     ("Reporting by", "enable JavaScript", "what to know")),
    # The lead paragraph, dateline and all, sits in a box of its own over the body box.
    ("lead_box_dateline", ('"city": "Lyon"', "drawing a queue", "too cold"), ("By Claire",)),
    # A <nav> never closed wraps the whole page: it is not dropped with the article in it.
    ("unclosed_nav_wraps_page", ("warm, dry August", "short notice"),
     ("Farming", "published every Thursday")),
]


@pytest.mark.parametrize(("name", "present", "absent"), CONTAINS, ids=[c[0] for c in CONTAINS])
def test_must_and_must_not_contain(name: str, present: tuple[str, ...],
                                   absent: tuple[str, ...]) -> None:
    text = json.dumps(_parse(name), ensure_ascii=False)
    for wanted in present:
        assert wanted in text, f"{name}: {wanted!r} is missing"
    for unwanted in absent:
        assert unwanted not in text, f"{name}: junk {unwanted!r} got in"


# -- dates, formats, decisions ----------------------------------------------------------------


def test_page_date_gives_the_dateline_year() -> None:
    assert _parse("xinhua_time_year")["dateline"]["date"] == "2021-01-05"  # from <time datetime>


def test_reference_date_gives_the_year_when_the_page_has_none() -> None:
    doc = _parse("no_h1_metadata_headline", reference_date="2024-02-01")
    assert doc["dateline"]["date"] == "2024-01-24"


def test_html_is_detected_and_can_be_forced() -> None:
    data = (FIXTURES / "plain_page_no_metadata.html").read_bytes()
    auto = wireparse.parse(data)
    forced = wireparse.parse(data, input_format="html")
    assert auto == forced
    assert auto.headline == "Harbour ferry service to resume on Monday"
    as_text = wireparse.parse(data, input_format="text")
    assert as_text != auto  # the text reader sees tags, not a page


def test_str_input_gives_the_same_document_as_bytes() -> None:
    data = (FIXTURES / "ap_flood_relief.html").read_bytes()
    assert wireparse.parse(data.decode("utf-8")) == wireparse.parse(data)


def test_utf8_bom_and_wrongly_declared_charset() -> None:
    page = ('<html><head><meta charset="utf-8"><title>Café opens</title></head><body>'
            "<h1>Café opens</h1><p>The new café on the square opened its doors on Monday "
            "morning to a long queue.</p></body></html>")
    assert wireparse.parse(b"\xef\xbb\xbf" + page.encode("utf-8")).headline == "Café opens"
    # Declared UTF-8, written in cp1252: the bytes decide.
    assert wireparse.parse(page.encode("cp1252")).headline == "Café opens"


def test_cli_reads_html_from_stdin_and_with_the_flag() -> None:
    data = (FIXTURES / "reuters_port_strike.html").read_bytes()
    runner = CliRunner()
    for args in ([], ["--input-format", "html"], ["parse", "-", "--input-format", "html"]):
        result = runner.invoke(cli, args, input=data)
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        assert doc["dateline"]["agency"] == "Reuters"
        assert doc["body"][0]["text"].startswith("A 24-hour strike")


def test_decisions_say_why_each_block_went_where() -> None:
    article = wireparse.parse((FIXTURES / "tass_grain_corridor.html").read_bytes())
    roles = {d.role for d in article.decisions}
    assert {"headline", "standfirst", "photo", "dateline", "paragraph", "junk"} <= roles
    dateline = next(d for d in article.decisions if d.role == "dateline")
    assert dateline.reason.startswith("dateline: slash-agency")
    assert dateline.lines[0] > 0  # the page's source line
    reasons = " ".join(d.reason for d in article.decisions if d.role == "junk")
    assert "related" in reasons and "share" in reasons


def test_a_page_of_short_paragraphs_still_has_a_body() -> None:
    page = "<html><body><h1>Short one</h1><p>It rained.</p><p>Then it stopped.</p></body></html>"
    article = wireparse.parse(page)
    assert article.headline == "Short one"
    assert [b.text for b in article.body] == ["It rained.", "Then it stopped."]


def test_one_long_paragraph_does_not_swallow_the_container() -> None:
    page = ("<html><head><title>Ferry news | Harbour Blog</title></head><body>"
            "<div class='blog-title'><h1>Harbour Blog</h1></div><h2>Ferry news</h2>"
            "<p>The ferry will run again from Monday after two weeks of engine repairs.</p>"
            "<p>Passes stay valid.</p></body></html>")
    article = wireparse.parse(page)
    assert article.headline == "Ferry news"  # the <title> without the site's name
    assert [b.text for b in article.body][-1] == "Passes stay valid."


def test_a_lead_paragraph_in_the_body_is_text_but_a_dek_above_it_is_the_standfirst() -> None:
    body = "".join(f"<p>Paragraph {n} of the story runs long enough to count as prose.</p>"
                   for n in range(3))
    page = ('<html><body><h1>Dam opens</h1><div class="dek">Water flows again</div>'
            '<div class="story-body"><p class="lead">The dam opened its gates on Monday morning.'
            f"</p>{body}</div></body></html>")
    article = wireparse.parse(page)
    assert article.standfirst == "Water flows again"
    assert article.body[0].text == "The dam opened its gates on Monday morning."


def test_november_dateline_keeps_its_date() -> None:
    page = ("<html><body><h1>Storm hits coast</h1><p>TOKYO, Nov 20 (Reuters) - A storm hit the "
            "coast on Monday, cutting power to thousands of homes.</p></body></html>")
    assert wireparse.parse(page, reference_date="2023-11-21").dateline.date == "2023-11-20"


def test_photo_credits_lose_brackets_and_player_buttons_are_no_captions() -> None:
    body = "".join(f"<p>Paragraph {n} of the story runs long enough to count as prose.</p>"
                   for n in range(3))
    page = ("<html><body><h1>Rocket test</h1><div class='story-body'><figure><img src=a.jpg>"
            "<figcaption>The booster on the pad <span class='image-credit'>(Image credit: Orbit "
            "Labs)</span></figcaption><div class='caption-toggle'>less</div></figure>"
            f"{body}</div></body></html>")
    assert wireparse.parse(page).to_dict()["photos"] == [
        {"caption": "The booster on the pad", "credit": "Orbit Labs"}]


@pytest.mark.parametrize(("printed", "name"), [
    ("By Jane Roe", "Jane Roe"),
    ("Written by Jonas Keller", "Jonas Keller"),
    ("By Andy Sahadeo | Fox News", "Andy Sahadeo | Fox News"),
    ("Chris Davies - Nov 19, 2019, 1:04 pm", "Chris Davies"),
    ("By Jane Roe, Reuters,", "Jane Roe, Reuters"),
    ("By", None),
])
def test_byline_name(printed: str, name: str | None) -> None:
    from wireparse.readers.html import _byline_name

    assert _byline_name(printed) == name


@pytest.mark.parametrize(("title", "site", "headline"), [
    ("Rain stops play - Example News", "Example News", "Rain stops play"),
    ("AP News | Rain stops play", "AP", "Rain stops play"),
    ("Kremlin - US talks resume - TASS", "TASS", "Kremlin - US talks resume"),
    ("Kremlin - US talks resume", None, "Kremlin - US talks resume"),
    ("Rain stops play", "Example News", "Rain stops play"),
])
def test_site_name_is_cut_from_the_ends_of_a_title(title: str, site: str | None,
                                                    headline: str) -> None:
    from wireparse.readers.html import _strip_site

    assert _strip_site(title, site) == headline


# -- safety ------------------------------------------------------------------------------------


def test_external_entities_and_dtds_are_never_loaded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    page = (f'<!DOCTYPE html [<!ENTITY leak SYSTEM "file://{secret}">]>'
            '<html><body><h1>Entity test</h1><p>The value is &leak; and the page goes on with a '
            "sentence long enough to be a paragraph.</p></body></html>")
    doc = wireparse.parse(page, input_format="html").to_dict()
    assert "TOP-SECRET" not in json.dumps(doc)
    # A DTD and an entity on a local server: any connection to it would be a fetch.
    with _ListeningServer() as server:
        remote = (f'<!DOCTYPE html SYSTEM "http://127.0.0.1:{server.port}/never.dtd" ['
                  f'<!ENTITY far SYSTEM "http://127.0.0.1:{server.port}/far.txt">]>'
                  "<html><body><h1>Remote DTD</h1><p>A page that names a remote DTD must parse "
                  "without any network access &far;.</p></body></html>")
        assert wireparse.parse(remote).headline == "Remote DTD"
        assert wireparse.parse(remote.encode(), input_format="html").headline == "Remote DTD"
    assert server.connections == 0


class _ListeningServer:
    """A TCP server on the loopback interface that counts connections and closes each at
    once (so a client that did connect would not wait on it)."""

    def __enter__(self) -> _ListeningServer:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(8)
        self._socket.settimeout(0.05)
        self.port = self._socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._socket.close()


def test_hostile_json_ld_is_ignored() -> None:
    nested = "[" * 100_000 + "]" * 100_000
    page = (f'<html><head><script type="application/ld+json">{nested}</script>'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
            "</head><body><h1>Still read</h1><p>The page around broken metadata is still an "
            "article with a paragraph.</p></body></html>")
    assert wireparse.parse(page).headline == "Still read"


def test_deep_nesting_is_bounded() -> None:
    depth = 50_000
    page = (f"<html><body><p>Shallow text before the deep part of the page.</p>{'<div>' * depth}"
            f"<p>Deep text.</p>{'</div>' * depth}</body></html>")
    # libxml2 caps the depth: no recursion error, and the text above the cap is kept.
    body = wireparse.parse(page, input_format="html").body
    assert [block.text for block in body][:1] == ["Shallow text before the deep part of the page."]


def test_too_many_elements_is_refused_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_dom, "MAX_ELEMENTS", 1_000)
    page = "<html><body>" + "<span>x</span>" * 2_000 + "</body></html>"
    with pytest.raises(InputError) as info:
        wireparse.parse(page, input_format="html")
    assert "\n" not in str(info.value) and "elements" in str(info.value)


@pytest.mark.parametrize("page", ["", "   ", "<html></html>", "<html><body></body></html>",
                                  "<p>", "<<<>>>", "<html><body><script>x()</script></body>"])
def test_empty_or_broken_pages_give_an_empty_document_or_a_clear_error(page: str) -> None:
    try:
        article = wireparse.parse(page, input_format="html")
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert article.body == ()


# -- the hint table, row by row ----------------------------------------------------------------


@pytest.mark.parametrize("hint", HINTS, ids=[h.name for h in HINTS])
def test_hint_rows_match_their_example(hint: Any) -> None:
    m = re.search(r'(?:class|id)="([^"]+)"', hint.example)
    assert m is not None
    assert hint in hints_of(m.group(1))


@pytest.mark.parametrize("hint", HINTS, ids=[h.name for h in HINTS])
def test_every_hint_word_names_its_own_row(hint: Any) -> None:
    # The words are matched grouped by first letter and named by their text: each must still
    # give its own row.
    for word in hint.words:
        name = word.removesuffix("$")
        assert hints_of(name)[:1] == [hint], word
        assert hints_of(f"box {name}")[:1] == [hint], word


@pytest.mark.parametrize("row", PAGE_PROMPTS, ids=[f"{r.name}-{n}" for n, r in
                                                  enumerate(PAGE_PROMPTS)])
def test_prompt_rows_match_their_example(row: Any) -> None:
    assert re.fullmatch(row.pattern, row.example, re.IGNORECASE)
    assert PROMPT.match(row.example)


@pytest.mark.parametrize("text", ["less", "Caption Close", "Image 3 of 5", "2/12", "Replay"])
def test_player_controls(text: str) -> None:
    assert FIGURE_CONTROLS.match(text)


@pytest.mark.parametrize("text", ["Follow the money, investigators say.", "Images of the flood"])
def test_prose_is_no_prompt_or_control(text: str) -> None:
    assert not PROMPT.match(text) and not FIGURE_CONTROLS.match(text)


@pytest.mark.parametrize("attr", ["address", "unrelated", "download", "leadership", "shared-x"])
def test_hint_words_need_a_word_start_or_end(attr: str) -> None:
    assert [h.name for h in hints_of(attr) if h.kind == "junk" and h.name != "share"] == []


@pytest.mark.parametrize("row", TAXONOMY_CLASSES, ids=[r.name for r in TAXONOMY_CLASSES])
def test_blog_taxonomy_classes_are_no_hints(row: Any) -> None:
    attr = re.search(r'class="([^"]+)"', row.example).group(1)  # type: ignore[union-attr]
    assert hints_of(attr) == []
    # The same words alone do hint: the taxonomy row is what keeps them out.
    bare = [w.replace("entry-", "").replace("category-", "").replace("-by-jane", "")
            .replace("field-type-", "") for w in attr.split() if re.fullmatch(row.pattern, w)]
    assert any(hints_of(word) for word in bare), bare


def test_a_tag_list_outside_a_blog_post_is_still_a_tags_box() -> None:
    assert [h.name for h in hints_of("tag-list")] == ["tags"]


@pytest.mark.parametrize("row", COMMENT_MARKS, ids=[r.name for r in COMMENT_MARKS])
def test_comment_mark_rows_match_their_example(row: Any) -> None:
    m = re.search("(?i)" + row.pattern, row.example)
    assert m
    assert re.match("(?i)" + COMMENT_MARK_OPENS, m.group())  # what the combined search tests first
    assert COMMENT_MARK.search(row.example)
    assert COMMENT_MARK_QUICK.search(row.example)  # the cheap pre-test lets every row through
    assert may_be_comment_mark(row.example)


@pytest.mark.parametrize("text", ["Reply", "PERMALINK", "he Said", "9", "٣ days", "Home",
                                  "Über uns", "ſays:", "Report abuſe", "Share", ""])
def test_the_quick_comment_mark_test_answers_as_its_pattern(text: str) -> None:
    assert may_be_comment_mark(text) == (COMMENT_MARK_QUICK.search(text) is not None)


@pytest.mark.parametrize("text", ["Harbour Notes", "By Tomas Lind", "Share this story"])
def test_names_alone_are_no_comment_marks(text: str) -> None:
    assert COMMENT_MARK.search(text) is None


def test_the_second_opinion_says_why_it_won() -> None:
    page = (FIXTURES / "premium_class_article.html").read_bytes()
    reasons = [d.reason for d in wireparse.parse(page).decisions]
    assert reasons[0].startswith("region: second opinion"), reasons[:3]
    # A page the first reading gets right is read once: no region note.
    plain = (FIXTURES / "ap_flood_relief.html").read_bytes()
    assert not any(d.reason.startswith("region:") for d in wireparse.parse(plain).decisions)


@pytest.mark.parametrize("row", CAPTION_CREDITS, ids=[r.name for r in CAPTION_CREDITS])
def test_caption_credit_rows_split_their_example(row: Any) -> None:
    caption, credit = split_caption_credit(row.example)
    assert credit == row.credit
    assert caption == "Crowds wait at the pier."


@pytest.mark.parametrize("caption", [
    "A picture by the river at dawn.",             # no sentence before "picture by"
    "The mayor said credit was tight this year.",  # "credit" is no label here
    "Sandbags line the lane behind the mill",
])
def test_captions_without_a_credit_stay_whole(caption: str) -> None:
    assert split_caption_credit(caption) == (caption, None)


@pytest.mark.parametrize("row", FIGURE_CONTROL_ROWS, ids=[r.name for r in FIGURE_CONTROL_ROWS])
def test_gallery_and_player_controls_are_no_captions(row: Any) -> None:
    assert FIGURE_CONTROLS.match(row.example)


def test_photos_on_real_pages_split_credits_and_drop_gallery_chrome() -> None:
    photos = _parse("photo_credits_and_gallery")["photos"]
    assert photos == [
        {"caption": "Firefighters pump water out of the old mill on Monday.",
         "credit": "REUTERS/Jane Roe"},
        {"caption": "Residents watch the river rise from the pier.",
         "credit": "Sam Low via Getty Images"},
        {"caption": "Sandbags line the lane behind the mill", "credit": "Getty Images"},
        {"caption": "Sandbag walls along the river path.", "credit": None},
    ]


def test_wire_copy_in_pre_goes_through_the_text_rules() -> None:
    doc = _parse("wire_copy_in_pre")
    assert doc["dateline"]["agency"] == "Reuters"
    assert [b["text"][:20] for b in doc["body"]] == [
        "The lake ferry will ", "The extra boats leav", '"We have heard the n']
    assert "Reporting by" not in json.dumps(doc)


def test_code_in_pre_is_not_read_as_wire_copy() -> None:
    page = (b"<html><body><h1>Sorting in place</h1><p>Here is the loop I ended up with after a "
            b"week of trying other ways to do it.</p><pre>for (i = 0; i &lt; n; i++) {\n"
            b"    swap(a[i], a[min(i)]);\n}\n</pre><p>It is not fast, but it is short and "
            b"easy to read.</p></body></html>")
    body = [b.text for b in wireparse.parse(page).body]
    assert any(t.startswith("for (i = 0;") and t.endswith("}") for t in body), body


def test_json_ld_article_body_is_a_cross_check_when_the_page_has_its_text() -> None:
    # The visible text wins; the decision says how much of the declared text it holds.
    page = (FIXTURES / "jsonld_article_body_only.html").read_text(encoding="utf-8").replace(
        '<noscript>Please enable JavaScript to read this story.</noscript>',
        "<p>River levels in Lyon fell overnight for the first time in a week, the prefecture "
        "said on Monday, and schools near the quays will reopen on Wednesday.</p><p>Traffic "
        "on the riverside roads stays closed until engineers have checked the embankments.</p>"
        "<p>Shops on the lower quays began pumping out their cellars on Monday afternoon, and "
        "the city said it would collect ruined stock free of charge until the end of the month."
        "</p>")
    article = wireparse.parse(page.encode())
    assert article.body[0].text.startswith("River levels in Lyon fell overnight")
    assert article.dateline is None  # the visible text prints none
    notes = [d.reason for d in article.decisions if d.reason.startswith("region:")]
    assert notes and notes[0].startswith("region: cross-check:"), notes


def test_dated_units_with_no_story_above_are_the_story() -> None:
    # A timeline is built like a comment thread (a date line and prose per unit), but nothing
    # above it for it to answer: it is the article.
    units = "".join(
        f'<div class="entry"><div class="when">March {day}, 2024</div><p>The ferry ran '
        f"{n} crossings that day, and the harbour master logged every one of them.</p></div>"
        for day, n in ((3, "twelve"), (4, "fourteen"), (5, "nine")))
    page = f"<html><body><h1>A week on the ferry</h1><div class='log'>{units}</div></body></html>"
    body = [b.text for b in wireparse.parse(page.encode()).body]
    assert any("fourteen crossings" in t for t in body), body


_STORY = "".join(
    f"<p>The council voted {n} to approve the bridge repairs, and work starts in the spring "
    f"after a winter of surveys along the river bank.</p>"
    for n in ("nine", "seven", "six", "eight"))


def test_a_gallery_list_inside_the_article_box_does_not_become_the_article() -> None:
    # The gallery's captions outweigh the story, but they sit in list items inside the box
    # that holds the story's own paragraphs.
    slides = "".join(
        f"<li><p>Workers inspect the old bridge pier number {k} from a barge on the river, "
        f"where divers checked the stone footings for cracks and loose mortar in the cold "
        f"water during the autumn survey.</p></li>" for k in range(1, 13))
    page = (f"<html><body><h1>Bridge repairs approved</h1><div class='story'>{_STORY}"
            f"<div class='promo'><ul class='slides'>{slides}</ul></div></div></body></html>")
    body = [b.text for b in wireparse.parse(page.encode(), input_format="html").body]
    assert any("voted nine" in t for t in body), body
    assert any("voted eight" in t for t in body), body


def test_a_closing_heading_ends_the_article_in_its_box() -> None:
    comments = "".join(
        f"<dt>{k}. Reader {k} - May 2, 2024</dt><dd><p>I drive over that bridge every day and "
        f"it is about time somebody fixed the potholes on it, thanks for the report.</p></dd>"
        for k in range(1, 6))
    page = (f"<html><body><div id='main'><h1>Bridge repairs approved</h1>{_STORY}"
            f"<div class='talk'><h2>Comments \u00bb</h2><dl>{comments}</dl></div></div>"
            "</body></html>")
    article = wireparse.parse(page.encode(), input_format="html")
    body = [b.text for b in article.body]
    assert any("voted eight" in t for t in body), body
    assert not any("potholes" in t or "Reader" in t for t in body), body
    assert any(d.reason.startswith("junk: heading that closes the article")
               for d in article.decisions)


def test_a_link_box_set_into_the_article_is_no_end() -> None:
    page = ("<html><body><div id='main'><h1>Bridge repairs approved</h1>"
            "<div class='text'><p>The council voted nine to approve the bridge repairs, and "
            "work starts in the spring after a winter of surveys.</p>"
            "<aside><h3>More from the city desk</h3><a href='/a'>Budget talks</a></aside>"
            "<p>The contractor expects the work to take eight months and the bridge to stay "
            "open on one lane throughout.</p></div></div></body></html>")
    body = [b.text for b in wireparse.parse(page.encode(), input_format="html").body]
    assert any("eight months" in t for t in body), body


def test_a_post_told_in_its_captions_has_them_as_its_body() -> None:
    shots = "".join(
        f"<div class='photo'><img src='/{k}.jpg'><p class='caption'>{text}</p></div>"
        for k, text in enumerate((
            "We reached the summit just after dawn, and the view across the valley was worth "
            "every step of the climb.",
            "The hut keeper served soup to everyone who made it up before the weather turned "
            "in the afternoon.",
            "On the way down the fog came in so fast that we could barely see the markers.",
            "Back in the village the bakery had kept the last loaves for the walkers.")))
    page = (f"<html><body><h1>Three days on the ridge</h1><div class='post'>{shots}</div>"
            "</body></html>")
    article = wireparse.parse(page.encode(), input_format="html")
    body = [b.text for b in article.body]
    assert any("summit just after dawn" in t for t in body), body
    assert any(d.reason.startswith("paragraph: a caption in a post told in its photos")
               for d in article.decisions)


def test_a_prose_sidebar_above_the_headline_stays_a_sidebar() -> None:
    # The "about me" box outweighs a short post of links, but it ends above the post's
    # headline: the post is the article.
    about = ("<p>I have written about advertising for twenty years, first at an agency and "
             "now on my own, and I still think most of it is terrible. This blog collects the "
             "worst of it, with the occasional good campaign thrown in so that I do not lose "
             "all hope. Send tips by mail; I read everything, even the angry ones, and answer "
             "most of them within a week or two of getting them, weather permitting.</p>")
    post = ("<p>The five posts you read most this week, in order.</p>"
            "<ul><li><a href='/1'>Signs with needless quotes</a></li>"
            "<li><a href='/2'>Billboards nobody proofread</a></li></ul>")
    page = ("<html><head><title>Best of the week</title></head><body>"
            f"<div id='sidebar'><h2>About me</h2>{about}</div>"
            f"<div id='main'><h3>Best of the week</h3>{post}</div></body></html>")
    article = wireparse.parse(page.encode(), input_format="html")
    body = " ".join(b.text for b in article.body)
    assert article.headline == "Best of the week"
    assert "five posts you read most" in body, body
    assert "twenty years" not in body, body


_MENDED_STORY = "".join(
    f"<p>The harbour reopened on day {n} after the storm, and the first ferries left on time "
    f"with every seat taken by people going home.</p>" for n in (1, 2, 3, 4))


@pytest.mark.parametrize("damage", [
    # A title left open: the parser would read the rest of the page as the title.
    "<html><head><title>Harbour reopens\n</head><body>{story}</body></html>",
    # An inline ad ships its own document end before the story.
    "<html><body><div class='ad'><p>Buy now</p></body></html></div>{story}</body></html>",
])
def test_damaged_markup_is_mended_before_the_article_is_lost(damage: str) -> None:
    page = damage.replace("{story}", "<h1>Harbour reopens</h1>" + _MENDED_STORY
                          + "<p>" + "More news. " * 250 + "</p>" * ("title" in damage))
    article = wireparse.parse(page.encode(), input_format="html")
    assert any("day 3 after the storm" in b.text for b in article.body), article.body
    assert any("markup mended" in d.reason for d in article.decisions)


def test_the_opening_before_a_continue_reading_split_is_kept() -> None:
    opening = ("<p>The night ferry ran aground on a sandbank off the north pier shortly after "
               "midnight, the harbour office said.</p><p>All forty passengers were taken off "
               "by lifeboat and nobody was hurt.</p>")
    rest = "".join(
        f"<p>Engineers will inspect the hull at low tide on day {n}, and the operator said "
        f"the crossing would run on its spare vessel until the survey is done.</p>"
        for n in range(1, 6))
    page = ("<html><head><title>Ferry runs aground | Harbour Blog</title></head><body>"
            "<div class='entry'><h3>Ferry runs aground</h3>"
            f"<div class='entry-content'><div class='entry-body'>{opening}</div>"
            f"<div class='entry-more'>{rest}</div></div></div></body></html>")
    body = [b.text for b in wireparse.parse(page.encode(), input_format="html").body]
    assert body[0].startswith("The night ferry ran aground"), body
    assert len(body) == 7, body


def test_a_labelled_caption_above_a_split_story_is_no_opening_paragraph() -> None:
    # The opening run may step over a photo between the story's parts, but a line that
    # labels itself a caption is the photo's text, not the story's first paragraph.
    rest = "".join(
        f"<p>The band will record the album in the spring, and its tour starts in city {n} "
        f"once the last songs are mixed, the label said.</p>" for n in range(1, 6))
    page = ("<html><head><title>Band signs with a new label</title></head><body>"
            "<div class='story'><h1>Band signs with a new label</h1>"
            "<div class='pic'><img src='band.jpg' alt=''></div>"
            "<div class='imgtext'>Caption: The band has signed a one-album deal with a new "
            "label, raising talk of a final tour...</div>"
            f"<div class='story-more'>{rest}</div></div></body></html>")
    body = [b.text for b in wireparse.parse(page.encode(), input_format="html").body]
    assert not any(text.startswith("Caption:") for text in body), body
    assert len(body) == 5, body


def test_a_numbered_list_written_as_paragraphs_is_kept_to_its_last_item() -> None:
    # Short lines after the last paragraph are sign-offs, unless they go on counting the
    # numbered lines above them: a playlist's last tracks are the post's.
    tracks = "".join(f"<p>{n}. Song number {n} - Some Band</p>" for n in range(1, 9))
    page = ("<html><head><title>A playlist for rainy days</title></head><body>"
            "<div class='node'><h2>A playlist for rainy days</h2><div class='content'>"
            "<p>The first cold week of the year calls for slow songs, so here are eight of "
            "them to play while the rain keeps everybody indoors.</p>"
            f"{tracks}<p>Previously: Summer songs</p></div></div></body></html>")
    body = [b.text for b in wireparse.parse(page.encode(), input_format="html").body]
    assert body[-1] == "8. Song number 8 - Some Band", body
    assert len(body) == 9, body


def _bridge_post(below: str) -> bytes:
    """A short blog post (two paragraphs under its heading) with ``below`` after them in the
    post's own box: what follows the post is the test's."""
    return ("<html><head><title>The walk over the old bridge</title></head><body>"
            "<div class='content'><h3>The walk over the old bridge</h3>"
            "<p>The footpath over the old bridge opened again this week, and the view of the "
            "harbour from the middle is as good as it ever was.</p>"
            "<p>Go early: by noon the path is full of cyclists who should not be on it.</p>"
            f"{below}</div></body></html>").encode()


def _is_the_bridge_post(body: list[str]) -> bool:
    return len(body) == 2 and body[1].startswith("Go early")


def test_comments_laid_out_flat_in_the_posts_box_end_it_at_their_heading() -> None:
    # An old blog template sets each comment's paragraphs and its "Posted by: NAME | DATE"
    # line beside the post's own paragraphs, in one box: the "Comments" heading ends the post
    # although paragraphs go on below it.
    comments = "".join(
        f"<p>Thanks for writing this, reader {n} found the part about the bridge useful and "
        f"will try the walk next weekend.</p><p class='posted'>Posted by: Reader {n} | "
        f"Mar {n}, 2007 2:0{n}:18 PM</p>" for n in range(1, 6))
    page = _bridge_post("<p class='posted'>Posted by Ann on March 1, 2007 | Permalink</p>"
                        f"<h2>Comments</h2>{comments}")
    body = [b.text for b in wireparse.parse(page, input_format="html").body]
    assert _is_the_bridge_post(body), body


def test_a_blogs_own_comment_heading_ends_the_post() -> None:
    # "N thoughts on “Title”" is the heading blog engines print over a post's comments.
    comments = "".join(f"<div><p>Reader {n} wrote that the bridge walk is best at sunrise, "
                       f"before the cyclists come.</p></div>" for n in range(1, 4))
    page = _bridge_post(f"<h3>3 thoughts on “The walk over the old bridge”</h3>{comments}")
    body = [b.text for b in wireparse.parse(page, input_format="html").body]
    assert _is_the_bridge_post(body), body


def test_a_short_sentence_in_the_opening_box_stays_with_the_opening() -> None:
    # "Comments welcome!" is shorter than a paragraph, but it is a sentence among the
    # opening's paragraphs: the run over a "continue reading" split goes on above it.
    rest = "".join(
        f"<p>Section {n} of the draft reports one more experiment on how people judge what "
        f"others know, with the numbers in a table at the end.</p>" for n in range(1, 6))
    page = ("<html><head><title>A new draft | Notes</title></head><body>"
            "<div class='entry'><h3>A new draft</h3>"
            "<div class='entry-body'><p>Here is a draft of a new paper on side effects and "
            "what people think others know.</p><p>Comments welcome!</p>"
            "<p>Short abstract: five experiments, three findings, one open question.</p></div>"
            f"<div class='entry-more'>{rest}</div></div></body></html>")
    body = [b.text for b in wireparse.parse(page.encode(), input_format="html").body]
    assert body[:2] == ["Here is a draft of a new paper on side effects and what people think "
                        "others know.", "Comments welcome!"], body


_FERRY_STORY = ("<h1>Ferry adds a late sailing</h1>"
          "<p>The harbour ferry will run a last crossing at half past eleven from next month, "
          "the operator said on Tuesday.</p>"
          "<p>The new sailing follows a petition signed by two thousand people who work "
          "evening shifts in the port.</p>")
_HEADED_ITEMS = "".join(
    f"<li><h3>Story number {n} from the port</h3><p>A summary of story {n}, which has its own "
    f"page with the rest of it. Read more...</p><p class='date'>2024-03-0{n}</p></li>"
    for n in range(1, 4))


def test_a_list_of_headed_items_below_the_story_is_other_stories() -> None:
    page = (f"<html><head><title>Ferry adds a late sailing</title></head><body><div id='main'>"
            f"{_FERRY_STORY}<ul>{_HEADED_ITEMS}</ul></div></body></html>")
    body = [b.text for b in wireparse.parse(page.encode(), input_format="html").body]
    assert len(body) == 2 and body[1].startswith("The new sailing"), body


def test_a_headed_list_inside_the_story_is_the_storys() -> None:
    # The story's own paragraphs go on below the list: it is part of the story.
    page = (f"<html><head><title>Ferry adds a late sailing</title></head><body><div id='main'>"
            f"{_FERRY_STORY}<ul>{_HEADED_ITEMS}</ul><p>Tickets cost the same as on the daytime "
            "crossings, and season passes are valid on it.</p></div></body></html>")
    body = [b.text for b in wireparse.parse(page.encode(), input_format="html").body]
    assert body[-1].startswith("Tickets cost the same"), body
    assert any(text.startswith("Story number 2") for text in body), body


def test_a_sentence_built_around_links_stays_in_the_opening_run() -> None:
    # Between two paragraphs of the opening, a sentence that is mostly links (it names its
    # sources) is the story's; as the first line above the run it would be a link line.
    rest = "".join(
        f"<p>Section {n} of the report lists the corrections made that night, with the time "
        f"each one was published and the outlets that carried it.</p>" for n in range(1, 6))
    page = ("<html><head><title>Few mistakes on election night</title></head><body>"
            "<div class='post'><h1>Few mistakes on election night</h1>"
            "<div class='content'><p>The election will not be remembered for what the press "
            "got wrong, and most errors were corrected within the hour.</p>"
            "<div>According to <a href='/a'>one media site</a>, the worst rumour began with "
            "<a href='/b'>a tweet from a campaign group</a>:</div>"
            "<p>Two outlets passed it on and then published corrections of their own.</p>"
            f"<div>{rest}</div></div></div></body></html>")
    body = [b.text for b in wireparse.parse(page.encode(), input_format="html").body]
    assert body[0].startswith("The election will not be remembered"), body
    assert body[1].startswith("According to one media site"), body


def test_an_unread_comments_heading_over_a_flat_thread_ends_the_post() -> None:
    # The heading's own box is hinted as comments and too small to be read; the comments
    # follow it in the post's box, each a box of paragraphs and a "Posted by:" line.
    comments = "".join(
        f"<div id='c{n}'><p>Reader {n} says the old bridge walk is best at sunrise, before "
        f"the cyclists come out.</p></div><p class='posted'>Posted by: Reader {n} at "
        f"March {n}, 2007 2:0{n} PM</p>" for n in range(1, 6))
    page = _bridge_post("<p class='posted'>Posted by Ann at March 1, 2007 9:01 AM</p>"
                        f"<h2 id='comments'>Comments</h2>{comments}")
    article = wireparse.parse(page, input_format="html")
    assert _is_the_bridge_post([b.text for b in article.body]), article.body
    assert any(d.reason == "junk: after an unread comments box that closes the article"
               for d in article.decisions)


def test_a_junk_box_of_list_items_keeps_its_hint_however_much_prose_it_holds() -> None:
    # A related-stories box (a junk hint) outweighs the story; its prose sits in list items,
    # so it is no layout class to overrule: the story is the article, the teasers are not.
    teasers = "".join(
        f"<li><p>Teaser {k}: the county fair opens its gates next week with a new show ring, "
        f"a longer midway and more stalls than last year, the organisers said on Monday "
        f"afternoon at the fairground.</p></li>" for k in range(1, 14))
    page = ("<html><head><title>Bridge repairs approved</title></head><body><div id='story'>"
            f"<h1>Bridge repairs approved</h1>{_STORY}"
            f"<div class='related-stories'><ul>{teasers}</ul></div></div></body></html>")
    body = [b.text for b in wireparse.parse(page.encode(), input_format="html").body]
    assert any("voted eight" in t for t in body), body
    assert not any("county fair" in t for t in body), body


def test_a_label_line_that_closes_the_article_ends_it_but_a_comment_count_above_it_does_not(
) -> None:
    tail = ("<div class='block'>MOST POPULAR</div><div class='block'>" + "".join(
        f"<p>The mayor's budget speech on {day} drew the largest crowd the council chamber has "
        f"seen in years, and the debate ran on past midnight.</p>"
        for day in ("Monday", "Tuesday", "Friday")) + "</div>")
    page = ("<html><head><title>Bridge repairs approved</title></head><body><div id='main'>"
            "<h1>Bridge repairs approved</h1><div class='meta'><a href='#c'>13 Comments</a>"
            f"</div>{_STORY}{tail}</div></body></html>")
    body = [b.text for b in wireparse.parse(page.encode(), input_format="html").body]
    assert any("voted nine" in t for t in body), body
    assert not any("budget speech" in t for t in body), body


def test_a_photo_page_with_one_long_caption_has_it_as_its_body() -> None:
    page = ("<html><head><title>A heron on the weir</title></head><body>"
            "<h1>A heron on the weir</h1><div class='photo'><img src='/h.jpg'>"
            "<p class='caption'>A grey heron waits on the weir below the mill at first light, "
            "where the river runs fast after a week of rain. It caught two fish in the first hour "
            "and then flew off downstream.</p>"
            "<p class='credit'>(Jane Roe/Example Photos)</p></div>"
            "<p class='note'>Example News is not responsible for the content of external "
            "Internet sites.</p></body></html>")
    article = wireparse.parse(page.encode(), input_format="html")
    assert [b.text[:22] for b in article.body] == ["A grey heron waits on "], article.body



def test_a_story_cut_into_small_ad_boxes_inside_its_body_box_is_read_whole() -> None:
    # Each section shares its box with an ad slot ("section-and-ad"), each a small part of a
    # long page; inside the box marked as the article's body they are all read.
    long = " ".join(["The harbour master said the warning lights had failed twice."] * 20)
    sections = "".join(
        f"<div class='section-and-ad'><p>Part {n}: {long if n != 2 else ''} The inquiry "
        f"heard from the pilots, who said the lights failed that winter.</p>"
        f"<div class='ad-slot'></div></div>" for n in range(1, 5))
    teasers = "".join(f"<div class='teaser'><a href='/s{k}'>Another story on the site, "
                      f"number {k}</a></div>" for k in range(120))
    page = ("<html><head><title>Harbour inquiry opens</title></head><body>"
            f"<div class='top'>{teasers}</div><h1>Harbour inquiry opens</h1>"
            f"<section class='article-body'>{sections}</section>"
            f"<div class='bottom'>{teasers}</div></body></html>")
    body = [b.text for b in wireparse.parse(page.encode(), input_format="html").body]
    assert [t[:6] for t in body] == ["Part 1", "Part 2", "Part 3", "Part 4"], body


@pytest.mark.parametrize("wrapper", [
    "hentry p1 post publish author-jane category-news untagged",
    "journal-entry-wrapper post-text authored-by-jane",
])
def test_a_post_wrapper_that_names_its_author_is_no_byline_box(wrapper: str) -> None:
    places = "".join(f"<p>{place}</p>" for place in ("Lisbon", "Porto", "Faro", "Braga"))
    page = ("<html><head><title>Our spring tour</title></head><body>"
            f"<h1>Our spring tour</h1><div class='{wrapper}'>"
            "<p>We are excited to announce the first stops of our spring tour, and the "
            "signup page opens next week for everyone on the list.</p>"
            "<p>Here are the cities we will visit in April and May this year:</p>"
            f"{places}<p>Some of our favourite pictures from last year's tour are below, with "
            "more to come once we are back home.</p></div></body></html>")
    article = wireparse.parse(page.encode(), input_format="html")
    body = [b.text for b in article.body]
    assert "Porto" in body and "Braga" in body, body
    assert article.byline is None


def test_a_blogs_name_in_the_h1_is_no_headline_when_the_title_names_the_post() -> None:
    about = ("<p>Every day I write about life in a small harbour town: the boats, the weather, "
             "the council and the people who keep it all running, one short post at a time, "
             "with pictures when the light is good and opinions when it is not.</p>")
    page = ("<html><head><title>Harbour Notes: A quiet week at the pier</title></head><body>"
            f"<div id='header'><h1>Harbour Notes</h1>{about}</div>"
            "<div class='post'><h3 class='post-title'>A quiet week at the pier</h3>"
            "<p>Nothing much happened at the pier this week, which is how we like it.</p>"
            "<p>The ferry ran on time every day.</p></div></body></html>")
    article = wireparse.parse(page.encode(), input_format="html")
    assert article.headline == "A quiet week at the pier"
    assert [b.text[:12] for b in article.body] == ["Nothing much", "The ferry ra"], article.body


def test_the_posts_heading_beats_a_recent_posts_entry_that_repeats_the_title() -> None:
    recent = "".join(f"<li><a href='/{k}'>{title}</a></li>" for k, title in enumerate((
        "A quiet week at the pier", "Storm damage on the sea wall", "The ferry timetable")))
    page = ("<html><head><title>Pierside: A quiet week at the pier</title></head><body>"
            f"<div id='sidebar'><h1>Pierside</h1><h2>Recent posts</h2><ul>{recent}</ul>"
            "</div><div id='main'><h3>A quiet week at the pier</h3><ul>"
            "<li><a href='/p1'>The pier reopened after the repairs</a></li>"
            "<li><a href='/p2'>Crabbing contest results</a></li></ul>"
            "<p>Nothing much happened at the pier this week, which is how we like it.</p>"
            "</div></body></html>")
    article = wireparse.parse(page.encode(), input_format="html")
    assert article.headline == "A quiet week at the pier"
    assert article.standfirst is None  # the post's heading is no dek under a sidebar entry
    assert any("Nothing much happened" in b.text for b in article.body), article.body
