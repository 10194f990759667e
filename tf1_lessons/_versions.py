"""Installed distributions' versions, read from their metadata (nothing imported)."""

from __future__ import annotations


def installed_version(name: str) -> str | None:
    """An installed distribution's version, or None."""
    import importlib.metadata

    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None
