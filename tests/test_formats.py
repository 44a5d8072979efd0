"""Agency formats: NITF, NewsML 1.2 / G2, ninjs and digitalwires in; ninjs and NITF out.

Goldens: each tests/fixtures/formats/NAME.{nitf.xml,newsml.xml,ninjs.json} (invented stories,
one per feature) parses to NAME.expected.json, written by hand from SPEC.md and the formats'
element meanings; ``--update-goldens`` rewrites them (read the diff). Every writer output here
is checked against IPTC's own schemas (jsonschema; lxml's XMLSchema for NITF).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import wireparse
from wireparse import Article, InputError
from wireparse.cli import cli
from wireparse.model import Block, Dateline, Photo
from wireparse.pipeline import sniff
from wireparse.render.agency import ninjs_json, printed_dateline, to_ninjs, to_nitf
from wireparse.validate import validate

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
INPUTS = sorted(p for p in FIXTURES.iterdir()
                if p.name.endswith((".nitf.xml", ".newsml.xml", ".ninjs.json")))
TEXT_FIXTURES = sorted((Path(__file__).parent / "fixtures" / "text").glob("*.txt"))


def _expected(path: Path) -> Path:
    return path.with_name(path.name.split(".")[0] + ".expected.json")


def test_there_is_a_fixture_per_feature() -> None:
    kinds = {p.name.split(".")[1] for p in INPUTS}
    assert kinds == {"nitf", "newsml", "ninjs"}
    assert len(INPUTS) >= 13
    for path in INPUTS:
        assert _expected(path).exists(), f"{path.name} has no .expected.json"


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_golden(path: Path, update_goldens: bool) -> None:
    got = wireparse.parse(path.read_bytes()).to_dict()
    golden = _expected(path)
    if update_goldens:
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pytest.skip(f"rewrote {golden.name}")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


# -- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(("head", "kind"), [
    ('<?xml version="1.0"?>\n<!DOCTYPE nitf SYSTEM "nitf.dtd">\n<nitf>', "nitf"),
    ('<nitf:nitf xmlns:nitf="http://iptc.org/std/NITF/2006-10-18/">', "nitf"),
    ("<?xml version='1.0'?><!-- a comment --><NewsML Version='1.2'>", "newsml"),
    ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/">', "newsml"),
    ('<?xml version="1.0"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">', "newsml"),
    ('<newsItem xmlns="http://example.org/not-newsml">', "text"),  # a name clash, not G2
    ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', "html"),
    ('{"uri": "urn:x", "headlines": []}', "ninjs"),
    ('  {\n  "headline": "Hi"}', "ninjs"),
    ("[1, 2, 3]", "text"),
    ("Rain stops play\n\nLONDON, June 3 - It rained.", "text"),
])
def test_sniffing_reads_the_root_element_and_json_keys(head: str, kind: str) -> None:
    assert sniff(head) == kind


def test_detection_is_by_content_not_by_file_name(tmp_path: Path) -> None:
    src = FIXTURES / "ninjs2-bodies.ninjs.json"
    renamed = tmp_path / "story.txt"
    renamed.write_bytes(src.read_bytes())
    result = CliRunner().invoke(cli, ["parse", str(renamed)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["headline"] == "City rooftops become home to wild bees"


def test_json_without_news_keys_is_read_as_text() -> None:
    article = wireparse.parse('{"colour": "blue", "size": 3}')
    assert '{"colour": "blue", "size": 3}' in (article.headline, *(b.text for b in article.body))


def test_forcing_ninjs_on_json_that_is_no_news_object_is_one_line() -> None:
    with pytest.raises(InputError, match="not a ninjs"):
        wireparse.parse('{"colour": "blue"}', input_format="ninjs")


@pytest.mark.parametrize("input_format", ["nitf", "newsml"])
def test_forcing_an_xml_reader_on_text_is_one_line_or_empty(input_format: str) -> None:
    try:
        article = wireparse.parse("Just a line of text.", input_format=input_format)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert article.body == ()


# -- ninjs: every documented place of a field ---------------------------------------------------


BODY = "<p>The pier reopened on Saturday after a year of repairs.</p>"


def _ninjs(**keys: object) -> Article:
    return wireparse.parse(json.dumps({"uri": "urn:x", **keys}))


def test_a_ninjs_1x_object_with_only_suffixed_keys_is_ninjs() -> None:
    """ninjs 1.x names its headlines, descriptions and bodies ``<kind>_<name>`` (a pattern):
    ``headline_main`` and ``body_richtext`` are a story."""
    article = _ninjs(headline_main="Pier reopens", body_richtext=BODY)
    assert article.headline == "Pier reopens"
    assert [b.text for b in article.body] == ["The pier reopened on Saturday after a year of "
                                              "repairs."]


@pytest.mark.parametrize("headlines", [
    {"headlines": [{"role": "subhead", "value": "A year of repairs ends"},
                   {"role": "main", "value": "Pier reopens"}]},
    {"headline_subhead": "A year of repairs ends", "headline_main": "Pier reopens"},
])
def test_a_ninjs_sub_headline_is_the_standfirst_never_the_headline(
        headlines: dict[str, object]) -> None:
    article = _ninjs(**headlines, body_html=BODY)
    assert (article.headline, article.standfirst) == ("Pier reopens", "A year of repairs ends")


@pytest.mark.parametrize("role", ["summary", "drol:summary",
                                  "http://cv.iptc.org/newscodes/descriptionrole/summary"])
def test_a_ninjs_role_as_code_qcode_or_uri(role: str) -> None:
    article = _ninjs(headline="Pier reopens", body_html=BODY,
                     descriptions=[{"role": role, "value": "Repairs are done."}])
    assert article.standfirst == "Repairs are done."


def test_a_description_gives_the_standfirst_before_a_sub_headline() -> None:
    article = _ninjs(headlines=[{"value": "Pier reopens"}, {"role": "subhead", "value": "Sub"}],
                     descriptions=[{"role": "summary", "value": "Repairs are done."}],
                     body_html=BODY)
    assert article.standfirst == "Repairs are done."


@pytest.mark.parametrize(("keys", "byline"), [
    ({"authors": [{"name": "Ada Voss", "role": "writer"},
                  {"name": "Ben Ruud", "role": "editor"}]}, "Ada Voss"),
    ({"people": [{"name": "Ola Dahl", "rel": "about"},
                 {"name": "Ada Voss", "rel": "author"}]}, "Ada Voss"),
    ({"people": [{"name": "Ola Dahl", "rel": "about"}]}, None),  # only the story's subject
    ({"by": "Kari Holm", "authors": [{"name": "Ada Voss"}]}, "Kari Holm"),
])
def test_ninjs_byline_from_structured_authors_where_no_by_line_is_given(
        keys: dict[str, object], byline: str | None) -> None:
    assert _ninjs(headline="Pier reopens", body_html=BODY, **keys).byline == byline


@pytest.mark.parametrize("bodies", [
    {"body_html": "", "body_text": "The pier reopened on Saturday."},
    {"body_html": "<div> </div>", "body_text": "The pier reopened on Saturday."},
    {"bodies": [{"contenttype": "text/html", "value": ""},
                {"contenttype": "text/plain", "value": "The pier reopened on Saturday."}]},
])
def test_an_empty_markup_body_gives_way_to_the_plain_text_one(
        bodies: dict[str, object]) -> None:
    article = _ninjs(headline="Pier reopens", **bodies)
    assert [b.text for b in article.body] == ["The pier reopened on Saturday."]


@pytest.mark.parametrize("picture", [
    {"description_caption": "The pier at dawn.", "description_creditline": "Example Photo"},
    {"descriptions": [{"role": "creditline", "value": "Example Photo"},
                      {"value": "The pier at dawn."}]},
    {"description_text": "The pier at dawn.", "byline": "Example Photo"},
])
def test_a_ninjs_picture_associations_caption_and_credit(picture: dict[str, object]) -> None:
    article = _ninjs(headline="Pier", body_html=BODY,
                     associations={"1": {"uri": "urn:p", "type": "picture", **picture}})
    assert article.photos == (Photo("The pier at dawn.", "Example Photo"),)


@pytest.mark.parametrize("picture", [
    {"byline": "Kim Sahl", "headline": "Pier", "description_text": "The pier at dawn."},
    {"by": "Kim Sahl", "headlines": [{"value": "Pier"}],
     "descriptions": [{"role": "text", "contenttype": "text/plain", "value": "The pier at dawn."},
                      {"role": "richtext", "value": "<p>The pier at dawn.</p>"}]},
])
def test_a_ninjs_picture_documents_description_is_its_caption_only(
        picture: dict[str, object]) -> None:
    article = _ninjs(type="picture", **picture)
    assert (article.headline, article.standfirst, article.photos) == (
        "Pier", None, (Photo("The pier at dawn.", "Kim Sahl"),))


def test_a_ninjs_teaser_body_is_read_only_when_no_full_body_is_given() -> None:
    teaser = {"role": "teaser", "contenttype": "text/html", "value": "<p>Pier open.</p>"}
    full = {"role": "main", "contenttype": "text/plain", "value": "The pier reopened."}
    assert [b.text for b in _ninjs(headline="Pier", bodies=[teaser, full]).body] == [
        "The pier reopened."]
    assert [b.text for b in _ninjs(headline="Pier", bodies=[teaser]).body] == ["Pier open."]


def test_a_json_array_of_one_news_object_is_that_object() -> None:
    story = {"uri": "urn:x", "headline": "Pier reopens", "body_html": BODY}
    assert sniff(json.dumps([story])) == "ninjs"
    assert wireparse.parse(json.dumps([story])) == wireparse.parse(json.dumps(story))


def test_a_json_array_of_several_stories_is_refused_in_one_line(tmp_path: Path) -> None:
    story = {"uri": "urn:x", "headline": "Pier reopens", "body_html": BODY}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([story, story]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "2 news items" in result.stderr


def test_a_json_array_of_other_things_is_still_text() -> None:
    text = '[{"colour": "blue"}, {"colour": "red"}]'
    assert text in " ".join(b.text for b in wireparse.parse(text).body)


# -- NewsML-G2: codes as URIs, located, languages, renditions --------------------------------------


def _g2(meta: str, content: str = '<inlineData contenttype="text/plain">The pier reopened.'
        "</inlineData>", lang: str = "") -> Article:
    return wireparse.parse(f'<newsItem xmlns="{G2_NS}"{lang}><itemMeta><itemClass '
                           f'qcode="ninat:text"/></itemMeta><contentMeta>{meta}</contentMeta>'
                           f"<contentSet>{content}</contentSet></newsItem>")


G2_NS = "http://iptc.org/std/nar/2006-10-01/"


@pytest.mark.parametrize(("located", "dateline"), [
    ("<located><name>Skarvik</name></located>", ("Skarvik", "Skarvik", None)),
    ('<located type="cptype:city"><name>Skarvik</name><broader type="cptype:statprov">'
     '<name>Nordland</name></broader><broader type="cptype:country"><name>Norway</name>'
     "</broader></located>", ("Skarvik, Norway", "Skarvik", "Norway")),
    ("<located><name>Skarvik</name><broader><name>Nordland</name></broader></located>",
     ("Skarvik, Nordland", "Skarvik", "Nordland")),
    # a name that carries its own region is read as printed, whatever its broader concepts
    ('<located><name>Lakeport, NY</name><broader type="cptype:country"><name>United States'
     "</name></broader></located>", ("Lakeport, NY", "Lakeport", "NY")),
])
def test_g2_located_gives_the_place_and_its_broader_country(
        located: str, dateline: tuple[str, str, str | None]) -> None:
    article = _g2(located + "<headline>Pier reopens</headline>")
    assert article.dateline is not None
    assert (article.dateline.text, article.dateline.city, article.dateline.country) == dateline


@pytest.mark.parametrize(("lang", "headline"), [
    (' xml:lang="en-GB"', "Pier reopens"),
    (' xml:lang="nb"', "Brygga åpner igjen"),
    ("", "Brygga åpner igjen"),  # no language of its own: document order
])
def test_g2_headline_in_the_items_own_language(lang: str, headline: str) -> None:
    meta = ('<headline xml:lang="nb">Brygga åpner igjen</headline>'
            '<headline xml:lang="en">Pier reopens</headline>')
    assert _g2(meta, lang=lang).headline == headline


@pytest.mark.parametrize(("item_class", "description", "photos"), [
    ('qcode="ninat:picture"', '<description role="drol:caption">The pier at dawn.</description>',
     (Photo("The pier at dawn.", "Example Photo"),)),
    ('uri="http://cv.iptc.org/newscodes/ninature/picture"',
     "<description>The pier at dawn.</description>",
     (Photo("The pier at dawn.", "Example Photo"),)),
    ('qcode="ninat:picture"', '<description role="drol:summary">Pier.</description>', ()),
    ('qcode="ninat:text"', "<description>The pier at dawn.</description>", ()),
])
def test_g2_pictures_a_package_links_to(item_class: str, description: str,
                                        photos: tuple[Photo, ...]) -> None:
    story = ('<newsItem guid="a"><itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentMeta>'
             "<headline>Pier reopens</headline></contentMeta><contentSet><inlineData "
             'contenttype="text/plain">The pier reopened.</inlineData></contentSet></newsItem>')
    message = (f'<newsMessage xmlns="{G2_NS}"><itemSet><packageItem><groupSet><group>'
               f'<itemRef residref="a"><itemClass qcode="ninat:text"/></itemRef>'
               f'<itemRef residref="p"><itemClass {item_class}/>{description}'
               "<creditline>Example Photo</creditline></itemRef></group></groupSet>"
               f"</packageItem>{story}</itemSet></newsMessage>")
    assert wireparse.parse(message).photos == photos


@pytest.mark.parametrize("content", [
    '<inlineXML contenttype="application/xhtml+xml"/>'
    '<inlineData contenttype="text/plain">The pier reopened.</inlineData>',
    '<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml">'
    '<body/></html></inlineXML><inlineData contenttype="text/plain">The pier reopened.'
    "</inlineData>",
    '<inlineXML contenttype="application/nitf+xml"><nitf><body><body.content/></body></nitf>'
    '</inlineXML><inlineData contenttype="text/plain">The pier reopened.</inlineData>',
])
def test_g2_a_rendition_without_text_gives_way_to_the_next(content: str) -> None:
    article = _g2("<headline>Pier reopens</headline>", content)
    assert [b.text for b in article.body] == ["The pier reopened."]


# -- NewsML 1.2: encoded content ------------------------------------------------------------------


def _newsml12_encoded(encoding: str) -> Article:
    return wireparse.parse("<NewsML><NewsItem><NewsComponent><NewsLines><HeadLine>Pier reopens"
                           "</HeadLine></NewsLines><ContentItem><MediaType FormalName='Text'/>"
                           f"<MimeType FormalName='text/plain'/>{encoding}</ContentItem>"
                           "</NewsComponent></NewsItem></NewsML>")


PIER_B64 = "VGhlIHBpZXIgcmVvcGVuZWQu"  # "The pier reopened."


@pytest.mark.parametrize(("encoding", "body"), [
    (f"<Encoding Notation='base64'><DataContent>{PIER_B64}</DataContent></Encoding>",
     ["The pier reopened."]),
    # an Encoding may wrap another; the outer notation is what was done last
    (f"<Encoding Notation='base64'><Encoding Notation='none'><DataContent>{PIER_B64}"
     "</DataContent></Encoding></Encoding>", ["The pier reopened."]),
    ("<Encoding Notation='base64'><DataContent>not*base64!</DataContent></Encoding>", []),
    # an encoding we cannot undo gives no body rather than its bytes as text
    ("<Encoding Notation='x-gzip'><DataContent>H4sIAAAA</DataContent></Encoding>", []),
])
def test_newsml12_encoded_data_content(encoding: str, body: list[str]) -> None:
    article = _newsml12_encoded(encoding)
    assert article.headline == "Pier reopens"
    assert [b.text for b in article.body] == body


PHOTO_ITEM_12 = ("<NewsItem><NewsComponent><NewsLines><HeadLine>Pier at dawn</HeadLine>"
                 "<ByLine>Kim Sahl</ByLine></NewsLines><NewsComponent><Role FormalName='Caption'/>"
                 "<ContentItem><DataContent>The pier at dawn.</DataContent></ContentItem>"
                 "</NewsComponent><NewsComponent><Role FormalName='HighDef'/><ContentItem "
                 "Href='pier.jpg'><MediaType FormalName='Photo'/></ContentItem></NewsComponent>"
                 "</NewsComponent></NewsItem>")
TEXT_ITEM_12 = ("<NewsItem><NewsComponent><NewsLines><HeadLine>Pier reopens</HeadLine>"
                "<ByLine>Jo Marsh</ByLine></NewsLines><ContentItem><DataContent><p>The pier "
                "reopened.</p></DataContent></ContentItem></NewsComponent></NewsItem>")


@pytest.mark.parametrize("items", [TEXT_ITEM_12 + PHOTO_ITEM_12, PHOTO_ITEM_12 + TEXT_ITEM_12])
def test_newsml12_story_and_picture_in_items_of_their_own(items: str) -> None:
    article = wireparse.parse(f"<NewsML>{items}</NewsML>")
    assert (article.headline, article.byline, [b.text for b in article.body]) == (
        "Pier reopens", "Jo Marsh", ["The pier reopened."])
    assert article.photos == (Photo("The pier at dawn.", "Kim Sahl"),)


def test_newsml12_picture_item_alone_is_a_picture_document() -> None:
    article = wireparse.parse(f"<NewsML>{PHOTO_ITEM_12}</NewsML>")
    assert (article.headline, article.byline, article.body, article.photos) == (
        "Pier at dawn", "Kim Sahl", (), (Photo("The pier at dawn.", "Kim Sahl"),))


# -- robustness: how the bytes come ---------------------------------------------------------------


ISLAND_NITF = ('<?xml version="1.0" encoding="{enc}"?><nitf><body><body.head><hedline>'
               "<hl1>Ferja siglir til Gullhólms</hl1></hedline></body.head><body.content>"
               "<p>The ferry sailed at dawn.</p></body.content></body></nitf>")


@pytest.mark.parametrize(("declared", "codec", "bom"), [
    ("UTF-8", "utf-8", b"\xef\xbb\xbf"),
    ("UTF-16", "utf-16-le", b"\xff\xfe"),
    ("UTF-16", "utf-16-be", b"\xfe\xff"),
    ("UTF-16", "utf-16-le", b""),  # XML 1.0 appendix F: known by its opening "<?"
    ("UTF-16", "utf-16-be", b""),
    ("ISO-8859-1", "utf-8", b""),  # declared wrong: the bytes are UTF-8
    ("UTF-8", "cp1252", b""),  # declared wrong: the bytes are not UTF-8
])
def test_agency_xml_in_any_encoding_it_is_sent_in(declared: str, codec: str, bom: bytes) -> None:
    data = bom + ISLAND_NITF.format(enc=declared).encode(codec)
    article = wireparse.parse(data)
    assert article.headline == "Ferja siglir til Gullhólms"
    assert [b.text for b in article.body] == ["The ferry sailed at dawn."]


def test_ninjs_with_a_byte_order_mark() -> None:
    story = {"uri": "urn:x", "headline": "Ferja siglir", "body_text": "The ferry sailed at dawn."}
    article = wireparse.parse(b"\xef\xbb\xbf" + json.dumps(story).encode("utf-8"))
    assert (article.headline, [b.text for b in article.body]) == (
        "Ferja siglir", ["The ferry sailed at dawn."])


@pytest.mark.parametrize(("bylines", "byline"), [
    ("<byline>By <person>Mara Quist</person></byline><byline><person>Tom Ekk</person></byline>",
     "Mara Quist, Tom Ekk"),
    ("<byline>By Mara Quist</byline><byline>By Tom Ekk</byline>", "Mara Quist, Tom Ekk"),
    ("<byline>Mara Quist</byline><byline>Tom Ekk</byline>", "Mara Quist, Tom Ekk"),
    # after a "By" line, a plain one is its title or desk, not another author
    ("<byline>By Mara Quist</byline><byline>Example News Writer</byline>", "Mara Quist"),
    ("<byline><person>Mara Quist</person><byttl>Staff</byttl><virtloc>mq@example.org</virtloc>"
     "</byline>", "Mara Quist"),
])
def test_nitf_byline_elements_one_per_author(bylines: str, byline: str) -> None:
    article = wireparse.parse(NITF.format(head="<hedline><hl1>Pier reopens</hl1></hedline>"
                                               + bylines, body="<p>The pier reopened.</p>"))
    assert article.byline == byline


@pytest.mark.parametrize(("body", "paragraphs"), [
    # NITF's body holds any number of body.content elements
    ("<body.content><p>The pier reopened.</p></body.content>"
     "<body.content><p>Crowds came.</p></body.content>", ["The pier reopened.", "Crowds came."]),
    # none at all (a file that does not validate): the body's own elements, head left out
    ("<p>The pier reopened.</p><block><p>Crowds came.</p></block>"
     "<body.end><tagline>Jo Marsh contributed.</tagline></body.end>",
     ["The pier reopened.", "Crowds came."]),
])
def test_an_nitf_body_in_several_body_contents_or_none(body: str, paragraphs: list[str]) -> None:
    article = wireparse.parse("<nitf><body><body.head><hedline><hl1>Pier reopens</hl1></hedline>"
                              f"</body.head>{body}</body></nitf>")
    assert article.headline == "Pier reopens"
    assert [b.text for b in article.body] == paragraphs


def test_an_nitf_block_dateline_in_a_later_body_content() -> None:
    article = wireparse.parse(
        "<nitf><body><body.head><hedline><hl1>Pier reopens</hl1></hedline></body.head>"
        "<body.content><p>Editor's summary: the pier is open again.</p></body.content>"
        "<body.content><block><dateline><location><city>Brightwell</city></location>"
        "</dateline><p>The pier reopened on Saturday after two years of repairs.</p></block>"
        "</body.content></body></nitf>")
    assert article.dateline is not None and article.dateline.city == "Brightwell"
    assert "Brightwell" not in " ".join(b.text for b in article.body)


@pytest.mark.parametrize("body", ["<body.content/>", "<body.content>  </body.content>", ""])
def test_an_nitf_without_body_text_is_its_head(body: str) -> None:
    article = wireparse.parse(f"<nitf><body><body.head><hedline><hl1>Ferry sails</hl1></hedline>"
                              f"<byline>By Mara Quist</byline></body.head>{body}</body></nitf>")
    assert (article.headline, article.byline, article.body) == ("Ferry sails", "Mara Quist", ())


# -- the markup's roles through the shared stages -----------------------------------------------


NITF = """<nitf><head><title>SLUG-ONLY</title></head><body><body.head>{head}</body.head>
<body.content>{body}</body.content></body></nitf>"""


def test_nitf_title_is_never_the_headline_when_hl1_exists() -> None:
    article = wireparse.parse(NITF.format(head="<hedline><hl1>Real headline</hl1></hedline>",
                                          body="<p>Some text of the story here.</p>"))
    assert article.headline == "Real headline"


def test_nitf_title_is_the_fallback_headline() -> None:
    article = wireparse.parse(NITF.format(head="", body="<p>Some text of the story here.</p>"))
    assert article.headline == "SLUG-ONLY"


def test_printed_dateline_wins_and_the_markup_one_is_kept_for_inspection() -> None:
    head = "<dateline>Springfield, May 2</dateline>"
    body = "<p>SHELBYVILLE, May 2 (AP) - The fair opened.</p>"
    article = wireparse.parse(NITF.format(head=head, body=body))
    assert article.dateline is not None and article.dateline.city == "Shelbyville"
    kept = [d for d in article.decisions if "markup's own" in d.reason]
    assert [d.text for d in kept] == ["Springfield, May 2"]


def test_markup_dateline_is_used_where_none_is_printed() -> None:
    head = ("<dateline><location><city>SPRINGFIELD</city><state>Ill.</state></location>, "
            '<story.date norm="20200502T000000">May 2</story.date></dateline>')
    article = wireparse.parse(NITF.format(head=head, body="<p>The fair opened.</p>"))
    assert article.dateline == Dateline("SPRINGFIELD, Ill., May 2", "Springfield", "Ill.",
                                        "--05-02", "May 2", None)
    assert article.body == (Block("paragraph", "The fair opened."),)


# The same story in each format: the dateline prints no year, the envelope dates it 2020.
ENVELOPE_DATED = {
    "nitf": ('<nitf><head><docdata><date.issue norm="20200503T101500Z"/></docdata></head>'
             "<body><body.head><hedline><hl1>Fair opens</hl1></hedline></body.head>"
             "<body.content><p>SPRINGFIELD, May 2 (AP) - The fair opened.</p></body.content>"
             "</body></nitf>"),
    "newsml 1.2": ("<NewsML><NewsItem><Identification><NewsIdentifier><DateId>20200503"
                   "</DateId></NewsIdentifier></Identification><NewsComponent><NewsLines>"
                   "<HeadLine>Fair opens</HeadLine></NewsLines><ContentItem><DataContent>"
                   "<p>SPRINGFIELD, May 2 (AP) - The fair opened.</p></DataContent>"
                   "</ContentItem></NewsComponent></NewsItem></NewsML>"),
    "newsml-g2": ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta>'
                  "<versionCreated>2020-05-03T10:15:00Z</versionCreated></itemMeta>"
                  "<contentMeta><headline>Fair opens</headline></contentMeta><contentSet>"
                  '<inlineXML contenttype="application/xhtml+xml"><html '
                  'xmlns="http://www.w3.org/1999/xhtml"><body><p>SPRINGFIELD, May 2 (AP) - '
                  "The fair opened.</p></body></html></inlineXML></contentSet></newsItem>"),
    "ninjs": json.dumps({"uri": "urn:x", "versioncreated": "2020-05-03T10:15:00Z",
                         "headline": "Fair opens",
                         "body_html": "<p>SPRINGFIELD, May 2 (AP) - The fair opened.</p>"}),
}


@pytest.mark.parametrize("kind", ENVELOPE_DATED)
def test_the_envelopes_date_is_kept_as_metadata_and_gives_the_dateline_no_year(
        kind: str) -> None:
    """An item re-sent or corrected later (or across a year boundary) carries a later date
    than its dateline: a year only where printed, or from the user's reference date."""
    article = wireparse.parse(ENVELOPE_DATED[kind])
    assert article.dateline is not None and article.dateline.date == "--05-02"
    kept = [d for d in article.decisions if d.role == "metadata"]
    assert [d.text for d in kept] == ["2020-05-03"] and kept[0].evidence
    dated = wireparse.parse(ENVELOPE_DATED[kind], reference_date="2021-04-30")
    assert dated.dateline is not None and dated.dateline.date == "2021-05-02"


