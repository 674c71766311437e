"""Every setting of Civility, read from CIVILITY_* environment variables."""

from __future__ import annotations

import ipaddress
import re
import secrets
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import SplitResult, urlsplit

import idna
from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from civility.rates import parse_rate
from civility.url_secrets import HIDDEN, redacted_url

DEFAULT_SCORERS = [
    "length",
    "links",
    "repetition",
    "shouting",
    "blocklist",
    "off_topic",
    "abuse",
]


ENV_PREFIX = "CIVILITY_"
# CIVILITY_* names read by something other than Settings, so not typos of a setting:
# CIVILITY_TEST_DATABASE_URL points the test suite's PostgreSQL tests at a server
# (tests/conftest.py), so it is set where the suite's own `civility` commands run.
NOT_SETTINGS = frozenset({"CIVILITY_TEST_DATABASE_URL"})
# Settings a repr shows with their secrets hidden: a repr reaches logs and tracebacks.
URL_SETTINGS = frozenset({"database_url", "redis_url"})
SECRET_SETTINGS = frozenset({"secret_key", "coral_signing_secrets"})
# Coral's own secrets are "empsec_" and 64-72 hex digits; a short one is a typo or a leftover.
MIN_SIGNING_SECRET_CHARS = 16
# uvicorn's own default: a proxy on the same machine may say who the client is.
LOCAL_PROXIES = "127.0.0.1,::1"
# A host name as browsers send it in Host: letters, digits and hyphens, in labels between dots.
ASCII_HOST_RE = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?")
# A century: longer is a typo, and start + days must stay a date Python can hold.
MAX_CLOSE_AFTER_DAYS = 36_500
# The port an origin leaves out, as browsers write it in Origin (https://x, never https://x:443).
DEFAULT_PORTS = {"http": 80, "https": 443}
# A secret key: this many characters, not counting blanks around it...
MIN_SECRET_KEY_CHARS = 32
# ...of at least this many different ones ("a" * 32 or a repeated word is no random key).
MIN_SECRET_KEY_DISTINCT_CHARS = 8
# In CIVILITY_ALLOWED_ORIGINS, any page may embed the widget (Starlette's CORS wildcard).
ANY_ORIGIN = "*"


class StartupError(RuntimeError):
    """The settings cannot run a server: raised before anything starts."""


