"""The one Jinja2 environment builder: the templates of the forms, the report and the pages
render with the one catalogue and the same filters."""

from datetime import date
from functools import lru_cache, partial

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from casework.languages import Language
from texts.catalogue import translations
from texts.formats import capfirst, day, local_time, month_name
from texts.labels import label, translate


@lru_cache
def environment(package: str, language: Language, zone: str | None = None) -> Environment:
    """The templates in `package`'s templates/ folder, in one language: autoescaped, strict
    about missing values, with the catalogue installed for `{% trans %}`, `_()` and
    `pgettext()`, the `label` filter (a code's word, translated) and `capfirst`, and filters
    for dates (`day`, `todate`, `month`) and, given a time zone, for times (`time`)."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    words = translations(language)
    env.install_gettext_translations(words, newstyle=True)  # type: ignore[attr-defined]
    env.globals["language"] = language.value
    # Like `_()`, a translation is trusted markup: it is not escaped again.
    env.filters["label"] = lambda code: Markup(translate(label(code), words))
    env.filters["capfirst"] = capfirst
    env.filters["day"] = day
    env.filters["todate"] = date.fromisoformat
    env.filters["month"] = partial(month_name, language=language)
    if zone is not None:
        env.filters["time"] = partial(local_time, zone=zone)
    return env


def render(
    package: str, template: str, language: Language, *, zone: str | None = None, **context: object
) -> str:
    return environment(package, language, zone).get_template(template).render(**context)
