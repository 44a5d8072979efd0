"""What news pages' markup says about its parts: tag sets and class/id hints, one row per thing.

A hint row names a kind of page part ("related", "share", "caption", …) and the words that
mark it in ``class``/``id``/``role`` attributes. Words match at the start of a word of the
attribute (``related`` matches ``related-links`` and ``relatedStories`` but not
``unrelated``); a word written with a trailing ``$`` must also end the class name (``ad$``
matches ``ad`` and ``top_ad`` but not ``address`` or ``ad-free-layout``).
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

HintKind = Literal["junk", "figure", "caption", "credit", "dateline", "standfirst", "byline",
                   "body"]


class Hint(NamedTuple):
    name: str
    kind: HintKind
    words: tuple[str, ...]
    example: str


HINTS: tuple[Hint, ...] = (
    # Page parts that are never article text.
    Hint("related", "junk", ("related", "recommend", "more-stories", "more-from", "moreon",
                             "read-more", "readmore", "read-also", "read-next", "readnext",
                             "also-read",
                             "see-also", "further-reading", "story-list", "trending",
                             "most-popular", "mostpopular", "most-read", "mostread", "popular$",
                             "outbrain", "taboola", "recirc", "you-may-like", "next-article",
                             "up-next", "upnext", "linked-stories", "external-links"),
         '<div class="related-stories">'),
    Hint("newsletter", "junk", ("newsletter", "subscribe", "subscription", "signup", "sign-up",
                                "optin", "opt-in", "paywall", "regwall", "inline-cta",
                                "membership"),
         '<aside class="newsletter-signup">'),
    Hint("share", "junk", ("share$", "shares$", "share-", "share_", "sharebar", "sharing",
                           "social", "sociable", "addthis", "print-link",
                           "follow-us", "tools$", "toolbar", "bookmark"),
         '<ul class="share-bar">'),
    Hint("comments", "junk", ("comments$", "comment-", "comment$", "commenting", "disqus",
                              "discussion", "respond$", "reply$"),
         '<section id="comments">'),
    Hint("ads", "junk", ("ad$", "ads$", "advert", "adslot", "adunit", "ad-slot", "ad-unit",
                         "adwrap", "ad-wrap", "dfp", "gpt-ad", "sponsor", "promo", "banner$",
                         "commercial", "marketing", "affiliate"),
         '<div class="ad-slot">'),
    Hint("navigation", "junk", ("nav$", "navbar", "navigation", "menu", "breadcrumb",
                                "masthead", "skip-link", "skiplink", "pagination", "pager$",
                                "site-header", "site-footer", "footer", "topbar", "top-bar"),
         '<div class="breadcrumbs">'),
    Hint("sidebar", "junk", ("sidebar", "side-bar", "right-rail", "aside$"),
         '<div class="sidebar">'),
    Hint("tags", "junk", ("tags$", "tag-list", "taglist", "keywords", "topics$", "categories"),
         '<ul class="tags">'),
    Hint("author-bio", "junk", ("author-bio", "authorbio", "bio$", "about-author",
                                "author-info", "contributor-bio"),
         '<div class="author-bio">'),
    Hint("timestamp", "junk", ("timestamp", "pubdate", "publish-date", "published-date",
                               "date-published", "dateline-time", "article-date", "post-date",
                               "entry-date", "story-date", "updated-date", "reading-time",
                               "read-time"),
         '<span class="timestamp">'),
    Hint("page-tools", "junk", ("cookie", "consent", "gdpr", "modal", "popup", "overlay",
                                "visually-hidden", "sr-only", "screen-reader",
                                "print-only", "noprint", "login", "signin"),
         '<div class="cookie-banner">'),
    # Page parts that go to fields other than the body.
    Hint("figure", "figure", ("figure", "image-wrap", "img-wrap", "media-wrap", "photo$",
                              "article-image", "image-container", "img-container",
                              "lead-image", "hero-image", "main-image", "featured-image",
                              "post-thumbnail", "wp-caption",
                              "picture$", "gallery", "slideshow", "video", "player"),
         '<div class="photo">'),
    Hint("caption", "caption", ("caption", "figcaption", "cutline", "image-desc", "photo-desc",
                                "img-desc", "legend$"),
         '<p class="caption">'),
    Hint("credit", "credit", ("credit", "photographer", "copyright", "image-source",
                              "photo-source", "byline-photo"),
         '<span class="credit">'),
    Hint("dateline", "dateline", ("dateline", "date-line", "location$"),
         '<span class="dateline">'),
    Hint("standfirst", "standfirst", ("standfirst", "dek$", "deck$", "subtitle", "sub-title",
                                      "subheadline", "sub-headline", "subhead$", "strapline",
                                      "summary", "lede$", "lead$", "intro$", "excerpt",
                                      "description$", "article-lead", "article-intro"),
         '<p class="article-dek">'),
    Hint("byline", "byline", ("byline", "author", "writer", "contributor"),
         '<div class="byline">'),
    Hint("body", "body", ("article-body", "articlebody", "story-body", "storybody",
                          "article-text", "story-text", "entry-content", "post-content",
                          "article-content", "story-content", "body-text", "articletext",
                          "content-body", "text-body", "article__body", "story__body"),
         '<div class="article-body">'),
)

# Buttons and labels of photo and video players and galleries: never a caption.
class Control(NamedTuple):
    name: str
    pattern: str
    example: str


FIGURE_CONTROL_ROWS: tuple[Control, ...] = (
    Control("button", r"less|more|close|caption|caption close|hide caption|show caption|"
            r"toggle caption|expand|enlarge|enlarge this image|zoom|photos?|gallery|image|video|"
            r"play|replay|pause|watch|fullscreen|full screen|previous|next|prev|back",
            "NEXT"),
    Control("counter", r"(?:(?:image|photo|picture|slide)\s)?\d+\s?(?:of|/)\s?\d+", "Photo 3 of 12"),
    Control("range-counter", r"(?:(?:images?|photos?|pictures?|slides?)\s)?\d+\s?[-–]\s?\d+\s(?:of|/)\s?\d+",
            "1 - 5 of 36"),
    Control("gallery-link", r"(?:see|view|launch|open|browse|start)\s(?:the\s)?(?:full\s)?(?:photo\s)?"
            r"(?:gallery|slideshow|slide show)(?:\s\(?\d+\s(?:photos|images)\)?)?",
            "SEE FULL GALLERY"),
    Control("photo-count", r"\d+\s(?:photos|images|pictures)", "36 photos"),
)
FIGURE_CONTROLS = re.compile(
    "(?i)(?:" + "|".join(f"(?:{row.pattern})" for row in FIGURE_CONTROL_ROWS) + r")[\s»›>]*$")


# Credits printed at the end of a caption, one row per form; the credit group is what the
# document keeps. Agency-signed forms ("… REUTERS/Jane Roe") are built from the agencies of the
# credit knowledge by the reader (``readers.html._agency_credit``).
class CaptionCredit(NamedTuple):
    name: str
    pattern: str
    example: str
    credit: str
    """The credit the example must give."""


CAPTION_CREDITS: tuple[CaptionCredit, ...] = (
    CaptionCredit("photo-by", r"[(\[]\s?(?:photo|photograph|image|picture)s?\s(?:by|courtesy(?:\sof)?)"
                  r":?\s(?P<credit>[^()\[\]]{2,100}?)\s?[)\]]",
                  "Crowds wait at the pier. (Photo by Jane Roe via Getty Images)",
                  "Jane Roe via Getty Images"),
    # Unbracketed, it must follow the caption's last sentence: "A picture by the river" is a
    # caption of its own.
    CaptionCredit("photo-by-after-sentence", r"(?<=[.!?”\"]\s)(?:photo|photograph|image|picture)s?\s"
                  r"(?:by|courtesy(?:\sof)?):?\s(?P<credit>[^().!?]{2,80})",
                  "Crowds wait at the pier. Photo by Jane Roe", "Jane Roe"),
    CaptionCredit("image-source", r"(?:image|photo|picture) source,?:?\s(?P<credit>[^,.]{2,60})",
                  "Crowds wait at the pier. Image source, Getty Images", "Getty Images"),
    CaptionCredit("credit-label", r"(?:credit|photo credit|image credit):\s?(?P<credit>[^()]{2,80}?)",
                  "Crowds wait at the pier. Credit: Jane Roe", "Jane Roe"),
)
_CAPTION_CREDIT = re.compile(
    r"(?i)(?P<caption>.{0,600}?)[\s,;|–—-]*(?:"
    + "|".join(f"(?:{row.pattern})" for row in CAPTION_CREDITS).replace("(?P<credit>", "(?:")
    + r")\s*$")
_CAPTION_CREDIT_ROWS = tuple(
    re.compile(r"(?i)(?P<caption>.{0,600}?)[\s,;|–—-]*(?:" + row.pattern + r")\s*$")
    for row in CAPTION_CREDITS)
# Labels some sites print before a caption ("Image caption, Crowds wait at the pier").
CAPTION_LABEL = re.compile(r"(?i)^(?:(?:image|photo|media) caption,?:?|caption:)\s")


def split_caption_credit(caption: str) -> tuple[str, str | None]:
    """A caption and the credit printed at its end (None when it ends in none).

    >>> split_caption_credit("Crowds at the pier. (Photo by Jane Roe via Getty Images)")
    ('Crowds at the pier.', 'Jane Roe via Getty Images')
    """
    if _CAPTION_CREDIT.match(caption) is None:
        return caption, None
    for row in _CAPTION_CREDIT_ROWS:
        m = row.match(caption)
        if m is not None:
            return m.group("caption").strip(), m.group("credit").strip()
    return caption, None

# Prompts a page prints between and after paragraphs, one row per kind (whole-block match).
class Prompt(NamedTuple):
    name: str
    pattern: str
    example: str


PAGE_PROMPTS: tuple[Prompt, ...] = (
    Prompt("share-prompt", r"(?:like|enjoy(?:ed)?|love) this (?:story|article|post)\??.{0,80}",
           "Like this story? Share it with a friend!"),
    Prompt("share-prompt", r"share (?:it|this|this story|this article) with .{0,60}",
           "Share this article with your friends"),
    Prompt("follow-prompt", r"(?:follow|like) us on .{0,100}", "Follow us on Twitter and Facebook."),
    Prompt("follow-prompt", r"(?:email|contact) \w+(?: \w+)? at \S+@\S+.{0,120}",
           "Email Jane Roe at jroe@example.com or follow her on X."),
    Prompt("gallery", r"(?:view|see|open) (?:the )?(?:full )?(?:photo )?gallery.{0,40}",
           "View the full gallery"),
)
PROMPT = re.compile("(?i)(?:" + "|".join(row.pattern for row in PAGE_PROMPTS) + r")\s*$")


# What the short header line of a reader's comment says (its author's line, its date, its
# reply link), one row per kind. A box of repeated units that each hold such a line and some
# prose is a comment thread (or a feed of teasers), never the article, whatever its classes.
class CommentMark(NamedTuple):
    name: str
    pattern: str
    example: str


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
COMMENT_MARKS: tuple[CommentMark, ...] = (
    CommentMark("numeric-date", r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b",
                "Stephan Kopp | 10/29/2012 5:14:46 PM"),
    CommentMark("clock-time", r"\b\d{1,2}:\d{2}\b", "Dana at 9:41"),
    CommentMark("month-day", _MONTH + r"\s\d{1,2}\b", "Posted by Lou on March 3, 2024"),
    CommentMark("day-month", r"\b\d{1,2}(?:st|nd|rd|th)?\s" + _MONTH + r"(?:\s|$)", "Ivy, 3 March 2024"),
    CommentMark("time-ago", r"\b\d{1,3}\s(?:second|minute|hour|day|week|month|year)s?\sago\b",
                "jroe 3 hours ago"),
    CommentMark("reply-link", r"\b(?:reply|permalink|report abuse|said\.\.\.|says:|wrote:)", "Reply"),
)
# why: a row's match opens with a digit, a month's first letter or a reply word's; testing that
# one character before trying the rows there halves the cost of a search.
COMMENT_MARK_OPENS = r"[\djfmasondrpw]"
COMMENT_MARK = re.compile(f"(?i)(?={COMMENT_MARK_OPENS})(?:"
                          + "|".join(f"(?:{row.pattern})" for row in COMMENT_MARKS) + ")")
# why: every row needs a digit or one of these words; this plain test is three times cheaper
# than the rows and rules out most of a page's short lines (menu items, labels). The
# lookahead on the words' first letters spares trying six words at every character.
COMMENT_MARK_WORDS = ("repl", "perma", "says", "wrote", "said", "abuse")
COMMENT_MARK_QUICK = re.compile(
    r"[0-9]|(?=(?i:[rpswa]))(?i:" + "|".join(COMMENT_MARK_WORDS) + ")")
_DIGIT = re.compile(r"[0-9]")


def may_be_comment_mark(text: str) -> bool:
    """Whether ``COMMENT_MARK_QUICK`` finds something in ``text``, at half its cost: a digit by
    a character-class scan (which skips along in C), then in ASCII text the words by
    substring tests of the lower-cased text (all that ``(?i)`` does to ASCII).

    >>> [may_be_comment_mark(text) for text in ("Lou | 10/29/2012", "REPLY", "Home")]
    [True, True, False]
    """
    if _DIGIT.search(text) is not None:
        return True
    if not text.isascii():
        return COMMENT_MARK_QUICK.search(text) is not None
    lower = text.lower()
    for word in COMMENT_MARK_WORDS:  # noqa: SIM110 - a plain loop: faster than any() here
        if word in lower:
            return True
    return False


# Roles (``role="…"``) that mark page furniture.
JUNK_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search",
                        "menu", "menubar", "toolbar", "dialog", "alert", "tablist"})

# Elements whose content never becomes text.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "select", "option", "button", "textarea", "input", "map",
    "head", "title", "meta", "link", "base", "source", "track", "picture", "img",
})
# Page furniture by its tag, dropped before the page is read: menus, footers, dialogs.
DROP_TAGS = frozenset({"nav", "footer", "menu", "dialog"})
# Page furniture by its tag: junk, unless it holds the article (a <nav> or <footer> left open
# by broken markup wraps the rest of the page; it is kept only then).
JUNK_TAGS = frozenset({"aside", "nav", "footer", "menu", "dialog"})
# Elements that end a line of text: the text on either side becomes two blocks.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2",
    "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "figure",
    "figcaption", "table", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "form",
    "fieldset", "legend", "address", "hr", "center", "details", "summary", "body", "html",
    "dialog", "menu",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _word_pattern(word: str) -> str:
    if word.endswith("$"):
        return re.escape(word[:-1]) + r"(?![\w-])"
    return re.escape(word)


def _compile() -> tuple[re.Pattern[str], dict[str, Hint]]:
    """One pattern for every hint word, and the hint of each word as it matches.

    The words are grouped by their first letter, each group in the rows' order: where a
    word may start, only the words of the letter found there are tried, and the first of
    them that matches is the one a plain alternation of all words would take (a third of the
    cost of one group per hint, tried at every word start). A match names its hint by its
    text, so a word may stand in one row only.
    """
    by_word: dict[str, Hint] = {}
    by_letter: dict[str, list[str]] = {}
    for hint in HINTS:
        for word in hint.words:
            text = word[:-1] if word.endswith("$") else word
            if text in by_word:
                raise ValueError(f"the hint word {text!r} is in two rows")
            by_word[text] = hint
            by_letter.setdefault(word[0], []).append(_word_pattern(word[1:]))
    letters = "|".join(f"{re.escape(letter)}(?:{'|'.join(rests)})"
                       for letter, rests in by_letter.items())
    # A word starts after a non-letter or at a camelCase hump (handled by lower-casing the
    # hump's capital into "-x" before matching, see ``hints_of``).
    return re.compile(rf"(?<![a-z0-9])(?:{letters})"), by_word


_HINT_RE, _HINT_OF_WORD = _compile()
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


class Taxonomy(NamedTuple):
    """Class names a blog engine builds from a post's own categories and tags
    ("category-advertising", "tag-social-media"): they say what the post is about, not what
    part of the page the element is, so their words are no hints."""

    name: str
    pattern: str
    example: str


TAXONOMY_CLASSES: tuple[Taxonomy, ...] = (
    # TypePad and Movable Type: always on the entry's own element.
    Taxonomy("typepad-entry", r"entry-(?:category|tag|type|author)-\S*",
             '<div class="entry entry-category-advertising">'),
    # WordPress post_class() (and the Sandbox themes' "post publish author-NAME"): only trusted
    # beside its marker classes (a "tag-list" elsewhere is a real tags box).
    Taxonomy("wordpress-post", r"(?:category|tag|post_tag|format|postid|author)-\S*",
             '<div class="post type-post hentry category-social-media">'),
    # Squarespace and other blog engines name the post's author in a class of the entry's
    # wrapper: the whole post, not a byline box.
    Taxonomy("authored-by", r"authored-by-\S*",
             '<div class="journal-entry-wrapper post-text authored-by-jane">'),
    # Drupal names each field's machine name and type ("field-type-text-with-summary" is the
    # article body's field type): the CMS's vocabulary, not the page part's.
    Taxonomy("drupal-field", r"field-(?:type|name|label)-\S*",
             '<div class="field field-name-body field-type-text-with-summary">'),
)
_TYPEPAD = re.compile(r"(?<!\S)" + TAXONOMY_CLASSES[0].pattern)
_WORDPRESS = re.compile(r"(?<!\S)" + TAXONOMY_CLASSES[1].pattern)
_AUTHORED = re.compile(r"(?<!\S)" + TAXONOMY_CLASSES[2].pattern)
_DRUPAL = re.compile(r"(?<!\S)" + TAXONOMY_CLASSES[3].pattern)
_WORDPRESS_MARKERS = re.compile(r"(?<!\S)(?:hentry|type-post|status-publish|publish)(?!\S)")


def _without_taxonomy(text: str) -> str:
    if "entry-" in text:
        text = _TYPEPAD.sub(" ", text)
    if "authored-by-" in text:
        text = _AUTHORED.sub(" ", text)
    if "field-" in text:
        text = _DRUPAL.sub(" ", text)
    if ("hentry" in text or "type-post" in text or "publish" in text) and (
            _WORDPRESS_MARKERS.search(text)):
        text = _WORDPRESS.sub(" ", text)
    return text


def hints_of(attribute_text: str) -> list[Hint]:
    """The hint rows that the words of a class/id value name, in the order they appear.

    >>> [h.name for h in hints_of("story-body relatedStories")]
    ['body', 'related']
    >>> hints_of("address unrelated")
    []
    >>> hints_of("post type-post hentry category-social-media")
    []
    """
    if not attribute_text:
        return []
    # A humpless value (``islower``: no capital at all, most class names) skips the sub.
    text = attribute_text if attribute_text.islower() else _CAMEL.sub("-", attribute_text)
    text = _without_taxonomy(text.lower())
    found = []
    for m in _HINT_RE.finditer(text):
        hint = _HINT_OF_WORD[m.group()]
        if hint not in found:
            found.append(hint)
    return found