class Settings(BaseSettings):
    """Configuration for one Civility site. Build once at the entry point and pass down."""

    # extra="forbid" refuses unknown keyword arguments only; unknown_environment_names checks
    # the environment, where pydantic-settings ignores a name that matches no field.
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    mode: Literal["demo", "production"] = Field(
        "production",
        description="'demo' allows a generated secret key; 'production' requires a real one.",
    )
    database_url: str = Field(
        "sqlite:///civility.db",
        description="SQLAlchemy URL: SQLite by default, postgresql+psycopg://... in production.",
    )
    secret_key: str = Field(
        "",
        description=(
            "Signs sessions and CSRF tokens; outside demo mode at least 32 characters (blanks "
            "around it not counted), of at least 8 different ones."
        ),
    )
    site_name: str = Field("Civility", description="Name shown in page headers and the FAQ.")
    scorers: list[str] = Field(
        default_factory=lambda: list(DEFAULT_SCORERS),
        description="Scorer names from pipeline/registry.py, run in this order.",
    )
    scorer_config: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description='Keyword overrides per scorer, e.g. {"links": {"max_links": 3}}.',
    )
    scorer_timeout_ms: int = Field(
        3000, gt=0, description="A scorer slower than this holds the comment for a human."
    )
    policy_file: Path | None = Field(
        None, description="JSON file overriding the default policy's thresholds and rules."
    )
    banned_words_file: Path | None = Field(
        None, description="One word per line that rejects a comment (default: shipped list)."
    )
    suspect_words_file: Path | None = Field(
        None, description="One word per line that holds a comment (default: shipped list)."
    )
    max_comment_chars: int = Field(
        5000, gt=0, description="Longer comments are refused (HTTP 413) before scoring."
    )
    post_rate_limit: str = Field(
        "10/minute", description="Comment posts allowed per client address, as COUNT/PERIOD."
    )
    login_rate_limit: str = Field(
        "5/minute", description="Moderator login attempts allowed per client address."
    )
    account_login_rate_limit: str = Field(
        "10/hour",
        description=(
            "Failed logins allowed per username and client network, as COUNT/PERIOD (ten "
            "times as many per username from all networks together); beyond it the login "
            "answers 429 without checking the password."
        ),
    )
    redis_url: str | None = Field(
        None,
        description="Shares rate limits between app servers; in-process counters when unset.",
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        description=(
            "Origins whose pages may embed the comment widget (CORS), each scheme://host[:port] "
            "as browsers send it in Origin, or * for any page."
        ),
    )
    article_fetch_origins: list[str] = Field(
        default_factory=list,
        description=(
            "Origins whose article pages Civility may fetch to register an article the widget "
            "names by URL (main text extracted), each scheme://host[:port]; others must be "
            "added through the API."
        ),
    )
    perspective_rate_limit: str = Field(
        "3000/minute",
        description=(
            "Perspective-compatible requests allowed per API key, as COUNT/PERIOD; beyond it "
            "the client gets Perspective's 429 quota error."
        ),
    )
    coral_signing_secrets: list[str] = Field(
        default_factory=list,
        description=(
            "Signing secrets of Coral's external moderation phase (empsec_...); list the old "
            "and the new one while rotating. Empty: the Coral endpoint refuses every call."
        ),
    )
    model_dir: Path | None = Field(
        None,
        description=(
            "Directory of trained model files laid out like the package's data/models/ "
            "(abuse/, encoder/, relevance/calibration.json); default: the shipped ones."
        ),
    )
    encoder_threads: int = Field(
        2,
        ge=1,
        le=64,
        description=(
            "CPU threads one pass of the shared encoder uses; `civility moderate --workers N` "
            "gives each of its worker processes one."
        ),
    )
    datasets_dir: Path = Field(
        Path("../shared/datasets"),
        description="Labelled data for `civility train` and `civility evaluate`.",
    )
    session_max_age_s: int = Field(
        8 * 3600, gt=0, description="How long a moderator stays logged in."
    )
    forwarded_allow_ips: str = Field(
        LOCAL_PROXIES,
        description=(
            "Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (the reader's "
            "address and https): addresses and networks separated by commas, or * for any."
        ),
    )
    public_url: str | None = Field(
        None,
        description=(
            "The address readers use, e.g. https://comments.example.com: https makes cookies "
            "Secure and adds HSTS; requests naming another host are refused."
        ),
    )
    comments_close_after_days: int | None = Field(
        None,
        ge=1,
        le=MAX_CLOSE_AFTER_DAYS,
        description=(
            "Days after an article's publication (its creation when it has no date) that its "
            "comments close; unset: never. `civility articles open` reopens one for as long again."
        ),
    )

    @field_validator("coral_signing_secrets")
    @classmethod
    def _check_signing_secrets(cls, value: list[str]) -> list[str]:
        """Each secret long enough to guess at no better than chance: an empty one (an unset
        shell variable in `["$SECRET"]`) would let anyone sign with the empty key."""
        for secret in value:
            if len(secret.strip()) < MIN_SIGNING_SECRET_CHARS:
                raise ValueError(
                    f"every signing secret needs at least {MIN_SIGNING_SECRET_CHARS} characters; "
                    "copy it whole from Coral's external moderation phase (empsec_...)"
                )
        return value

    @field_validator(
        "post_rate_limit", "login_rate_limit", "account_login_rate_limit", "perspective_rate_limit"
    )
    @classmethod
    def _check_rate(cls, value: str, info: ValidationInfo) -> str:
        """COUNT/PERIOD with a count of at least 1, checked here rather than when the app is
        built: 0 would refuse every request, and a typo would surface as a traceback."""
        return checked_rate(value, environment_name(info.field_name or ""))

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _check_forwarded_allow_ips(cls, value: str) -> str:
        """Addresses and networks only: uvicorn quietly never matches anything else."""
        return checked_proxies(value)

    @field_validator("public_url")
    @classmethod
    def _check_public_url(cls, value: str | None) -> str | None:
        """Scheme and host alone, as `https://comments.example.com`; blank means unset."""
        return checked_public_url(value) if value and value.strip() else None

    @field_validator("allowed_origins", "article_fetch_origins")
    @classmethod
    def _check_origins(cls, value: list[str], info: ValidationInfo) -> list[str]:
        """Each entry as browsers send it in Origin, which CORS and the fetcher compare whole:
        `https://news.example.com/` or `news.example.com` would silently never match."""
        field = info.field_name or ""
        return checked_origins(
            value, environment_name(field), any_allowed=field == "allowed_origins"
        )

    @field_validator("comments_close_after_days", mode="before")
    @classmethod
    def _check_close_after_days(cls, value: object) -> int | None:
        """A whole number of days from 1 to a century; blank means unset (never close)."""
        return checked_days(value, environment_name("comments_close_after_days"))

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        """The fields repr() and str() show: URLs without passwords, secrets as ***."""
        for name, value in super().__repr_args__():
            if name in URL_SETTINGS and isinstance(value, str):
                yield name, redacted_url(value)
            elif name in SECRET_SETTINGS and value:
                yield name, HIDDEN
            else:
                yield name, value

    def checked_for_serving(self) -> Settings:
        """Return settings safe to serve: a real secret, or a fresh one in demo mode."""
        problem = secret_key_problem(self.secret_key)
        if problem is None:
            return self
        if self.mode == "demo":
            # A fresh random key per process: demo sessions end when the server stops.
            return self.model_copy(update={"secret_key": secrets.token_urlsafe(32)})
        raise StartupError(
            f"CIVILITY_SECRET_KEY {problem}: set it to at least {MIN_SECRET_KEY_CHARS} random "
            "characters (python -c 'import secrets; print(secrets.token_urlsafe(32))'), "
            "or CIVILITY_MODE=demo for a throwaway site"
        )


