"""One way to read the analyst's YAML: strict, validated, and every mistake as one line.

These files are where analysts change behaviour without code, so a mistake in them must come
back as one readable line naming the file (and line), never as a traceback, and never as a
silent win of the second of two duplicate keys.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from helpers.errors import InputError


class Strict(BaseModel):
    """A model for an analyst file: unknown keys are errors (a typo never passes silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class _NotADate(yaml.constructor.ConstructorError):
    """A value YAML reads as a date that no calendar has."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"key '{key}' appears twice (lines {seen[key]} and {line}); keep one",
                    key_node.start_mark,
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        """A date YAML cannot build (2025-02-30) is the analyst's typo, not a crash."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise _NotADate(
                None,
                None,
                f"'{node.value}' is not a real date; write YYYY-MM-DD with a day that exists in that month",
                node.start_mark,
            ) from None


_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _UniqueKeyLoader.construct_yaml_timestamp)

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def strict_day(value: object) -> date | None:
    """A calendar day written YYYY-MM-DD, and nothing else.

    pydantic on its own reads 1947 or 20250622 as seconds since 1970 and 2025-W25-1 as a week:
    each a silent wrong date. A YAML date, or a string in exactly this form, is the only way in.
    """
    if value is None:
        return None  # left to the field: allowed where it is optional
    if isinstance(value, datetime):
        raise ValueError(f"'{value}' has a time of day; write the day alone, YYYY-MM-DD")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and ISO_DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a real date; pick a day that exists in that month") from None
    raise ValueError(f"'{value}' is not a date; write YYYY-MM-DD")


Day = Annotated[date, BeforeValidator(strict_day)]  # every date in an analyst's YAML
MaybeDay = Annotated[date | None, BeforeValidator(strict_day)]  # the same, where a date may be left out


def read_yaml(path: Path, text: str | None = None) -> object:
    """The parsed YAML of an analyst file; InputError (one line) when it is missing or malformed.

    `text`, when given, is read in place of the file: what the file will say once the build has
    moved its citations, checked before it is written.
    """
    try:
        text = path.read_text(encoding="utf-8") if text is None else text
    except FileNotFoundError:
        raise InputError(path, "file is missing; restore it from git (git checkout -- data/)") from None
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text; save it as UTF-8") from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        if "appears twice" in problem:
            raise InputError(path, f"{problem}") from None
        if isinstance(exc, _NotADate):
            raise InputError(path, f"line {mark.line + 1}: {problem}") from None
        raise InputError(path, f"YAML syntax error{where}: {problem}; fix the indentation or quoting") from None


def _validation_line(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else err["msg"]


def parse(model: type[BaseModel], raw: object, path: Path):
    """Validate parsed YAML against its model; InputError with the first problem and a count of the rest."""
    try:
        return model.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        extra = f" ({exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InputError(path, f"{_validation_line(exc)}{extra}; see the comments at the top of the file") from None


def load(model: type[BaseModel], path: Path, text: str | None = None):
    """Read and validate one analyst file (or `text`, as that file)."""
    return parse(model, read_yaml(path, text), path)
