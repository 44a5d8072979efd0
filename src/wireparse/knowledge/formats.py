"""What the agency formats' vocabularies mean (NITF, NewsML 1.2 / G2, ninjs, digitalwires).

One row per element name, role code or class word; the readers look things up here instead of
spelling them out in code. Names are local names (no namespace), compared in lower case.
"""

from __future__ import annotations

# -- body markup (NITF body.content, XHTML bodies in NewsML / ninjs) --------------------------

# Elements whose text is one paragraph ("li": a list item; "dt"/"dd": a definition list).
# Agencies' own dialects appear beside the standard names, each marked: TT's NITF-like body
# (``application/ttnitf+xml``: INGRESS, BRODTEXT, MELLIS, CITAT, BYLINE, BILD, DAT).
PARAGRAPH_TAGS = frozenset("p li dt dd pre address caption credit tagline citat".split())
# Elements that head a section of the body (NITF hl2; XHTML h1-h6; TT MELLIS).
SUBHEADING_TAGS = frozenset("hl1 hl2 h1 h2 h3 h4 h5 h6 mellis".split())
# Elements that only hold other blocks (TT INGRESS, BRODTEXT).
CONTAINER_TAGS = frozenset(
    "body body.content block div section article main aside blockquote bq ul ol dl table "
    "thead tbody tfoot nitf-table html center fn ingress brodtext".split()
)
# The story's byline where a body carries it as an element of its own (TT BYLINE).
BYLINE_TAGS = frozenset(("byline",))
# A row of a table: its cells make one line of text (agate, results, listings).
ROW_TAGS = frozenset(("tr",))
# Photo holders: NITF <media>, XHTML <figure>.
PHOTO_TAGS = frozenset(("media", "figure", "bild"))
# Photo holders with caption and credit in elements of their own: (caption, credit) names.
PHOTO_PARTS = {"media": ("media-caption", "media-producer"), "bild": ("bildtext", "bildskapare")}
# Never text of the story: metadata inside the body, scripts, editors' notes.
SKIP_TAGS = frozenset(
    "head body.head script style link meta nitf-table-metadata media-metadata media-object object "
    "embed iframe video audio source track noscript template img hr".split()
)
# Read, but as junk: NITF editors' notes and the story's end matter (taglines, bibliographies),
# the XHTML <header> that repeats title and slugline above a body, TT's DAT (place and source
# as metadata, not printed as a dateline), NITF's block/dateline (the reader takes it as the
# markup's dateline).
JUNK_TAGS = frozenset("note ed-msg body.end header footer nav dat dateline".split())
# Class names that mark an element as not for publication or as a desk's aside (dpa notepad
# sections, "editorsnote" blocks): matched at the start of any class of the element.
JUNK_CLASS_PREFIXES: tuple[str, ...] = (
    "notepad", "np-", "nonpublic", "non-public", "ednote", "editorsnote", "editorial-note",
    "editornote", "notforpub", "not-for-pub", "slugline", "linkbox",
)
# Whole class names of a line's labels that are not its text (a kicker, the source's name
# beside it), matched exactly: as prefixes they would catch layout wrappers.
JUNK_CLASS_NAMES = frozenset(("kicker", "vignette", "source", "slug", "dateline-meta"))
# Emphasis elements. A run of paragraphs set wholly in them at the very end of a body, after
# the story's own paragraphs, is end matter set apart by the desk: an author's bio, "This
# article was first published…", an editor's note, a republishing licence.
ITALIC_TAGS = frozenset(("i", "em"))
# Class words of a figure's part that holds its credit (TT's ``div.byline``, ``span.credit``).
CREDIT_CLASS_WORDS: tuple[str, ...] = (
    "credit", "byline", "photographer", "copyright", "source", "author",
)

# -- NITF ----------------------------------------------------------------------------------

# Root element local names by format (compared in lower case).
NITF_ROOTS = frozenset(("nitf",))
NEWSML12_ROOTS = frozenset(("newsml",))
NEWSML_G2_ROOTS = frozenset(("newsitem", "newsmessage", "packageitem"))
NEWSML_G2_NAMESPACE = "http://iptc.org/std/nar/2006-10-01/"

# -- NewsML-G2 -----------------------------------------------------------------------------

# ``description@role`` / ``headline@role`` codes (prefix stripped: "drol:summary" → "summary").
G2_STANDFIRST_ROLES = frozenset(("summary", "teaser", "lead", "abstract", "subheadline", "sub"))
G2_CAPTION_ROLES = frozenset(("caption",))
# Headline roles that are no main headline.
G2_NOT_MAIN_HEADLINE_ROLES = frozenset(("subheadline", "sub", "short", "kicker", "alternate",
                                        "seo", "teaser"))
# ``inlineData@rendition`` / ``@role`` words of renditions that are not the story's text.
G2_NOT_TEXT_RENDITIONS: tuple[str, ...] = ("headline", "public", "notepad", "nonpublic", "note",
                                          "caption", "summary", "metadata")

# -- ninjs ---------------------------------------------------------------------------------

# ``descriptions[].role`` values (lower case) that hold a standfirst.
NINJS_STANDFIRST_ROLES = frozenset(("lead", "summary", "abstract", "teaser", "description",
                                    "intro", "ingress", "standfirst", "deck"))
NINJS_CAPTION_ROLES = frozenset(("caption", "alt", "alttext", "description"))
# Roles that only name a description's (or headline's, body's) format, or none at all: the
# IPTC examples give a picture's caption as ``descriptions[{role: text}]`` beside a
# ``{role: richtext}`` copy, or with no role; ninjs 1.x spells them as key suffixes
# (``description_text``, ``description_richtext``, ``headline_main``).
NINJS_PLAIN_ROLES = frozenset(("", "text", "plain", "richtext", "html", "xhtml", "main",
                               "default"))
# ``bodies[].role`` values (beside the format roles above) of the story's whole text; a body
# of any other role (a teaser, a summary, a shorter cut) is read only when none of these is.
NINJS_FULL_BODY_ROLES = frozenset(("body", "article", "full", "story", "nitf", "content"))
# ``headlines[].role`` (1.x ``headline_<role>``) values of a sub-headline: the standfirst
# where no description gives one (as NITF ``hl2`` and G2's sub-headline role).
NINJS_SUBHEADLINE_ROLES = frozenset(("subhead", "subheadline", "sub", "subtitle"))
# ``authors[].role`` / ``people[].rel`` values of the story's writer (a byline where neither
# ``by`` nor ``byline`` gives one).
NINJS_WRITER_ROLES = frozenset(("", "writer", "author", "reporter", "correspondent",
                                "creator", "byline"))
NINJS_CREDIT_ROLES = frozenset(("creditline", "credit", "copyrightnotice"))
# ``bodies[].role`` / ``contenttype`` choices, most useful first.
NINJS_BODY_PREFERENCE: tuple[str, ...] = ("text/html", "application/xhtml+xml",
                                          "text/vnd.iptc.nitf", "application/nitf+xml",
                                          "text/plain")
# ``associations`` types that are pictures.
PICTURE_TYPES = frozenset(("picture", "image", "graphic", "photo"))