def test_a_year_printed_in_an_agency_dateline_is_kept() -> None:
    story = ENVELOPE_DATED["nitf"].replace("May 2 (AP)", "May 2, 2019 (AP)")
    article = wireparse.parse(story)
    assert article.dateline is not None and article.dateline.date == "2019-05-02"


@pytest.mark.parametrize(("located", "city"), [
    ("Jo Marsh, Ohio", None),  # the desk put the author where the place goes
    ("Springfield, Ohio", "Springfield"),
])
def test_a_markup_dateline_naming_the_bylines_person_is_no_place(located: str,
                                                                 city: str | None) -> None:
    doc = {"uri": "urn:x", "headline": "Fair opens", "byline": "Jo Marsh, Ohio State University",
           "located": located, "body_html": "<p>The fair opened on a sunny day.</p>"}
    article = wireparse.parse(json.dumps(doc))
    assert (article.dateline.city if article.dateline else None) == city


def test_printed_byline_wins_over_the_byline_element() -> None:
    head = "<byline>Staff Reporter</byline>"
    body = "<p>By Jo Marsh</p><p>The fair opened on a sunny day in the town.</p>"
    article = wireparse.parse(NITF.format(head=head, body=body))
    assert article.byline == "Jo Marsh"
    assert article.body[0].text.startswith("The fair")


