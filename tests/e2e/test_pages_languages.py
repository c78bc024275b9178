"""Every page in Tajik, Russian and English, read with real data by the role that uses it:
each catalogue text the English page shows appears translated on the others, no such text is
left in English there, and every page template (the layout and the partials too) is rendered.
One backend is enough: what is checked is the text, not the database."""

import uuid
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

import service.pages
from casework.actors import Role
from casework.languages import Language
from tests.support.access_rules import CALLER, Auth, Side, Target, inspected_app, rules_of
from tests.support.access_world import World
from tests.support.catalogues import translated
from tests.support.network import demo
from tests.support.page_rules import PAGE_CALLS
from tests.support.pages import web_session
from texts.catalogue import TRANSLATED
from texts.keys import KEY

TEMPLATES = Path(service.pages.__file__).parent / "templates"
# The first a page allows; the supervisor for the pages only it may open (erasure).
PLAYED_BY = (Role.COORDINATOR, Role.CASEWORKER, Role.FOCAL_POINT, Role.SUPERVISOR)
# The richest object of each kind, so that the partials show: a meeting attended, with an item
# and its decision; the lists show what the other pages name, and the coordinator's notices,
# the draft under way, a decision and a report.
RICHEST = {Target.MEETING: Target.CLOSABLE_MEETING}
ALSO_MADE = (Target.NOTIFICATION, Target.DRAFT, Target.DECISION, Target.REPORT)
LABELLING = {"title", "aria-label", "data-label", "placeholder", "alt"}


class Texts(HTMLParser):
    """The texts a reader sees or hears on a page: text outside style and script, and the
    attributes that label things, each with its white space collapsed."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: set[str] = set()
        self.hidden = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.hidden = tag in ("style", "script")
        self.found |= {" ".join(value.split()) for name, value in attrs if name in LABELLING}

    def handle_endtag(self, tag):
        self.hidden = False

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.found.add(" ".join(data.split()))


def pages_to_read() -> list:
    """Every page a signed-in reader opens; the documents served as files (forms, reports,
    protocols, attached orders) are checked by their own tests."""
    rules = rules_of(inspected_app(), PAGE_CALLS)
    return [
        (path, rule)
        for (method, path), rule in sorted(rules.items())
        if method == "GET" and rule.auth is Auth.COOKIE and rule.success == 200
        if not path.endswith((".pdf", ".html", ".csv")) and "/attachments/" not in path
    ]


def catalogue_words(language: Language) -> dict[str, set[str]]:
    """The catalogue's texts with their translations, in any context but a message key's (a
    status's word is translated per what it is the status of); not those with placeholders,
    which never show as they are written. A translation that copies the English counts as
    English left behind."""
    words: dict[str, set[str]] = {}
    for (context, english), translation in translated(language.value).items():
        if not (context and KEY.fullmatch(context)) and "%(" not in english:
            words.setdefault(english, set()).add(translation)
    return words


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_every_page_reads_in_each_language_with_nothing_left_in_english(client, uow, monkeypatch):
    loaded = set()
    get_template = jinja2.Environment.get_template

    def recording(environment, name, *args, **kwargs):
        loaded.add(name)
        return get_template(environment, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "get_template", recording)
    world = World(uow, demo(uow))
    for target in ALSO_MADE:
        world.kept(target, Side.OWN, CALLER[Role.COORDINATOR])
    requests = []  # (page, path, query, headers, status)
    for path, rule in pages_to_read():
        username = CALLER[next(role for role in PLAYED_BY if role in rule.policy.allowed)]
        target = RICHEST.get(rule.target, rule.target)
        made = world.prepare(path, target, Side.OWN, username, fresh=False)
        requests.append((path, made.path, made.query, web_session(uow, username)[0], 200))
    caseworker = web_session(uow, CALLER[Role.CASEWORKER])[0]
    requests += [
        ("/login", "/login", {}, {}, 200),
        ("an error", f"/cases/{uuid.uuid4()}", {}, caseworker, 404),  # the error page
    ]
    read: dict[str, dict[Language, set[str]]] = {}
    for page, path, query, headers, status in requests:
        for language in Language:
            client.cookies.clear()
            params = query | {"lang": language.value}
            response = client.get(path, params=params, headers=headers)
            assert response.status_code == status, (page, language, response.text[:300])
            assert f'<html lang="{language.value}">' in response.text, (page, language)
            read.setdefault(page, {})[language] = Texts(response.text).found

    templates = {str(t.relative_to(TEMPLATES)) for t in TEMPLATES.rglob("*.j2")}
    assert templates - loaded == set(), "templates no page rendered"
    problems = {}
    for language in TRANSLATED:
        words = catalogue_words(language)
        for page, texts in read.items():
            shown = {english for english in words if english in texts[Language.ENGLISH]}
            untranslated = {e for e in shown if not words[e] & texts[language]}
            left_in_english = {e for e in words if e in texts[language]}
            if not shown or untranslated or left_in_english:
                problems[(page, language.value)] = (len(shown), untranslated, left_in_english)
    assert problems == {}, "(texts shown, not translated, left in English) per page"
