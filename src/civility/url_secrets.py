"""URLs as they may be shown in a log line, an error message or a page: secrets hidden."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, unquote_plus, urlsplit

HIDDEN = "***"
# Query parameters that carry a secret: redis-py and libpq read ?password=, and names such
# as libpq's sslpassword or an access_token end the same way; Perspective's clients send ?key=;
# the widget sends ?pending=ID.TOKEN, which shows a poster their held comments.
_SECRET_NAME = re.compile(r"(pass|passwd|password|secret|token|key|pending)$", re.IGNORECASE)
# SQLAlchemy's reading of a userinfo (sqlalchemy.engine.url._parse_url): its password runs to
# the first "@", across any "/", "?" or "#", where urllib (and redis-py) end the authority.
_SQLALCHEMY_USERINFO = re.compile(
    r"(?P<scheme>[\w+]+)://(?P<userinfo>[^:/]*(?P<password>:[^@]*)?)@"
)


def redacted_url(url: str) -> str:
    """The URL with its userinfo password and secret query values replaced by ***.

    What both readers could take for a secret is hidden: urllib's, which redis-py uses, and
    SQLAlchemy's. A URL they split differently shows no more than its scheme.
    """
    if (unsure := _SQLALCHEMY_USERINFO.match(url)) and _read_apart(unsure):
        return f"{unsure['scheme']}://{HIDDEN}"
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed "[" of an IPv6 host: its parts cannot be told apart
        return HIDDEN
    netloc = _without_password(parts)
    query, fragment = _without_secrets(parts.query), _without_secrets(parts.fragment)
    if (netloc, query, fragment) == (parts.netloc, parts.query, parts.fragment):
        return url
    return _joined(parts._replace(netloc=netloc, query=query, fragment=fragment), url=url)


def redacted_target(target: str) -> str:
    """A request's path and query as an access log may show it: secret values as ***."""
    path, mark, query = target.partition("?")
    return f"{path}{mark}{_without_secrets(query)}" if mark else target


def _read_apart(userinfo: re.Match[str]) -> bool:
    """Whether SQLAlchemy reads a password out of text that urllib splits up elsewhere."""
    return userinfo["password"] is not None and any(c in userinfo["userinfo"] for c in "/?#")


def _without_password(parts: SplitResult) -> str:
    """The authority with any password of its userinfo hidden."""
    if not parts.password:
        return parts.netloc
    # urllib splits the userinfo off at the last "@", the user off at its first ":".
    userinfo, _, host = parts.netloc.rpartition("@")
    return f"{userinfo.partition(':')[0]}:{HIDDEN}@{host}"


def _without_secrets(text: str) -> str:
    """Parameters as `password=***`, split at "?" too: SQLAlchemy reads on past a "#"."""
    return "".join(_without_secret(piece) for piece in re.split(r"([?&])", text))


def _without_secret(parameter: str) -> str:
    """`password=x` as `password=***`; any other parameter as it is."""
    name, has_value, _ = parameter.partition("=")
    # Compared as the parsers read it: pass%77ord is a password too.
    if has_value and _SECRET_NAME.search(unquote_plus(name)):
        return f"{name}={HIDDEN}"
    return parameter


def _joined(parts: SplitResult, *, url: str) -> str:
    """The URL from its parts; urlunsplit would drop an empty authority (unix:///socket)."""
    after_scheme = url.lstrip().partition(":")[2] if parts.scheme else url.lstrip()
    text = f"{parts.scheme}:" if parts.scheme else ""
    if parts.netloc or after_scheme.startswith("//"):
        text += f"//{parts.netloc}"
    text += parts.path
    if parts.query:
        text += f"?{parts.query}"
    return text + (f"#{parts.fragment}" if parts.fragment else "")