def test_declared_paragraphs_still_meet_end_marks_and_trailers() -> None:
    body = ("<p>The fair opened. (Reporting by Jo Marsh; Editing by Al Grey)</p>"
            "<p>ENDS</p><p>Not part of the story.</p>")
    article = wireparse.parse(NITF.format(head="", body=body))
    assert [b.text for b in article.body] == ["The fair opened."]


def test_a_paragraph_repeating_the_headline_is_not_body() -> None:
    head = "<hedline><hl1>Fair opens</hl1></hedline>"
    body = "<p>Fair opens</p><p>The fair opened on a sunny day.</p>"
    article = wireparse.parse(NITF.format(head=head, body=body))
    assert [b.text for b in article.body] == ["The fair opened on a sunny day."]


def _ninjs_body(body_html: str) -> list[str]:
    doc = {"uri": "urn:x", "headline": "Fair opens", "body_html": body_html}
    return [b.text for b in wireparse.parse(json.dumps(doc)).body]


def test_paragraphs_set_in_italics_after_the_story_are_end_matter() -> None:
    body = ("<p>The fair opened on a sunny day.</p><p>Crowds came <i>early</i> and stayed.</p>"
            "<p><i><b>Jo Marsh</b> writes about </i><a href='#'><u><i>country fairs</i></u></a>"
            "<i>.</i></p><p><em>First published by the Example Weekly.</em></p>")
    assert _ninjs_body(body) == ["The fair opened on a sunny day.",
                                 "Crowds came early and stayed."]
    nitf = wireparse.parse(NITF.format(head="", body=body))
    assert [b.text for b in nitf.body] == ["The fair opened on a sunny day.",
                                           "Crowds came early and stayed."]
    assert any("italics" in d.reason for d in nitf.decisions)


