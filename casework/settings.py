"""All configuration, read once from CASEWORK_* environment variables (or a .env file)."""

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Defaults of the database settings, which engines made without settings (tests, benches,
# migrations) use too.
DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 10_000
DEFAULT_POOL_SIZE = 20


class Environment(StrEnum):
    DEVELOPMENT = "development"
    DEMO = "demo"
    TEST = "test"
    PRODUCTION = "production"


class Mode(StrEnum):
    EMBEDDED = "embedded"  # SQLite, flows run in the app's own process
    SERVER = "server"  # PostgreSQL, flows run on Prefect workers via run_deployment


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CASEWORK_", env_file=".env", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    mode: Mode = Mode.EMBEDDED
    data_dir: Path = Path("var")
    database_url: str = ""  # empty: an SQLite file in data_dir
    # Migrations run as the role that owns the tables; the app (database_url) as a role that
    # may not rewrite the audit trail (`casework db grant-runtime`). Empty: database_url.
    migration_database_url: str = ""
    sqlite_busy_timeout_ms: int = Field(default=DEFAULT_SQLITE_BUSY_TIMEOUT_MS, ge=0)
    # PostgreSQL connections each process keeps open: as many as requests it serves at once
    # (16 under the load of bench/api.py). Past it, up to as many again are opened and closed
    # per use, and a connection's start costs the server more CPU than the request.
    database_pool_size: int = Field(default=DEFAULT_POOL_SIZE, ge=1)

    # The UIC pepper never lives in the database: a file (preferred) or the environment.
    uic_pepper: SecretStr | None = None
    uic_pepper_file: Path | None = None
    # Key-encryption keys of the identity vault, one file per version (vault-kek-1, -2, ...):
    # never in the database, so a database copy alone cannot open the vault.
    vault_kek_dir: Path | None = None

    # Ed25519 keys that sign the QR of referral forms: files, never the database.
    form_keys_dir: Path | None = None

    demo_password: SecretStr = SecretStr("demo-password")  # demo accounts only

    timezone: str = "Asia/Dushanbe"
    base_url: str = "http://127.0.0.1:8000"
    prefect_ui_url: str = "http://127.0.0.1:4200"

    dispatcher_enabled: bool = True
    dispatcher_poll_seconds: float = Field(default=5.0, gt=0)
    # Rows dispatched side by side, and so claimed at a time: a killed process strands no more.
    # Unset, it follows Prefect's database (flows/dispatch.py: `concurrency`).
    dispatcher_concurrency: int | None = Field(default=None, gt=0)
    # The dispatcher waits this long for Prefect to create (or hand over) a flow run, and for
    # an embedded run to end; then it records the timeout on the row and moves on. A start
    # takes well under a second, but over 10 s on a 2-core machine whose Prefect server is busy.
    flow_start_timeout_seconds: float = Field(default=30.0, gt=0)
    flow_run_timeout_seconds: float = Field(default=60.0, gt=0)
    deployment_suffix: str = "server"  # server mode: deployments are named <flow>/<suffix>
    # Embedded mode: the dispatcher runs the escalation sweep and housekeeping this often (0
    # turns them off); server mode schedules them in deployments/prefect.yaml instead.
    sweep_interval_minutes: float = Field(default=15.0, ge=0)
    # Embedded mode: how often the governance flows run (renewal, meeting, report); 0: never.
    governance_interval_minutes: float = Field(default=60.0, ge=0)
    # Test only: shifts the system clock, so that a worker's flows see referrals go overdue.
    clock_offset_seconds: float = 0.0

    # Notification channels; an unset host or URL leaves that channel off.
    smtp_host: str = ""
    smtp_port: int = Field(default=25, gt=0)
    smtp_sender: str = "referrals@localhost"
    smtp_starttls: bool = False
    smtp_username: str = ""
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    webhook_url: str = ""  # an SMS or messenger gateway that verifies our signature
    # The webhook signing secret never lives in the database: a file (preferred) or the environment.
    webhook_secret: SecretStr | None = None
    webhook_secret_file: Path | None = None
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    delivery_max_attempts: int = Field(default=8, ge=1)
    delivery_backoff_seconds: float = Field(default=30.0, gt=0)  # doubles after each failure

    # The HTTP API's guards: request size and time, idempotency keys, failed-login limits,
    # token lifetime. A body must arrive within max_request_seconds of its headers (408).
    max_request_bytes: int = Field(default=64 * 1024, ge=1024)
    max_request_seconds: float = Field(default=30, gt=0)
    idempotency_key_hours: float = Field(default=24, gt=0)
    # A request holds its key this long: a retry after it runs the request again, unless the
    # first committed. Longer than any request takes, short enough that a crash costs little.
    idempotency_lease_seconds: float = Field(default=60, gt=0)
    login_failures_per_username: int = Field(default=5, ge=1)
    login_failures_per_address: int = Field(default=20, ge=1)
    login_failure_window_seconds: int = Field(default=900, ge=1)
    api_token_days: int = Field(default=30, ge=1)  # an API token is refused this long after issue
    # A file attached to a decision's institutionalisation (a PDF of the order) is refused
    # above this size; the upload's request may exceed max_request_bytes by this much.
    attachment_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)

    # Production readiness (casework.readiness): production serves over https only; a
    # deployment that terminates TLS in front of the app on the same host says so explicitly.
    allow_http_localhost: bool = False

    @model_validator(mode="after")
    def _fill_defaults(self) -> "Settings":
        if self.clock_offset_seconds and self.environment is Environment.PRODUCTION:
            raise ValueError("CASEWORK_CLOCK_OFFSET_SECONDS is for tests; production keeps time")
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'casework.db'}"
        if not self.migration_database_url:
            self.migration_database_url = self.database_url
        if self.uic_pepper is None and self.uic_pepper_file is None:
            self.uic_pepper_file = self.data_dir / "keys" / "uic-pepper"
        if self.form_keys_dir is None:
            self.form_keys_dir = self.data_dir / "keys" / "referral-forms"
        if self.vault_kek_dir is None:
            self.vault_kek_dir = self.data_dir / "keys"
        return self

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def attachments_dir(self) -> Path:
        """Files attached to decisions, named by their SHA-256: outside the database rows."""
        return self.data_dir / "attachments"


@lru_cache
def get_settings() -> Settings:
    return Settings()
