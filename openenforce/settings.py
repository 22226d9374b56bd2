"""Settings for OpenEnforce, read from the environment.

Every setting a deployment may change is an environment variable (documented in the
README). ``DATABASE_URL`` selects PostgreSQL; unset means SQLite under ``var/``.
Secrets come from the environment or from a file named by ``<NAME>_FILE``.
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """A string from ``name``, or from the file named by ``name_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


VAR_DIR = Path(env_str("OPENENFORCE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The secret key from the environment, else one generated once and kept in var/."""
    key = env_str("OPENENFORCE_SECRET_KEY")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("OPENENFORCE_DEBUG", False)
ALLOWED_HOSTS = env_list("OPENENFORCE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("OPENENFORCE_CSRF_TRUSTED_ORIGINS", [])

# Behind a TLS-terminating proxy in production; off for the local demo.
SECURE = env_bool("OPENENFORCE_SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("OPENENFORCE_SESSION_SECONDS", 8 * 3600)
# Load balancers probe app servers directly over plain HTTP: no redirect to HTTPS there.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The content security policy on every response (django-csp; docs/deployment.md). Scripts
# come only from our static files: the templates have no inline scripts or on…= handlers.
# Styles may also be inline: the templates use style attributes and htmx adds its
# indicator's <style>; script is what a policy must hold back.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],  # the portal's empty favicon, Swagger UI's icons
        "media-src": [SELF],  # recordings and evidence players
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs page's scripts locally (no CDN)
    "openenforce.core",
    "openenforce.accounts",
    "openenforce.ledger",
    "openenforce.calendar",
    "openenforce.catalog",
    "openenforce.cases",
    "openenforce.reviews",
    "openenforce.demo",
    "openenforce.workbench",
    "openenforce.evidence",
    "openenforce.recordings",
    "openenforce.documents",
    "openenforce.deliveries",
    "openenforce.casefiles",
    "openenforce.disclosure",
    "openenforce.portal",
    "openenforce.search",
    "openenforce.inspections",
    "openenforce.remedies",  # reconsideration and litigation against decisions
    "openenforce.partyaccess",  # the party's access, statements and hearing requests online
    "openenforce.party",  # the party's pages (no staff login)
    "openenforce.onsite",  # on-site records, signatures, on-the-spot decisions (issue 19)
    "openenforce.field",  # the officers' field app (掌上执法, a PWA; issue 19)
    "openenforce.supervision",  # indicators and dashboards
    "openenforce.alerts",  # warnings (预警)
    "openenforce.annualreports",  # the annual enforcement data report
    "openenforce.evaluation",  # case-file evaluation (案卷评查): rubrics
    "openenforce.appraisal",  # yearly appraisal (评议考核): schemes and scorecards
    "axes",  # log-in throttling and lock-out (AXES_* below)
    "django_otp",  # two-factor: TOTP devices and recovery codes (OPENENFORCE_REQUIRE_ADMIN_2FA)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "openenforce.operations",  # backup and restore of the installation
    "django_tasks",
    "django_tasks_db",  # the database backend of the background tasks (daily notifications)
    "csp",  # its checks of the policy settings below
]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files need no policy); django-csp, PDFs left out.
    "openenforce.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "openenforce.core.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second step done
    # Sessions listed and revocable; the second step asked for before anything else.
    "openenforce.accounts.middleware.StaffSessionMiddleware",
    "openenforce.accounts.middleware.TwoFactorMiddleware",
    # Every view requires login unless it is marked public with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "openenforce.core.middleware.TodoCountMiddleware",
    # Public GET pages and the public API read from the replica when one is configured.
    "openenforce.core.replica.ReplicaReadsMiddleware",
    # Last, as django-axes asks: turns a refused log-in during a lock-out into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openenforce.urls"
WSGI_APPLICATION = "openenforce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openenforce.core.context_processors.site",
                "openenforce.appraisal.context_processors.menu",
            ],
        },
    },
]