def test_italic_paragraphs_inside_the_story_or_a_body_all_in_italics_stay() -> None:
    middle = "<p>The fair opened.</p><p><i>A quiet aside.</i></p><p>Crowds came.</p>"
    assert _ninjs_body(middle) == ["The fair opened.", "A quiet aside.", "Crowds came."]
    all_italic = "<p><i>The fair opened.</i></p><p><i>Crowds came.</i></p>"
    assert _ninjs_body(all_italic) == ["The fair opened.", "Crowds came."]


def test_g2_notepad_and_editorial_sections_stay_out_of_the_body() -> None:
    article = wireparse.parse((FIXTURES / "g2-xhtml-notepad.newsml.xml").read_bytes())
    text = " ".join(b.text for b in article.body)
    assert "Internal" not in text and "Notizblock" not in text and "Verkehr" not in text


def test_inspect_shows_where_each_block_came_from() -> None:
    article = wireparse.parse((FIXTURES / "nitf-head-and-body.nitf.xml").read_bytes())
    evidence = {d.role: d.evidence for d in article.decisions if d.evidence}
    assert evidence["headline"] == "nitf/body/body.head/hedline/hl1"
    assert any(d.role == "junk" and "body.end" in d.evidence for d in article.decisions)


def test_entities_of_a_dtd_that_is_never_loaded_become_their_characters() -> None:
    body = "<p>Caf&eacute; &mdash; open&nbsp;now.</p>"
    article = wireparse.parse(NITF.format(head="", body=body))
    assert article.body[0].text == "Café — open now."


