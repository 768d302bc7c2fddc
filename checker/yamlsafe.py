"""YAML loading for untrusted files: no object construction, no aliases, no duplicate keys,
and every mapping remembers its line so errors can point at it."""
from __future__ import annotations

from typing import Any

import yaml

MAX_RULE_FILE_BYTES = 2 * 1024 * 1024


class Mapping(dict):
    """A dict that knows the 1-based line it started on."""

    line: int = 0


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in rule files", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first on line {seen[key]})",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_located_map(self, node):
        data = Mapping()
        data.line = node.start_mark.line + 1
        yield data
        data.update(self.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_located_map)


# Dates stay strings: the schema checks their form and the loader parses them once.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlError(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def load(text: str) -> Any:
    """Parse one YAML document safely; raise YamlError with the position of the problem."""
    if len(text.encode("utf-8")) > MAX_RULE_FILE_BYTES:
        raise YamlError(1, 1, f"file is over the {MAX_RULE_FILE_BYTES}-byte limit for rule files")
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlError(line, column, str(err.problem or err.context)) from None
    except yaml.YAMLError as err:
        raise YamlError(1, 1, str(err)) from None
