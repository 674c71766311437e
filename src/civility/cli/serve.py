"""`civility serve`: the web site and the API, on the database the settings name."""

from __future__ import annotations

import ipaddress

import click

from civility.cli.common import load_settings, migrate_database
from civility.config import Settings, StartupError

HOST_OPTION = click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on."
)
PORT_OPTION = click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8000,
    show_default=True,
    help="TCP port to listen on.",
)


@click.command()
@HOST_OPTION
@PORT_OPTION
def serve(host: str, port: int) -> None:
    """Serve the reader pages, dashboard and API.

    The schema is migrated first. Outside CIVILITY_MODE=demo a CIVILITY_SECRET_KEY of at
    least 32 characters is required.
    """
    settings = serving_settings(load_settings())
    migrate_database(settings)
    run_server(settings, host=host, port=port)


def serving_settings(settings: Settings) -> Settings:
    """Settings fit to serve, or a clear exit saying what is missing."""
    try:
        return settings.checked_for_serving()
    except StartupError as exc:
        raise click.ClickException(str(exc)) from exc


# uvicorn takes the leftmost X-Forwarded-For address from a believed peer: one a reader wrote,
# behind a proxy that appends to the header rather than replacing it.
_ANY_PROXY_TEMPLATE = (
    "warning: CIVILITY_FORWARDED_ALLOW_IPS={value} believes any {peer}'s X-Forwarded-For; unless "
    "the proxy replaces that header (nginx: X-Forwarded-For $remote_addr, not "
    "$proxy_add_x_forwarded_for), readers choose their own address and escape every "
    "per-address rate limit: list the proxies' addresses instead"
)
ANY_PROXY_WARNING = _ANY_PROXY_TEMPLATE.format(value="*", peer="peer")
# A dual-stack socket sees an IPv4 peer as ::ffff:a.b.c.d: this network holds them all.
IPV4_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")


def families_believed(forwarded_allow_ips: str) -> list[str]:
    """The address families ("IPv4", "IPv6") every peer of which the setting believes.

    `*`, a /0 (0.0.0.0/0, ::/0), or networks that together hold every address of a family
    (0.0.0.0/1,128.0.0.0/1) believe any peer of it exactly as `*` does; so does an IPv6 network
    that holds ::ffff:0:0/96 (::/0 among them) for IPv4 peers, as a dual-stack socket reports them.
    """
    items = [item.strip() for item in forwarded_allow_ips.split(",") if item.strip()]
    if "*" in items:
        return ["IPv4", "IPv6"]
    networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue  # Settings refuses it; uvicorn would match nothing with it
    v4 = list(
        ipaddress.collapse_addresses(n for n in networks if isinstance(n, ipaddress.IPv4Network))
    )
    v6 = list(
        ipaddress.collapse_addresses(n for n in networks if isinstance(n, ipaddress.IPv6Network))
    )
    families = []
    if any(n.prefixlen == 0 for n in v4) or any(IPV4_MAPPED.subnet_of(n) for n in v6):
        families.append("IPv4")
    if any(n.prefixlen == 0 for n in v6):
        families.append("IPv6")
    return families


def believes_every_peer(forwarded_allow_ips: str) -> bool:
    """Whether the setting believes every peer of some address family, as `*` does."""
    return bool(families_believed(forwarded_allow_ips))


def any_proxy_warning(forwarded_allow_ips: str) -> str | None:
    """The warning `civility serve` prints for a setting that believes every peer, else None."""
    families = families_believed(forwarded_allow_ips)
    if not families:
        return None
    if forwarded_allow_ips.strip() == "*":
        return ANY_PROXY_WARNING
    shown = (
        forwarded_allow_ips if len(forwarded_allow_ips) <= 120 else forwarded_allow_ips[:120] + "…"
    )
    peer = "peer" if len(families) == 2 else f"{families[0]} peer"
    return _ANY_PROXY_TEMPLATE.format(value=shown, peer=peer)


def run_server(settings: Settings, *, host: str, port: int) -> None:
    """Build the app once and run it under uvicorn until interrupted; bad settings exit clearly."""
    import uvicorn

    from civility.ml.artifacts import ModelFileError
    from civility.pipeline.policy import PolicyError
    from civility.pipeline.wordmatch import WordListError
    from civility.web.access_log import logging_config
    from civility.web.app import create_app

    try:
        app = create_app(settings)
    except StartupError as exc:  # e.g. a CIVILITY_REDIS_URL that is no Redis URL, or no scorer
        raise click.ClickException(str(exc)) from exc
    except (PolicyError, WordListError, ModelFileError) as exc:  # each names its file
        # Worded as the commands that build the engine themselves say it (cli/engine.py).
        raise click.ClickException(f"cannot build the moderation engine: {exc}") from exc
    click.echo(f"serving {settings.site_name} at http://{host}:{port}", err=True)
    warning = any_proxy_warning(settings.forwarded_allow_ips)
    if warning:
        click.echo(warning, err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        log_config=logging_config(),
        # Only these peers may say who the reader is and that they came over https;
        # Settings has checked them (uvicorn would quietly ignore a malformed one).
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
