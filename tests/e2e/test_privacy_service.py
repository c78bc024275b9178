"""The service refuses to start in production with demo keys, and starts with real ones."""

import pytest
from fastapi.testclient import TestClient

from casework.privacy.keys import DemoKeyInProduction, init_keys
from casework.settings import Environment, Settings
from service.app import create_app


def keyed_settings(db_url, data_dir, environment) -> Settings:
    return Settings(
        environment=environment,
        database_url=db_url,
        data_dir=data_dir,
        dispatcher_enabled=False,
    )


def test_production_refuses_demo_keys_and_accepts_real_ones(db_url, new_uow, tmp_path):
    demo_dir, real_dir = tmp_path / "demo", tmp_path / "real"
    init_keys(keyed_settings(db_url, demo_dir, Environment.DEMO))
    with_demo_keys = keyed_settings(db_url, demo_dir, Environment.PRODUCTION)
    app = create_app(with_demo_keys, uow_factory=new_uow)
    with pytest.raises(DemoKeyInProduction, match="demo key"), TestClient(app):
        pass
    real = keyed_settings(db_url, real_dir, Environment.PRODUCTION)
    init_keys(real)
    with TestClient(create_app(real, uow_factory=new_uow)) as client:
        assert client.get("/healthz").status_code == 200
