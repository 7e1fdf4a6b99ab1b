"""One way to read the analyst's YAML: strict, validated, and every mistake as one line.

These files are where analysts change behaviour without code, so a mistake in them must come
back as one readable line naming the file (and line), never as a traceback, and never as a
silent win of the second of two duplicate keys.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from helpers.errors import InputError


class Strict(BaseModel):
    """A model for an analyst file: unknown keys are errors (a typo never passes silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


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


def read_yaml(path: Path) -> object:
    """The parsed YAML of an analyst file; InputError (one line) when it is missing or malformed."""
    try:
        text = path.read_text(encoding="utf-8")
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


def load(model: type[BaseModel], path: Path):
    """Read and validate one analyst file."""
    return parse(model, read_yaml(path), path)
