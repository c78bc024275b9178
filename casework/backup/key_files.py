"""The key files of an installation, copied to a backup folder of their own and back, and the
ids that tie a data backup to its keys without revealing them."""

from pathlib import Path

from casework.privacy.keys import KeyRing, kek_files, keyed_digest, write_secret_file
from casework.settings import Settings

PEPPER = "uic-pepper"
KEKS = "vault-kek"
FORM_KEYS = "referral-forms"
WEBHOOK = "webhook-secret"
KEY_ID_LABEL = "casework/key-id/v1"


def key_sources(settings: Settings) -> dict[str, Path]:
    """Each key file this installation reads, by its name in a keys backup. A secret given in
    the environment (CASEWORK_UIC_PEPPER, CASEWORK_WEBHOOK_SECRET) has no file to copy."""
    found: dict[str, Path] = {}
    if (
        settings.uic_pepper is None
        and settings.uic_pepper_file
        and settings.uic_pepper_file.is_file()
    ):
        found[PEPPER] = settings.uic_pepper_file
    assert settings.vault_kek_dir is not None and settings.form_keys_dir is not None
    for path in kek_files(settings.vault_kek_dir).values():
        found[f"{KEKS}/{path.name}"] = path
    if settings.form_keys_dir.is_dir():
        for path in sorted(p for p in settings.form_keys_dir.iterdir() if p.is_file()):
            found[f"{FORM_KEYS}/{path.name}"] = path
    webhook = settings.webhook_secret_file
    if settings.webhook_secret is None and webhook is not None and webhook.is_file():
        found[WEBHOOK] = webhook
    return found


def read_from(settings: Settings, directory: Path) -> Settings:
    """The same settings, but reading every key file from a keys backup in `directory`; a
    secret the environment gives still comes from there."""
    return settings.model_copy(
        update={
            "uic_pepper_file": directory / PEPPER,
            "vault_kek_dir": directory / KEKS,
            "form_keys_dir": directory / FORM_KEYS,
            "webhook_secret_file": directory / WEBHOOK,
        }
    )


def key_destinations(settings: Settings, names: list[str]) -> dict[str, Path]:
    """Where this installation reads each key file of a keys backup."""
    assert settings.vault_kek_dir is not None and settings.form_keys_dir is not None
    homes = {
        PEPPER: settings.uic_pepper_file or settings.keys_dir / PEPPER,
        WEBHOOK: settings.webhook_secret_file or settings.keys_dir / WEBHOOK,
    }
    folders = {KEKS: settings.vault_kek_dir, FORM_KEYS: settings.form_keys_dir}
    placed = {}
    for name in names:
        folder, _, file = name.partition("/")
        placed[name] = folders[folder] / file if file else homes[name]
    return placed


def key_ids(keys: KeyRing) -> dict:
    """A short keyed digest of the pepper and of each vault key-encryption key: equal ids mean
    equal keys, and an id reveals nothing of its key."""
    return {
        "uic_pepper": keys.derived_key("key-id").hex()[:16],
        "vault_kek": {
            str(version): keyed_digest(keys.kek(version), KEY_ID_LABEL)[:16]
            for version in keys.kek_versions()
        },
    }


def copy_key_files(files: dict[str, Path], directory: Path) -> None:
    for name, source in files.items():
        write_secret_file(directory / name, source.read_bytes())


def restore_key_files(directory: Path, destinations: dict[str, Path]) -> None:
    for name, target in destinations.items():
        write_secret_file(target, (directory / name).read_bytes())
