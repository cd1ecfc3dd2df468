"""Request validators for Connexion's `validator_map` that report every failing field at once."""

from __future__ import annotations

import json
import math
import re
import typing as t

from connexion.datastructures import MediaTypeDict
from connexion.json_schema import Draft4RequestValidator
from connexion.utils import is_null, is_nullable
from connexion.validators import (
    FormDataValidator,
    JSONRequestBodyValidator,
    MultiPartFormDataValidator,
    ParameterValidator,
)
from jsonschema import Draft4Validator, ValidationError
from starlette.types import Scope

from reference.shared.problems import ApiProblem

MAX_ERRORS = 100  # the spec's Error.errors maxItems
MAX_DETAIL = 1024  # the spec's FieldError.detail maxLength
MAX_DEPTH = 32  # nested arrays/objects in a JSON body (documented in the specs)
MAX_NUMBER_CHARS = 100  # characters of one JSON number literal (documented in the specs)


def field_error(location: str, pointer: str, detail: str) -> dict[str, str]:
    """One `{location, pointer, detail}` entry of a validation_error."""
    if len(detail) > MAX_DETAIL:
        detail = detail[: MAX_DETAIL - 1] + "…"
    return {"location": location, "pointer": pointer, "detail": detail}


def invalid(errors: list[dict[str, str]]) -> ApiProblem:
    """A validation_error problem listing `errors` (capped at the spec's maximum)."""
    count = len(errors)
    detail = f"{count} invalid field{'s' if count != 1 else ''}."
    return ApiProblem("validation_error", detail, errors=errors[:MAX_ERRORS])


def _pointer(path: t.Iterable[t.Any]) -> str:
    # RFC 6901: "~" and "/" inside a token are escaped.
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def schema_errors(validator: t.Any, instance: t.Any, location: str, base: str = "") -> list:
    """Every jsonschema error of `instance`, one entry per failing field, in path order."""
    found = []
    for error in sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.path]):
        pointer = base + _pointer(error.absolute_path)
        if error.validator == "required" and isinstance(error.instance, dict):
            # Point at the missing member itself, not at the object that lacks it.
            for name in error.validator_value:
                if name not in error.instance:
                    found.append(field_error(location, pointer + _pointer([name]), "is required"))
            continue
        found.append(field_error(location, pointer, error.message))
    return found


def compiled(schema: dict, kind: type = Draft4Validator) -> t.Any:
    """The validator of `schema`, built once per schema object.

    Connexion builds a jsonschema validator (and its reference registry) for every request; the
    schemas are the operation's own dicts, alive as long as the app, so their identity is a key.
    """
    key = (id(schema), kind)
    entry = _COMPILED.get(key)
    if entry is None or entry[0] is not schema:
        entry = _COMPILED[key] = (
            schema,
            kind(schema, format_checker=Draft4Validator.FORMAT_CHECKER),
        )
    return entry[1]


_COMPILED: dict[tuple[int, type], tuple[dict, t.Any]] = {}


class CollectingJSONBodyValidator(JSONRequestBodyValidator):
    """JSON body validator: bad encoding or syntax is a 400, and every schema error is listed."""

    @property
    def _validator(self) -> t.Any:
        return compiled(self._schema, Draft4RequestValidator)

    async def _parse(self, stream: t.AsyncGenerator[bytes, None], scope: Scope) -> t.Any:
        raw = b"".join([chunk async for chunk in stream])
        try:
            text = raw.decode(self._encoding)
        except LookupError:
            raise ApiProblem(
                "unsupported_media_type", f"Unknown charset {self._encoding!r}."
            ) from None
        except UnicodeDecodeError:
            raise invalid(
                [field_error("body", "", f"body is not valid {self._encoding}")]
            ) from None
        if not text:
            return None
        return parse_json(text)

    def _validate(self, body: t.Any) -> dict | None:
        if not self._nullable and body is None:
            raise invalid([field_error("body", "", "a request body is required")])
        errors = schema_errors(self._validator, body, "body")
        if errors:
            raise invalid(errors)
        return None


def parse_json(text: str) -> t.Any:
    """The JSON value of `text` within the contract's limits, or a validation_error."""
    try:
        value = json.loads(
            text, parse_int=_number(int), parse_float=_number(float), parse_constant=_no_constant
        )
    except _Refused as exc:
        raise invalid([field_error("body", "", str(exc))]) from None
    except json.JSONDecodeError as exc:
        raise invalid([field_error("body", "", f"malformed JSON: {exc}")]) from None
    except RecursionError:
        raise invalid([_too_deep("")]) from None
    errors = list(_text_errors(value))
    if errors:
        raise invalid(errors)
    return value


