"""
Settings for the Pusteblume site.

One module for every environment: each value that differs between
development and production comes from an environment variable (see
README.md and .env.example). Development defaults apply only while
DJANGO_DEBUG is on; in production the site refuses to start without a real
secret key and host list.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env(
        "DJANGO_SECRET_KEY", default="django-insecure-only-for-local-development"
    )
    ALLOWED_HOSTS = env.list(
        "DJANGO_ALLOWED_HOSTS",
        default=["127.0.0.1", "localhost", "[::1]", "testserver"],
    )
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
    if not SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. In production set it to a long random "
            'value, e.g. the output of: python -c "import secrets; '
            'print(secrets.token_urlsafe(50))". For local development set '
            "DJANGO_DEBUG=1 instead."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is not set. In production set it to the site's "
            "host names, comma-separated, e.g. DJANGO_ALLOWED_HOSTS=example.de,"
            "www.example.de. For local development set DJANGO_DEBUG=1 instead."
        )

# Old keys, while a new DJANGO_SECRET_KEY takes over (links in mails stay valid).
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The public address, for links in mails, feeds and canonical URLs.
SITE_URL = env("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The admin's address; moving it away from /admin/ keeps most scanners off.
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"

# Application definition

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    # Third party
    "axes",
    "csp",
    "django_otp",
    "pusteblume_site.otp_apps.StaticConfig",
    "pusteblume_site.otp_apps.TOTPConfig",
    "django_tasks",
    "django_tasks_db",
    "markdownx",
    "taggit",
    # Ours: the shared machinery first, then the apps that plug into it
    "pusteblume_site",
    # members first: the demo content of pages and blog opens its product.
    "members",
    "pages",
    "blog",
    "newsletter",
]

MIDDLEWARE = [
    # Outside the page cache: every answer carries a request id, and no
    # malformed request gets past (see pusteblume_site.safety).
    "pusteblume_site.logs.RequestIdMiddleware",
    "pusteblume_site.safety.BadInputMiddleware",
    # A cached page skips every layer below (it keeps their headers).
    "pusteblume_site.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pusteblume_site.middleware.SlashMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pusteblume_site.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: old WordPress addresses, looked up only where the site has none.
    "blog.middleware.LegacyRedirectMiddleware",
]

ROOT_URLCONF = "pusteblume_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pusteblume_site.context_processors.site",
                "pages.context_processors.menu",
            ],
        },
    },
]

# Form widgets render through TEMPLATES, so templates/ can override one
# (admin/widgets/split_datetime.html labels the date and the time field).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "pusteblume_site.wsgi.application"

# Database: an SQLite file next to the code unless DATABASE_URL says otherwise.

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; the busy timeout makes
    # a second writer wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Cache: Redis when REDIS_URL is set (shared by every app process), otherwise
# local memory.

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    redis = {
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("DJANGO_CACHE_KEY_PREFIX", default="pusteblume"),
    }
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"} | redis,
        # Whole pages and template fragments, keyed by the content version.
        "template_fragments": {
            "BACKEND": "pusteblume_site.cache_backends.VersionedRedisCache"
        }
        | redis,
    }
else:
    local = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pusteblume",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
    CACHES = {"default": local, "template_fragments": local}

# Password validation

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalization

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static files and uploads

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names need collectstatic; development serves the
    # files as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Uploads are served by the web server or object storage in production; this
# lets Django serve them itself (development, loopback benchmarks).
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG)
FILE_UPLOAD_PERMISSIONS = 0o644

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Email: console while developing, SMTP from EMAIL_URL in production.

vars().update(
    env.email_url(
        "EMAIL_URL",
        default="consolemail://" if DEBUG else "smtp://localhost:25",
    )
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Website <newsletter@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# HTTPS: on behind the TLS proxy in production, each switch overridable so
# the site can run in production shape over plain HTTP on loopback.

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int(
    "DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# Joining the preload list is hard to undo: the owner decides with
# DJANGO_SECURE_HSTS_PRELOAD, and `check --deploy` does not nag without it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: nothing inline, nothing from third parties. The
# click-to-load embeds are the one exception, and only after the click.

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            "https://giphy.com",
            "https://www.instagram.com",
        ],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The site uses no browser feature that needs a permission.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}


# Background tasks: newsletter sending runs in a worker (manage.py db_worker).

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Newsletter sending: mails per batch and the pause between batches keep the
# mail relay's rate limits; signups per IP address and hour stop floods.
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=100)
NEWSLETTER_BATCH_PAUSE = env.float("NEWSLETTER_BATCH_PAUSE", default=1.0)
NEWSLETTER_SIGNUPS_PER_IP = env.int("NEWSLETTER_SIGNUPS_PER_IP", default=10)
# How many proxies in front of the app append to X-Forwarded-For.
NEWSLETTER_TRUSTED_PROXIES = env.int("NEWSLETTER_TRUSTED_PROXIES", default=0)
# A delivery claimed longer ago than this (seconds) counts as interrupted and
# is sent again; it must be longer than one SMTP transaction can take.
NEWSLETTER_CLAIM_TIMEOUT = env.int("NEWSLETTER_CLAIM_TIMEOUT", default=600)
# A send interrupted by a crash resumes by itself this many times, waiting
# NEWSLETTER_RESUME_DELAY seconds (times the attempt) before each.
NEWSLETTER_AUTO_RESUMES = env.int("NEWSLETTER_AUTO_RESUMES", default=5)
NEWSLETTER_RESUME_DELAY = env.int("NEWSLETTER_RESUME_DELAY", default=300)
# Sender of newsletter mails, and the address for unsubscribing by mail
# (List-Unsubscribe); empty: DEFAULT_FROM_EMAIL.
NEWSLETTER_FROM_EMAIL = env("NEWSLETTER_FROM_EMAIL", default="")
NEWSLETTER_UNSUBSCRIBE_EMAIL = env("NEWSLETTER_UNSUBSCRIBE_EMAIL", default="")

# Comments under blog posts. The minimum time between opening and sending
# the form tells people from scripts; tests set it to zero.
COMMENTS_MIN_SECONDS = env.float("COMMENTS_MIN_SECONDS", default=3.0)
# Comments per IP address and hour (the address is only hashed, in the cache).
COMMENTS_PER_IP = env.int("COMMENTS_PER_IP", default=5)
# Links a comment may hold; more are refused with a message.
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=2)
# Comments close by themselves this many days after publication; 0: never.
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", default=0)
# Approve a commenter at once whose earlier comment (same address) was approved.
COMMENTS_AUTO_APPROVE_KNOWN = env.bool("COMMENTS_AUTO_APPROVE_KNOWN", default=False)
# The author hears of new comments at most once in this many minutes; more
# arrive as one digest.
COMMENTS_MAIL_INTERVAL = env.int("COMMENTS_MAIL_INTERVAL", default=15)
# Where that mail goes, comma-separated; empty: every active staff account
# with an address that may moderate comments.
COMMENTS_NOTIFY_EMAILS = env.list("COMMENTS_NOTIFY_EMAILS", default=[])
# Days spam stays in the spam folder before prune_spam_comments deletes it.
COMMENTS_SPAM_DAYS = env.int("COMMENTS_SPAM_DAYS", default=30)

# Feeds carry each post's whole text (sanitised, with absolute links);
# off: only its summary.
FEEDS_FULL_CONTENT = env.bool("DJANGO_FEEDS_FULL_CONTENT", default=True)
# Members' area (members/): sign-in links by mail (django-sesame), one use,
# valid for MEMBERS_LINK_MINUTES; at most one link per address in
# MEMBERS_LINK_INTERVAL minutes, MEMBERS_SIGNINS_PER_IP requests per hour.
MEMBERS_SESSION_DAYS = env.int("MEMBERS_SESSION_DAYS", default=30)
MEMBERS_LINK_MINUTES = env.int("MEMBERS_LINK_MINUTES", default=15)
MEMBERS_LINK_INTERVAL = env.int("MEMBERS_LINK_INTERVAL", default=5)
MEMBERS_SIGNINS_PER_IP = env.int("MEMBERS_SIGNINS_PER_IP", default=10)
# Downloads live outside MEDIA_ROOT. "django" streams them; "nginx" answers
# with X-Accel-Redirect to MEMBERS_DOWNLOAD_INTERNAL_URL (an internal
# location), "sendfile" with X-Sendfile (Caddy, Apache) and the file's path.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
MEMBERS_DOWNLOAD_SERVER = env("MEMBERS_DOWNLOAD_SERVER", default="django")
MEMBERS_DOWNLOAD_INTERNAL_URL = env(
    "MEMBERS_DOWNLOAD_INTERNAL_URL", default="/geschuetzt/"
)
# The passphrase set for the IPN in Digistore24; without it the IPN
# endpoint answers 503 and grants nothing.
DIGISTORE24_IPN_PASSPHRASE = env("DIGISTORE24_IPN_PASSPHRASE", default="")
SESAME_MAX_AGE = MEMBERS_LINK_MINUTES * 60
SESAME_ONE_TIME = True
SESAME_INVALIDATE_ON_EMAIL_CHANGE = True

# Markdown, uploads and tags

MARKDOWNX_MARKDOWNIFY_FUNCTION = "pusteblume_site.markdown.render_markdown"
MARKDOWNX_URLS_PATH = f"/{ADMIN_URL}markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = f"/{ADMIN_URL}markdownx/upload/"
# The editor's own upload view (pusteblume_site.uploads) checks size and type.
MARKDOWNX_MEDIA_PATH = "uploads/"
MARKDOWNX_EDITOR_RESIZABLE = True
TAGGIT_CASE_INSENSITIVE = True

# Hardening: backups, admin login and second factor, request limits, logs.

# Where `manage.py backup` writes its archives when given no folder.
BACKUP_DIR = env.path("DJANGO_BACKUP_DIR", default=BASE_DIR / "backups")

# Logins: axes locks an account, and separately an address, after
# DJANGO_AXES_FAILURE_LIMIT failed attempts, for DJANGO_AXES_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Reads the members' sign-in links (members.views.sign_in_link).
    "sesame.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(
    minutes=env.int("DJANGO_AXES_COOLOFF_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pusteblume_site.views.admin_locked_out"
AXES_CLIENT_IP_CALLABLE = "pusteblume_site.clients.client_ip"
AXES_VERBOSE = False

# Second factor (TOTP app plus recovery codes), switched on per account;
# with DJANGO_ADMIN_REQUIRE_2FA every superuser must set one up.
ADMIN_REQUIRE_2FA = env.bool("DJANGO_ADMIN_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = env("DJANGO_OTP_ISSUER", default="Pusteblume Redaktion")
# Secrets show only once, on the account's own setup page, never in the
# admin's device lists.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Request limits: bodies beyond MAX_REQUEST_SIZE are refused before they are
# read; form fields (not files) may hold DATA_UPLOAD_MAX_MEMORY_SIZE; files
# past FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, not to memory.
MAX_REQUEST_SIZE = env.int("DJANGO_MAX_REQUEST_SIZE", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Logs: one JSON object a line on stderr, each with the request's id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "pusteblume_site.logs.RequestContextFilter"}},
    "formatters": {"json": {"()": "pusteblume_site.logs.LineFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # The request id middleware logs each request already; axes reports
    # every failed login at INFO, lockouts at WARNING.
    "loggers": {
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
