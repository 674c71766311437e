"""`civility serve`: the web site and the API, on the database the settings name."""

from __future__ import annotations

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
ANY_PROXY_WARNING = (
    "warning: CIVILITY_FORWARDED_ALLOW_IPS=* believes any peer's X-Forwarded-For; unless the "
    "proxy replaces that header (nginx: X-Forwarded-For $remote_addr, not "
    "$proxy_add_x_forwarded_for), readers choose their own address and escape every "
    "per-address rate limit: list the proxies' addresses instead"
)


def run_server(settings: Settings, *, host: str, port: int) -> None:
    """Build the app once and run it under uvicorn until interrupted; bad settings exit clearly."""
    import uvicorn

    from civility.web.access_log import logging_config
    from civility.web.app import create_app

    try:
        app = create_app(settings)
    except StartupError as exc:  # e.g. a CIVILITY_REDIS_URL that is no Redis URL
        raise click.ClickException(str(exc)) from exc
    click.echo(f"serving {settings.site_name} at http://{host}:{port}", err=True)
    if settings.forwarded_allow_ips == "*":
        click.echo(ANY_PROXY_WARNING, err=True)
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
