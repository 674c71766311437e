"""Civility: news comments published only when on-topic and not abusive."""

__version__ = "0.1.0"