# -- writers: one to one, valid against IPTC's schemas ---------------------------------------


def _documents() -> list[tuple[str, Article]]:
    docs = [(p.name, wireparse.parse(p.read_bytes())) for p in INPUTS]
    docs += [(p.name, wireparse.parse(p.read_bytes())) for p in TEXT_FIXTURES]
    docs.append(("empty", Article()))
    return docs


DOCUMENTS = _documents()


@pytest.mark.parametrize(("name", "article"), DOCUMENTS, ids=[n for n, _ in DOCUMENTS])
@pytest.mark.parametrize("version", [1, 2, 3])
def test_ninjs_output_validates(name: str, article: Article, version: int) -> None:
    report = validate(ninjs_json(article, version))  # type: ignore[arg-type]
    assert report.kind.startswith(f"ninjs {version}.")
    assert report.errors == ()


@pytest.mark.parametrize(("name", "article"), DOCUMENTS, ids=[n for n, _ in DOCUMENTS])
def test_nitf_output_validates(name: str, article: Article) -> None:
    report = validate(to_nitf(article))
    assert report.errors == ()


def test_validation_finds_errors_it_should() -> None:
    doc = to_ninjs(Article(headline="Hi"))
    doc["headlines"] = "Hi"
    assert validate(json.dumps(doc)).errors
    nitf = to_nitf(Article(headline="Hi")).replace("<hedline><hl1>Hi</hl1></hedline>",
                                                   "<hedline><hl2>Hi</hl2></hedline>")
    assert any("hl2" in error for error in validate(nitf).errors)