def _databases() -> dict:
    url = env_str("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=env_int("OPENENFORCE_DB_CONN_MAX_AGE", 60))
        config.setdefault("TEST", {})
        databases = {"default": config}
        # A streaming replica for the public portal's reads (docs/deployment.md, "Read
        # replica"): used only inside ``core.replica.reads_from_replica``. Run the test suite
        # without it (the MIRROR only keeps the runner from creating a database on it).
        replica = env_str("OPENENFORCE_REPLICA_URL")
        if replica:
            databases["replica"] = dj_database_url.parse(
                replica, conn_max_age=config["CONN_MAX_AGE"], conn_health_checks=True
            )
            databases["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
            databases["replica"]["TEST"] = {"MIRROR": "default"}
        return databases
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "openenforce.sqlite3",
            # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue instead of failing half-way with "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }


DATABASES = _databases()

# The client's address: REMOTE_ADDR, unless it is one of these proxies (CIDRs, e.g.
# "10.0.0.0/8,127.0.0.1"); then the right-most X-Forwarded-For address that is not one
# of them (openenforce/core/ratelimit.py). Empty: the header is never trusted.
OPENENFORCE_TRUSTED_PROXIES = env_list("OPENENFORCE_TRUSTED_PROXIES", [])


def _caches() -> dict:
    """``default``: pages and counts kept for seconds (per process unless Redis is set);
    ``shared``: the public forms' hourly allowances, which every worker and server must
    count together: Redis (``OPENENFORCE_REDIS_URL``) or else a database table."""
    redis_url = env_str("OPENENFORCE_REDIS_URL")
    if redis_url:
        redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
        return {
            "default": {**redis, "KEY_PREFIX": "oe"},
            "shared": {**redis, "KEY_PREFIX": "oe-shared"},
        }
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "openenforce_cache",
        },
    }