def secret_key_problem(key: str) -> str | None:
    """What keeps `key` from signing sessions and CSRF tokens, if anything: too short once
    the blanks around it are dropped, or too few different characters to be a random one."""
    if not key.strip():
        return "is not set"
    if len(key.strip()) < MIN_SECRET_KEY_CHARS:
        return f"has fewer than {MIN_SECRET_KEY_CHARS} characters (blanks around it not counted)"
    if len(set(key.strip())) < MIN_SECRET_KEY_DISTINCT_CHARS:
        return (
            f"has fewer than {MIN_SECRET_KEY_DISTINCT_CHARS} different characters, "
            "so it is no random key"
        )
    return None


def environment_name(field: str) -> str:
    """The environment variable of a setting: scorer_config -> CIVILITY_SCORER_CONFIG."""
    return ENV_PREFIX + field.upper()


def unknown_environment_names(environ: Mapping[str, str]) -> list[str]:
    """CIVILITY_* variables that name no setting, such as a misspelt CIVILITY_SECRETKEY."""
    known = {environment_name(field) for field in Settings.model_fields} | NOT_SETTINGS
    # pydantic-settings reads names in any case (civility_mode is mode): compare them so.
    return sorted(
        name
        for name in environ
        if name.upper().startswith(ENV_PREFIX) and name.upper() not in known
    )


def checked_rate(value: str, name: str) -> str:
    """A rate setting as given, or a ValueError naming its variable `name`."""
    try:
        rate = parse_rate(value)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}, as in 10/minute") from exc
    if rate.count < 1:
        raise ValueError(f"{name}: {value!r} allows nothing; the count must be at least 1")
    return value