def test_ninjs_fields_map_one_to_one() -> None:
    article = Article(
        headline="Rain stops play", standfirst="No cricket today.", byline="Jane Roe",
        photos=(Photo("Covers on the pitch.", "John Doe/Reuters"),),
        dateline=Dateline("LONDON, June 3 (Reuters) -", "London", None, "--06-03", "June 3",
                          "Reuters"),
        body=(Block("paragraph", "It rained all day."), Block("subheading", "Tomorrow"),
              Block("paragraph", "Play resumes.")),
    )
    doc = to_ninjs(article)
    assert doc["headlines"] == [{"role": "main", "contenttype": "text/plain",
                                 "value": "Rain stops play"}]
    assert doc["descriptions"] == [{"role": "lead", "contenttype": "text/plain",
                                    "value": "No cricket today."}]
    assert doc["by"] == "Jane Roe"
    assert doc["located"] == "London"
    assert doc["bodies"][0]["value"] == ("<p>LONDON, June 3 (Reuters) - It rained all day.</p>"
                                         "<h2>Tomorrow</h2><p>Play resumes.</p>")
    assert doc["associations"][0]["descriptions"] == [
        {"role": "caption", "contenttype": "text/plain", "value": "Covers on the pitch."}]
    assert doc["associations"][0]["by"] == "John Doe/Reuters"
    v1 = to_ninjs(article, 1)
    assert (v1["headline"], v1["description_text"], v1["byline"]) == (
        "Rain stops play", "No cricket today.", "Jane Roe")
    assert "versionCreated" not in to_ninjs(article, 3) and "contentType" in json.dumps(
        to_ninjs(article, 3))


