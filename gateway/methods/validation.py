"""pydantic validation errors as coded errors that name the parameter, never its value."""

from __future__ import annotations

from pydantic import ValidationError

from gateway.errors import CartgateError, InvalidParameter, MissingParameter

__all__ = ["validation_error"]


def validation_error(exc: ValidationError) -> CartgateError:
    """The first problem pydantic found: MissingParameter (114) or InvalidParameter (109)."""
    first = exc.errors(include_url=False, include_input=False)[0]
    name = ".".join(str(part) for part in first["loc"]) or "body"
    if first["type"] == "missing":
        return MissingParameter(f"Parameter '{name}' is required", field=name)
    if first["type"] == "extra_forbidden":
        return InvalidParameter(f"Parameter '{name}' is not known for this method", field=name)
    return InvalidParameter(f"Parameter '{name}' is not valid: {first['msg']}", field=name)