def _number(kind: t.Callable[[str], t.Any]) -> t.Callable[[str], t.Any]:
    def parse(literal: str) -> t.Any:
        if len(literal) > MAX_NUMBER_CHARS:
            raise _Refused(f"a number longer than {MAX_NUMBER_CHARS} characters")
        number = kind(literal)
        if number in (math.inf, -math.inf):
            raise _Refused(f"the number {literal} is out of range")
        return number

    return parse


def _no_constant(literal: str) -> t.Any:
    raise _Refused(f"{literal} is not JSON")


class _Refused(json.JSONDecodeError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason, "", 0)
        self.args = (reason,)

    def __str__(self) -> str:
        return self.args[0]


def _too_deep(pointer: str) -> dict[str, str]:
    return field_error("body", pointer, f"nested deeper than {MAX_DEPTH} arrays/objects")


def _text_errors(value: t.Any) -> t.Iterator[dict[str, str]]:
    """Depth beyond MAX_DEPTH, and strings (or member names) holding an unpaired surrogate.

    A lone surrogate cannot be encoded (the idempotency hash, the database): refused anywhere.
    U+0000 is refused by the schemas of the fields stored (unknown members are ignored).

    Walked without recursion: the body may be nested as deep as the parser allowed.
    """
    stack: list[tuple[t.Any, str, int]] = [(value, "", 0)]
    while stack:
        item, pointer, depth = stack.pop()
        if isinstance(item, (dict, list)) and depth >= MAX_DEPTH:
            yield _too_deep(pointer)
            return
        if isinstance(item, dict):
            for key, member in item.items():
                if _bad_text(key):  # pointed at the object: the name is no pointer to echo
                    yield field_error("body", pointer, "a member name " + _BAD_TEXT)
                    continue
                child = pointer + _pointer([key])
                stack.append((member, child, depth + 1))
        elif isinstance(item, list):
            stack.extend((m, f"{pointer}/{i}", depth + 1) for i, m in enumerate(item))
        elif isinstance(item, str) and _bad_text(item):
            yield field_error("body", pointer, _BAD_TEXT)


_BAD_TEXT = "holds an unpaired surrogate"
_FORBIDDEN = re.compile("[\ud800-\udfff]")


def _bad_text(text: str) -> bool:
    return _FORBIDDEN.search(text) is not None


class CollectingParameterValidator(ParameterValidator):
    """Parameter validator that lists every bad query, path and header parameter."""

    def validate_parameter(  # type: ignore[override]  # Connexion's is a staticmethod
        self, parameter_type: str, value: t.Any, param: dict, param_name: str | None = None
    ) -> str | None:
        """Connexion's check of one parameter, with the schema's validator built once."""
        if is_nullable(param) and is_null(value):
            return None
        if value is None:
            if param.get("required"):
                return f"Missing {parameter_type} parameter '{param['name']}'"
            return None
        try:
            compiled(param.get("schema", param)).validate(value)
        except ValidationError as exc:
            return str(exc)
        return None

    def validate_request(self, request: t.Any) -> None:
        """Raise one validation_error naming every failing parameter."""
        errors = []
        if self.strict_validation:
            extra = self.validate_query_parameter_list(request, self.security_query_params)
            errors += [
                field_error("query", f"/{n}", "is not a known parameter") for n in sorted(extra)
            ]
        getters = {
            "query": request.query_params.get,
            "path": lambda name: request.path_params.get(name.replace("-", "_")),
            "header": request.headers.get,
        }
        for location, get in getters.items():
            for param in self.parameters.get(location, []):
                message = self.validate_parameter(location, get(param["name"]), param)
                if message:
                    errors.append(field_error(location, f"/{param['name']}", _first_line(message)))
        if errors:
            raise invalid(errors)


def _first_line(message: str) -> str:
    # jsonschema's str(error) appends the whole schema and instance; the first line is the reason.
    return message.split("\n", 1)[0]


# Connexion replaces whole entries of its map, so the form validators are listed again.
VALIDATOR_MAP = {
    "parameter": CollectingParameterValidator,
    "body": MediaTypeDict(
        {
            "*/*json": CollectingJSONBodyValidator,
            "application/x-www-form-urlencoded": FormDataValidator,
            "multipart/form-data": MultiPartFormDataValidator,
        }
    ),
}