def test_a_dateline_the_text_rules_would_not_read_back_is_not_printed() -> None:
    article = Article(dateline=Dateline("Unnamed Valley", "Unnamed Valley"),
                      body=(Block("paragraph", "Snow fell."),))
    assert printed_dateline(article) is None
    assert to_ninjs(article)["located"] == "Unnamed Valley"
    assert wireparse.parse(ninjs_json(article)) == article


# -- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "article"), DOCUMENTS, ids=[n for n, _ in DOCUMENTS])
@pytest.mark.parametrize("fmt", ["ninjs1", "ninjs2", "ninjs3", "nitf"])
def test_round_trip_of_every_fixture(name: str, article: Article, fmt: str) -> None:
    assert wireparse.parse(_write(article, fmt)) == article


def _write(article: Article, fmt: str) -> str:
    if fmt == "nitf":
        return to_nitf(article)
    return ninjs_json(article, int(fmt[-1]))  # type: ignore[arg-type]


# -- command line ------------------------------------------------------------------------------


def test_cli_writes_ninjs_and_nitf_that_validate(tmp_path: Path) -> None:
    runner = CliRunner()
    src = str(FIXTURES / "nitf-head-and-body.nitf.xml")
    for args, name in ((["-f", "ninjs"], "a.json"), (["-f", "ninjs", "--ninjs-version", "3"],
                                                     "b.json"), (["-f", "nitf"], "c.xml")):
        out = tmp_path / name
        result = runner.invoke(cli, ["parse", src, *args, "-o", str(out)])
        assert result.exit_code == 0, result.output
        check = runner.invoke(cli, ["validate", str(out)])
        assert check.exit_code == 0 and "valid" in check.stdout


