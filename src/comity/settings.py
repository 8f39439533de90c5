"""Defaults from ``defaults.yaml``, overridden by a user config, as one frozen settings object."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from comity.errors import ComityError, E


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _merge(base: dict[str, Any], override: Mapping[str, Any], where: str, path: str = "") -> dict:
    out = dict(base)
    for key, value in override.items():
        dotted = f"{path}{key}"
        if key not in base:
            raise ComityError(E.E203, where=where, detail=f"unknown setting {dotted!r}")
        if isinstance(base[key], dict):
            if not isinstance(value, Mapping):
                raise ComityError(E.E203, where=where, detail=f"{dotted!r} must be a mapping")
            out[key] = _merge(base[key], value, where, dotted + ".")
        else:
            out[key] = value
    return out


class Settings:
    """Read-only nested settings.

    ``settings["ingest"]["max_bytes"]`` or ``settings.get("ingest.max_bytes")``.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = _freeze(data)

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self._data
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        return node


def _defaults() -> dict[str, Any]:
    text = resources.files("comity").joinpath("defaults.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def load_settings(config: str | None = None) -> Settings:
    """The defaults, overridden by ``config`` (or ``$COMITY_CONFIG``) when given."""
    data = _defaults()
    config = config or os.environ.get("COMITY_CONFIG")
    if config:
        path = Path(config)
        try:
            user = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ComityError(E.E203, where=str(path), detail=str(exc).splitlines()[0]) from exc
        if not isinstance(user, Mapping):
            raise ComityError(E.E203, where=str(path), detail="top level must be a mapping")
        data = _merge(data, user, str(path))
    return Settings(data)
