"""Shared names for truly open data: JSON payloads, audit event bodies, template contexts."""

from __future__ import annotations

# An open JSON object (a payload, an audit event body, a job's arguments). Values are `object`:
# narrow them (isinstance, or read into a dataclass) where the code needs their type.
JSONObject = dict[str, object]
# A list of open JSON objects (rows of an export, items of a payload).
JSONList = list[JSONObject]
# The variables a handler passes to a Jinja2 template.
TemplateContext = dict[str, object]