CACHES = _caches()
DATABASE_ROUTERS = ["openenforce.core.routers.ReplicaRouter"]
# After a failed connection to the replica, public reads go to the primary this long.
OPENENFORCE_REPLICA_RETRY_SECONDS = env_int("OPENENFORCE_REPLICA_RETRY_SECONDS", 30)
# The paths whose GET/HEAD requests read from the replica: the portal and its open-data API.
OPENENFORCE_REPLICA_READ_PATHS = ("/portal/", "/api/v1/public/")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (``Index(include=...)``) serve index-only counts on PostgreSQL; SQLite builds
# them without the extra columns, which is all this warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Every password-checking path (the log-in page, the admin's) goes through django-axes
# first: it refuses while the user name is locked out from that address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Password rules (Django's validators; their messages are translated into Chinese).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("OPENENFORCE_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Log-in throttling (django-axes, docs/deployment.md "Staff accounts"): after
# OPENENFORCE_LOGIN_FAILURES wrong passwords for one user name from one address, that user
# name is refused from that address for OPENENFORCE_LOGIN_COOLOFF_MINUTES (counted from the
# last failure). Locking the pair, not the user name alone, keeps one attacker from locking
# a colleague out everywhere; locking the pair, not the address alone, keeps one office
# behind a shared address working. An administrator may unlock early (the user's admin page).
AXES_FAILURE_LIMIT = env_int("OPENENFORCE_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("OPENENFORCE_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "openenforce.core.ratelimit.axes_client_address"
AXES_LOCKOUT_CALLABLE = "openenforce.accounts.security_views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False  # unlocking goes through accounts.services (recorded)
AXES_VERBOSE = False
# Two-factor: optional for staff, required of administrators (the Administrator role and
# superusers) unless this is off (the demo turns it off and says so).
OPENENFORCE_REQUIRE_ADMIN_2FA = env_bool("OPENENFORCE_REQUIRE_ADMIN_2FA", True)
OTP_TOTP_ISSUER = env_str("OPENENFORCE_SITE_NAME", "OpenEnforce")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "openenforce" / "locale"]
TIME_ZONE = env_str("OPENENFORCE_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
# Chinese amounts grouped by thousands with a comma (openenforce/core/formats/zh_Hans).
FORMAT_MODULE_PATH = ["openenforce.core.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("OPENENFORCE_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"


def media_storage() -> dict:
    """Evidence and documents: the filesystem under MEDIA_ROOT, or an S3-compatible object
    store with ``OPENENFORCE_STORAGE=s3`` (django-storages; bucket, endpoint, keys below)."""
    if env_str("OPENENFORCE_STORAGE", "filesystem") != "s3":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": env_str("OPENENFORCE_S3_BUCKET"),
        "endpoint_url": env_str("OPENENFORCE_S3_ENDPOINT_URL") or None,
        "region_name": env_str("OPENENFORCE_S3_REGION") or None,
        "access_key": env_str("OPENENFORCE_S3_ACCESS_KEY") or None,
        "secret_key": env_str("OPENENFORCE_S3_SECRET_KEY") or None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": True,  # content-addressed: the same name is the same content
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


# Production sets OPENENFORCE_STATIC_COLLECTED=1 for every command, collectstatic included:
# static files are then served from STATIC_ROOT only, compressed, under names carrying
# their content's hash (browsers keep them for a year). Unset (the demo, small installs,
# tests): served from the apps' directories, no collectstatic needed.
STATIC_COLLECTED = env_bool("OPENENFORCE_STATIC_COLLECTED", False)
STORAGES = {
    "default": media_storage(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_COLLECTED
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads (spreadsheets here; evidence has its own limits).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
OPENENFORCE_IMPORT_MAX_BYTES = env_int("OPENENFORCE_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
OPENENFORCE_IMPORT_MAX_ROWS = env_int("OPENENFORCE_IMPORT_MAX_ROWS", 20000)
# Evidence files: largest accepted size, types accepted (sniffed from the content), where
# partial uploads wait, and whether SM3 is computed beside SHA-256 (on under the SM3 profile).
OPENENFORCE_EVIDENCE_MAX_BYTES = env_int("OPENENFORCE_EVIDENCE_MAX_BYTES", 2 * 1024**3)
OPENENFORCE_EVIDENCE_TYPES = env_list(
    "OPENENFORCE_EVIDENCE_TYPES",
    [
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/heic",
        "image/tiff",
        "application/pdf",
        "text/plain",
        "video/mp4",
        "video/quicktime",
        "video/x-msvideo",
        "video/webm",
        "video/x-matroska",
        "video/3gpp",
        "audio/mpeg",
        "audio/mp4",
        "audio/x-wav",
        "audio/ogg",
        "audio/amr",
        "audio/aac",
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ],
)
OPENENFORCE_UPLOAD_DIR = Path(env_str("OPENENFORCE_UPLOAD_DIR", str(VAR_DIR / "uploads")))
# Hours an upload may wait to be finished and attached to a case before the daily run
# (or `openenforce evidence purge-uploads`) removes it with its bytes.
OPENENFORCE_UPLOAD_EXPIRE_HOURS = env_int("OPENENFORCE_UPLOAD_EXPIRE_HOURS", 72)
# Bytes one user's uploads not yet attached to anything may hold (issue 22: disk use per
# user was unbounded). Default 5 GiB: two maximal files and room to spare.
OPENENFORCE_UPLOAD_QUOTA_BYTES = env_int("OPENENFORCE_UPLOAD_QUOTA_BYTES", 5 * 1024**3)
OPENENFORCE_EVIDENCE_SM3 = env_bool("OPENENFORCE_EVIDENCE_SM3", False)  # or LEDGER_HASH=sm3

# The record (ledger): hash profile and the checkpoint signing key, kept outside the database.
OPENENFORCE_LEDGER_HASH = env_str("OPENENFORCE_LEDGER_HASH", "sha256")
OPENENFORCE_LEDGER_KEY_FILE = Path(
    env_str("OPENENFORCE_LEDGER_KEY_FILE", str(VAR_DIR / "ledger-signing.key"))
)
OPENENFORCE_LEDGER_ORIGIN = env_str("OPENENFORCE_LEDGER_ORIGIN", "openenforce.local/record")
# Every entry is covered by a signed checkpoint within this many seconds (with the
# `ledger checkpoint --watch` loop running); one checkpoint per KEEP interval is kept.
OPENENFORCE_LEDGER_CHECKPOINT_SECONDS = float(env_str("OPENENFORCE_LEDGER_CHECKPOINT_SECONDS", "1"))
OPENENFORCE_LEDGER_KEEP_SECONDS = env_int("OPENENFORCE_LEDGER_KEEP_SECONDS", 3600)
# The agency's electronic seal on issued PDFs (openenforce/documents/sealing.py, docs/documents.md):
# a PAdES signature with the key and certificate chain in these files (kept outside the
# database like the record's key; none: documents are issued unsealed), and an RFC 3161
# timestamp from OPENENFORCE_SEAL_TSA_URL ("local": the in-process demo TSA; "": none).
OPENENFORCE_SEAL_PROFILE = env_str("OPENENFORCE_SEAL_PROFILE", "pades")
OPENENFORCE_SEAL_KEY_FILE = Path(
    env_str("OPENENFORCE_SEAL_KEY_FILE", str(VAR_DIR / "seal" / "agency.key"))
)
OPENENFORCE_SEAL_CERT_FILE = Path(
    env_str("OPENENFORCE_SEAL_CERT_FILE", str(VAR_DIR / "seal" / "agency.pem"))
)
OPENENFORCE_SEAL_TSA_URL = env_str("OPENENFORCE_SEAL_TSA_URL", "local")
OPENENFORCE_SEAL_TSA_KEY_FILE = Path(
    env_str("OPENENFORCE_SEAL_TSA_KEY_FILE", str(VAR_DIR / "seal" / "tsa.key"))
)
OPENENFORCE_SEAL_TSA_CERT_FILE = Path(
    env_str("OPENENFORCE_SEAL_TSA_CERT_FILE", str(VAR_DIR / "seal" / "tsa.pem"))
)
# Witnesses that cosign the checkpoints (C2SP tlog-witness), as JSON:
# [{"vkey": "<witness vkey>", "url": "https://witness.example/prefix"}]; none by default.
# The quorum a checkpoint needs (default: every configured witness).
OPENENFORCE_WITNESSES = __import__("json").loads(env_str("OPENENFORCE_WITNESSES", "[]"))
OPENENFORCE_WITNESS_QUORUM = (
    env_int("OPENENFORCE_WITNESS_QUORUM", 0)
    if os.environ.get("OPENENFORCE_WITNESS_QUORUM")
    else None
)

# Legal review time limit in working days. The limit is local, not statutory: provinces
# set 5, 7 (+3 with approval) or 10 working days (docs/domain.md §3); 5 is the strictest.
OPENENFORCE_REVIEW_DAYS = env_int("OPENENFORCE_REVIEW_DAYS", 5)

# Publication (openenforce.disclosure.rules): working days to publish licensing and penalty
# decisions / other decisions and inspection results (国办发〔2018〕118号), to withdraw a
# changed or revoked decision (行政处罚法 Art 48); years shown on the portal (local practice);
# on-the-spot decisions published too; correction requests per address and hour.
OPENENFORCE_PUBLISH_DAYS_DECISION = env_int("OPENENFORCE_PUBLISH_DAYS_DECISION", 7)
OPENENFORCE_PUBLISH_DAYS_OTHER = env_int("OPENENFORCE_PUBLISH_DAYS_OTHER", 20)
OPENENFORCE_WITHDRAW_DAYS = env_int("OPENENFORCE_WITHDRAW_DAYS", 3)
OPENENFORCE_RETENTION_YEARS = env_int("OPENENFORCE_RETENTION_YEARS", 5)
OPENENFORCE_RETENTION_YEARS_PERSON = env_int("OPENENFORCE_RETENTION_YEARS_PERSON", 2)
OPENENFORCE_PUBLISH_SIMPLIFIED = env_bool("OPENENFORCE_PUBLISH_SIMPLIFIED", False)
OPENENFORCE_CORRECTIONS_PER_HOUR = env_int("OPENENFORCE_CORRECTIONS_PER_HOUR", 5)
# Public checks of an uploaded PDF against a document (/documents/verify/<code>) per address.
OPENENFORCE_PDF_CHECKS_PER_HOUR = env_int("OPENENFORCE_PDF_CHECKS_PER_HOUR", 30)
# Verification codes typed in the public box, or unknown codes opened, per address.
OPENENFORCE_CODE_LOOKUPS_PER_HOUR = env_int("OPENENFORCE_CODE_LOOKUPS_PER_HOUR", 60)

# The party's page (openenforce/party, docs/party.md): wrong tries (code or identity) from
# one address or on one code before a lockout of this many minutes; openings per hour and
# address; minutes a party's session lasts.
OPENENFORCE_PARTY_MAX_FAILURES = env_int("OPENENFORCE_PARTY_MAX_FAILURES", 10)
OPENENFORCE_PARTY_LOCK_MINUTES = env_int("OPENENFORCE_PARTY_LOCK_MINUTES", 30)
OPENENFORCE_PARTY_TRIES_PER_HOUR = env_int("OPENENFORCE_PARTY_TRIES_PER_HOUR", 60)
OPENENFORCE_PARTY_SESSION_MINUTES = env_int("OPENENFORCE_PARTY_SESSION_MINUTES", 30)

# Hand-off notices (a task now waits for you) are also sent by e-mail to users with an
# address when this is on; Django's EMAIL_* settings (below) say how mail leaves.
OPENENFORCE_NOTIFY_BY_EMAIL = env_bool("OPENENFORCE_NOTIFY_BY_EMAIL", False)
EMAIL_HOST = env_str("OPENENFORCE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("OPENENFORCE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("OPENENFORCE_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("OPENENFORCE_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("OPENENFORCE_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("OPENENFORCE_EMAIL_FROM", "openenforce@localhost")

# Name shown on every page and on the portal.
OPENENFORCE_SITE_NAME = env_str("OPENENFORCE_SITE_NAME", "OpenEnforce")
# The site's address as the public reaches it: printed into every document's QR code
# (its verification page), so it must be right when a document is issued.
OPENENFORCE_PUBLIC_URL = env_str("OPENENFORCE_PUBLIC_URL", "http://127.0.0.1:8000")
# Seconds an app server keeps a rendered public portal page (0: never cached). Certificate
# checks are never cached: a suspension must show at once.
OPENENFORCE_PORTAL_CACHE_SECONDS = env_int("OPENENFORCE_PORTAL_CACHE_SECONDS", 30)
# The annual enforcement data report is published by this day ("MM-DD") of the next year
# (国办发〔2018〕118号: 31 January).
OPENENFORCE_ANNUAL_REPORT_DUE = env_str("OPENENFORCE_ANNUAL_REPORT_DUE", "01-31")
# Search counts results exactly up to this many, and says "1000+" beyond.
OPENENFORCE_SEARCH_MAX_RESULTS = env_int("OPENENFORCE_SEARCH_MAX_RESULTS", 1000)
# Retention printed on a case file's cover (local archive practice).
OPENENFORCE_CASEFILE_RETENTION_YEARS = env_int("OPENENFORCE_CASEFILE_RETENTION_YEARS", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("OPENENFORCE_LOG_LEVEL", "WARNING")},
}