def checked_days(value: object, name: str) -> int | None:
    """A number of days as given (int or digits), None for blank; a ValueError naming `name`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    days = value.strip() if isinstance(value, str) else value
    if isinstance(days, str) and days.isascii() and days.isdigit() and len(days) <= 6:
        days = int(days)
    # bool is an int to Python, and True is no number of days.
    if isinstance(days, int) and not isinstance(days, bool) and 1 <= days <= MAX_CLOSE_AFTER_DAYS:
        return days
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
    raise ValueError(
        f"{name}: {shown} is not a whole number of days from 1 to {MAX_CLOSE_AFTER_DAYS}; "
        "leave it unset to keep comments open"
    )


def checked_proxies(value: str) -> str:
    """The trusted proxies as uvicorn takes them: "*", or addresses and networks joined by ","."""
    items = [item.strip() for item in value.split(",") if item.strip()]
    if items == ["*"]:
        return "*"
    for item in items:
        try:
            ipaddress.ip_network(item)  # an address is a network of one
        except ValueError as exc:
            raise ValueError(
                f"{environment_name('forwarded_allow_ips')}: {item!r} is not an IP address or "
                f"network ({exc}); give the proxies' addresses or networks separated by commas, "
                "as in 127.0.0.1,10.0.0.0/8, or * alone to believe any peer"
            ) from exc
    return ",".join(items)


def checked_public_url(value: str) -> str:
    """`scheme://host[:port]` of a public address, or a ValueError saying what is wrong."""
    try:
        return normalised_origin(value.strip(), path_note="Civility is served from /")
    except ValueError as exc:
        raise ValueError(
            f"{environment_name('public_url')} {exc}, as in https://comments.example.com "
            f"(got {value!r})"
        ) from exc


def checked_origins(entries: list[str], name: str, *, any_allowed: bool) -> list[str]:
    """Each origin of the setting `name` normalised (normalised_origin), or a ValueError naming
    the setting and the entry; `*` stays as it is where `any_allowed` (it means any origin)."""
    checked = []
    for entry in entries:
        if any_allowed and entry.strip() == ANY_ORIGIN:
            checked.append(ANY_ORIGIN)
            continue
        try:
            checked.append(normalised_origin(entry.strip()))
        except ValueError as exc:
            alone = ", or * alone for any page" if any_allowed else ""
            raise ValueError(
                f"{name}: the entry {entry!r} {exc}; give each origin as browsers send it in "
                f"Origin, as in https://news.example.com{alone}"
            ) from exc
    return checked


def normalised_origin(value: str, *, path_note: str = "an origin is scheme and host alone") -> str:
    """`scheme://host[:port]` as browsers send it in Origin and Host: scheme and host in lower
    case, an international host in ASCII (kommentare.bücher.de -> kommentare.xn--bcher-kva.de),
    the scheme's default port left out; a trailing "/" is dropped. A ValueError says what keeps
    `value` from being one (a path, query or fragment, a user, another scheme, a bad host).
    """
    parts = _split(value)
    problem = _origin_problem(parts)
    if problem is None and (parts.path not in ("", "/") or parts.query or parts.fragment):
        problem = f"may hold no path, query or fragment ({path_note})"
    if problem is not None:
        raise ValueError(problem)
    return _origin(parts)


def origin_of_url(url: str) -> str:
    """The origin of an http(s) URL, its path, query and fragment aside, written as
    normalised_origin writes it; a ValueError for a URL with none (a user, another scheme)."""
    parts = _split(url)
    problem = _origin_problem(parts)
    if problem is not None:
        raise ValueError(problem)
    return _origin(parts)


def _split(value: str) -> SplitResult:
    """urlsplit, with its ValueError saying the value is no URL."""
    try:
        return urlsplit(value)
    except ValueError as exc:  # e.g. an unclosed [ or a character NFKC turns into a "/"
        raise ValueError(f"is not a URL ({exc})") from exc


def _origin(parts: SplitResult) -> str:
    """`scheme://host[:port]` of a split URL that _origin_problem found nothing wrong with."""
    host = _ascii_host(parts.hostname or "")
    netloc = f"[{host}]" if ":" in host else host
    port = parts.port
    shown = f":{port}" if port is not None and port != DEFAULT_PORTS[parts.scheme] else ""
    return f"{parts.scheme}://{netloc}{shown}"


def _ascii_host(hostname: str) -> str:
    """An IP literal in its usual form, a domain name in its IDNA (punycode) form; else a
    ValueError."""
    try:
        # As browsers write one: 2001:DB8:0::1 is 2001:db8::1.
        return str(ipaddress.ip_address(hostname))
    except ValueError:
        pass
    try:
        # UTS #46 without transitional mapping, as browsers do: straße.de stays apart from
        # strasse.de (Python's own "idna" codec implements IDNA 2003, which maps one to the other).
        host = idna.encode(hostname, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise ValueError(f"has a host that is no domain name or IP address ({exc})") from exc
    if not ASCII_HOST_RE.fullmatch(host):
        raise ValueError("has a host of other than letters, digits, dots and hyphens")
    return host


def _origin_problem(parts: SplitResult) -> str | None:
    """What keeps a split URL from having an origin of its own, if anything."""
    if parts.scheme not in DEFAULT_PORTS:
        return "must start with https:// (or http://)"
    try:
        _ = parts.port  # raises for a port that is no number or out of range
    except ValueError:
        return "has a port that is not a number from 0 to 65535"
    if not parts.hostname:
        return "needs a host name"
    if parts.username is not None:
        return "may not carry a user name or password"
    return None
