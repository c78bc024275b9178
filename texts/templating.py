"""The Jinja2 environment every package that renders text builds on."""

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from casework.languages import Language
from texts.catalogue import translations


def template_environment(
    package: str, locale_dir: Path, domain: str, language: Language
) -> Environment:
    """Templates of `package` in one language: autoescaped, strict about missing values,
    with the package's catalogue installed for `{% trans %}` and `_()`."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(  # type: ignore[attr-defined]
        translations(locale_dir, domain, language), newstyle=True
    )
    env.globals["language"] = language.value
    return env
