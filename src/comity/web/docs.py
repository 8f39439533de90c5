"""GET /docs: the API reference as one plain HTML page rendered on the server from the OpenAPI
schema (/openapi.json). No script and no CDN, so it works offline; every string from the schema
is HTML-escaped."""

from __future__ import annotations

from html import escape
from typing import Any

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
code { background: #f4f4f4; padding: 0 .25rem; }
.method { font-weight: bold; display: inline-block; min-width: 3.5rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
td, th { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; vertical-align: top; }
"""


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    kind = str(schema.get("type", ""))
    bounds = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "maxLength") if k in schema]
    return kind + (f" ({', '.join(bounds)})" if bounds else "")


def _parameters(parameters: list[dict[str, Any]]) -> str:
    if not parameters:
        return ""
    rows = []
    for p in parameters:
        schema = p.get("schema", {})
        default = schema.get("default")
        rows.append(
            "<tr>"
            f"<td><code>{escape(str(p.get('name', '')))}</code></td>"
            f"<td>{escape(str(p.get('in', '')))}</td>"
            f"<td>{escape(_type(schema))}</td>"
            f"<td>{'' if default is None else escape(str(default))}</td>"
            f"<td>{escape(str(p.get('description') or schema.get('description') or ''))}</td>"
            "</tr>"
        )
    head = "<tr><th>parameter</th><th>in</th><th>type</th><th>default</th><th>meaning</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def docs_html(spec: dict[str, Any]) -> str:
    """The reference page of an OpenAPI document."""
    info = spec.get("info", {})
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(str(info.get('title', 'API')))} reference</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{escape(str(info.get('title', 'API')))} {escape(str(info.get('version', '')))}</h1>",
        f"<p>{escape(str(info.get('description', '')))}</p>",
        "<p>Machine-readable: <a href='/openapi.json'>/openapi.json</a>. Every response is JSON; errors are "
        '<code>{"detail": "..."}</code>.</p>',
    ]
    for path, operations in spec.get("paths", {}).items():
        for method, op in operations.items():
            parts.append(
                f"<h2><span class='method'>{escape(method.upper())}</span> <code>{escape(path)}</code></h2>"
            )
            if op.get("summary"):
                parts.append(f"<p><strong>{escape(str(op['summary']))}</strong></p>")
            if op.get("description"):
                parts.append(f"<p>{escape(str(op['description']))}</p>")
            parts.append(_parameters(op.get("parameters", [])))
    parts.append("</body></html>")
    return "\n".join(parts)