def test_cli_validate_names_the_first_errors_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"headline": 3}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{bad}: invalid (ninjs 1.6)",
        "  /: 'uri' is a required property",
        "  /headline: 3 is not of type 'string'",
    ]


def test_cli_validate_a_file_that_is_neither_json_nor_xml(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Just text.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


def test_cli_nitf_holds_one_document(tmp_path: Path) -> None:
    src = str(FIXTURES / "nitf-head-and-body.nitf.xml")
    result = CliRunner().invoke(cli, ["parse", src, src, "-f", "nitf"])
    assert result.exit_code == 2
    assert "one document per file" in result.output


def test_batch_writes_ninjs_and_nitf(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for path in INPUTS[:3]:
        (src / path.name).write_bytes(path.read_bytes())
    for fmt, suffix in (("ninjs", ".ninjs.json"), ("nitf", ".nitf.xml")):
        out = tmp_path / fmt
        result = CliRunner().invoke(cli, ["batch", str(src), "-o", str(out), "-f", fmt, "-j", "1",
                                          "-q"])
        assert result.exit_code == 0, result.output
        written = sorted(out.rglob(f"*{suffix}"))
        assert len(written) == 3
        for path in written:
            assert validate(path.read_text(encoding="utf-8")).errors == ()


def test_a_markup_dateline_with_a_date_in_digits_reads_back_from_nitf() -> None:
    article = wireparse.parse("<NewsML><NewsItem><NewsComponent><NewsLines>"
                              "<HeadLine>Talks resume</HeadLine>"
                              "<DateLine>Lakeside (Arcadia), 26-11-2023 (XYZ) -</DateLine>"
                              "</NewsLines><ContentItem><DataContent><p>Talks resumed on "
                              "Sunday.</p></DataContent></ContentItem></NewsComponent>"
                              "</NewsItem></NewsML>")
    assert article.dateline == Dateline("Lakeside (Arcadia), 26-11-2023 (XYZ) -", "Lakeside",
                                        "Arcadia", "2023-11-26", "26-11-2023", None)
    assert wireparse.parse(to_nitf(article)) == article


def test_watch_once_writes_nitf(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "story.ninjs.json").write_bytes(
        (FIXTURES / "ninjs2-bodies.ninjs.json").read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["watch", str(inbox), "-o", str(out), "--once", "--poll",
                                      "--stable-for", "0", "-f", "nitf", "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    [written] = out.glob("*.nitf.xml")
    assert validate(written.read_text(encoding="utf-8")).errors == ()
    assert wireparse.parse(written.read_bytes()).headline == (
        "City rooftops become home to wild bees")


def test_the_article_renders_itself_in_both_formats() -> None:
    article = wireparse.parse((FIXTURES / "nitf-head-and-body.nitf.xml").read_bytes())
    for out in (article.to_ninjs(), article.to_ninjs(1), article.to_ninjs(3), article.to_nitf()):
        assert validate(out).errors == ()
        assert wireparse.parse(out).to_dict() | {"source": None} == article.to_dict() | {
            "source": None}
    with pytest.raises(ValueError, match="1, 2 or 3"):
        article.to_ninjs(4)


def test_a_name_that_opens_like_a_byline_prefix_reads_back_whole() -> None:
    article = Article(headline="Talks", byline="Di Stefano",
                      body=(Block("paragraph", "Talks went on."),))
    for out in (ninjs_json(article, 1), ninjs_json(article), to_nitf(article)):
        assert wireparse.parse(out).byline == "Di Stefano"
    assert to_ninjs(Article(byline="Jane Roe"))["by"] == "Jane Roe"
