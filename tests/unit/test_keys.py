"""Keys live outside the database; demo keys are marked, and production refuses them."""

import pytest

from casework.privacy.keys import (
    DEMO_PREFIX,
    DemoKeyInProduction,
    KeyRing,
    MissingKey,
    add_kek_version,
    init_keys,
    retire_kek_versions,
)
from casework.settings import Environment, Settings


def settings_in(tmp_path, environment: Environment) -> Settings:
    return Settings(environment=environment, data_dir=tmp_path, database_url="sqlite://")


def test_demo_keys_are_created_once_marked_and_private(tmp_path):
    settings = settings_in(tmp_path, Environment.DEMO)
    created = init_keys(settings)
    assert sorted(p.name for p in created) == ["uic-pepper", "vault-kek-1"]
    assert all(p.read_bytes().startswith(DEMO_PREFIX) for p in created)
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in created)
    assert init_keys(settings) == []  # never overwritten
    keys = KeyRing(settings)
    keys.check()
    assert keys.current_kek_version == 1 and len(keys.kek(1)) == 32


def test_production_refuses_demo_keys_wherever_they_were_copied(tmp_path):
    init_keys(settings_in(tmp_path, Environment.DEMO))
    production = KeyRing(settings_in(tmp_path, Environment.PRODUCTION))
    with pytest.raises(DemoKeyInProduction, match="the UIC pepper is a demo key"):
        _ = production.uic_pepper
    with pytest.raises(DemoKeyInProduction, match="key-encryption key version 1 is a demo key"):
        production.kek(1)


def test_production_makes_real_keys_and_accepts_them(tmp_path):
    settings = settings_in(tmp_path, Environment.PRODUCTION)
    created = init_keys(settings)
    assert not any(p.read_bytes().startswith(DEMO_PREFIX) for p in created)
    KeyRing(settings).check()


def test_a_demo_pepper_given_in_the_environment_is_refused_in_production(tmp_path):
    settings = Settings(
        environment=Environment.PRODUCTION, data_dir=tmp_path, uic_pepper="demo-" + "0" * 40
    )
    with pytest.raises(DemoKeyInProduction):
        _ = KeyRing(settings).uic_pepper


def test_a_missing_key_encryption_key_says_how_to_create_one(tmp_path):
    settings = settings_in(tmp_path, Environment.DEVELOPMENT)
    with pytest.raises(MissingKey, match="casework keys init"):
        KeyRing(settings).check()
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "vault-kek-1").write_text("not hex")
    with pytest.raises(MissingKey, match="does not hold a 32-byte key") as refused:
        KeyRing(settings).kek(1)
    assert "not hex" not in str(refused.value)


def test_rotation_adds_versions_and_retiring_keeps_the_newest_and_those_in_use(tmp_path):
    settings = settings_in(tmp_path, Environment.DEMO)
    init_keys(settings)
    assert add_kek_version(settings) == 2
    assert add_kek_version(settings) == 3
    assert KeyRing(settings).current_kek_version == 3
    assert retire_kek_versions(settings, in_use={2}) == [1]
    assert KeyRing(settings).kek_versions() == [2, 3]
    assert retire_kek_versions(settings, in_use=set()) == [2]
    assert retire_kek_versions(settings, in_use=set()) == []
    assert KeyRing(settings).kek_versions() == [3]
