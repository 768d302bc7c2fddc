"""YAML loading for untrusted files: no object construction, no aliases, no duplicate keys,
and every mapping remembers its line so errors can point at it.

Untrusted text also bounds what it may cost: PyYAML composes nested collections by recursion
(a few hundred `[` overflow Python's stack) and turns any run of digits into an int (5,000 digits
exceed Python's conversion limit; a long sexagesimal `1:2:...` costs quadratic time), so nesting
deeper than MAX_DEPTH and numbers longer than MAX_NUMBER_CHARS are refused at their line."""
from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml

MAX_RULE_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64  # nested collections; rule files use 6, front matter 2
MAX_NUMBER_CHARS = 100  # characters of one numeric scalar ("1.5e3", "0x1F", "1_000")


class Mapping(dict):
    """A dict that knows the 1-based line it started on, and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in rule files", event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node, deep=False):  # type: ignore[override]
        """A value a constructor cannot make ("!!int abc", an unhashable key) is an error at
        its node, like any other YAML error."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as err:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value: {err}", node.start_mark) from None

    def construct_yaml_int(self, node):  # type: ignore[override]
        return super().construct_yaml_int(_short_number(node))

    def construct_yaml_float(self, node):  # type: ignore[override]
        return super().construct_yaml_float(_short_number(node))

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    None, None, "a list or mapping as a key", key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first on line {seen[key]})",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_located_map(self, node):
        data = Mapping()
        data.line = node.start_mark.line + 1
        data.key_lines = {}
        yield data
        data.update(self.construct_mapping(node))
        for key_node, _ in node.value:
            data.key_lines.setdefault(self.construct_object(key_node), key_node.start_mark.line + 1)


def _short_number(node: yaml.ScalarNode) -> yaml.ScalarNode:
    if len(node.value) > MAX_NUMBER_CHARS:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of {len(node.value)} characters (at most {MAX_NUMBER_CHARS})",
            node.start_mark)
    return node


def _refused_tag(loader: _Loader, node: yaml.Node) -> None:
    raise yaml.constructor.ConstructorError(
        None, None, f"the tag {node.tag!r} is not allowed (plain strings, numbers, lists and "
        "mappings only)", node.start_mark)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_located_map)
# Only what JSON has: these tags would hand the rest of the program bytes, sets and dates.
for _tag in ("binary", "set", "omap", "pairs", "timestamp"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refused_tag)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)


# Dates stay strings: the schema checks their form and the loader parses them once.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _code(character: str | int) -> int:
    return character if isinstance(character, int) else ord(character)


class YamlError(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def load(text: str, max_bytes: int = MAX_RULE_FILE_BYTES) -> Any:
    """Parse one YAML document safely; raise YamlError with the position of the problem."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise YamlError(1, 1, f"{size} bytes of YAML, over the {max_bytes}-byte limit")
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlError(line, column, str(err.problem or err.context)) from None
    except yaml.reader.ReaderError as err:  # a control character: no mark, a position
        before = text[:err.position]
        raise YamlError(before.count("\n") + 1, err.position - before.rfind("\n"),
                        f"control character U+{_code(err.character):04X} is not allowed in YAML") from None
    except yaml.YAMLError as err:
        raise YamlError(1, 1, str(err).splitlines()[0]) from None
