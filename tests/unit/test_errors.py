"""The exception tree drawn in `exactbridge.errors` is the one the classes make.

The drawing is what a reader learns the errors from, so every error exactbridge raises on
purpose is in it, under the parent it really has. Errors a store module raises
(`UnknownConnection`, `OAuthStateRejected`, `InvalidCursor`) are part of the same tree.
"""

from __future__ import annotations

import re

import exactbridge.errors as errors
from exactbridge import store

_NODE = re.compile(r"(?P<indent>[│├└─\s]*)(?P<name>[A-Z][A-Za-z]+)\b")


def _drawn_parents() -> dict[str, str | None]:
    """Each class the docstring draws, with the class drawn as its parent."""
    drawing = (errors.__doc__ or "").split("```")[1]
    parents: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []
    for line in drawing.strip("\n").splitlines():
        found = _NODE.match(line)
        branch = "├" in found["indent"] or "└" in found["indent"] if found else False
        if found is None or (found["indent"] and not branch):
            continue  # a continuation line of a description
        depth = len(found["indent"])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parents[found["name"]] = stack[-1][1] if stack else None
        stack.append((depth, found["name"]))
    return parents


def _error_classes() -> dict[str, type[BaseException]]:
    return {
        name: value
        for name in errors.__all__
        if isinstance(value := getattr(errors, name), type) and issubclass(value, BaseException)
    }


def test_every_public_error_is_drawn_under_its_real_parent() -> None:
    drawn = _drawn_parents()
    classes = _error_classes()
    assert set(drawn) == set(classes)
    for name, parent in drawn.items():
        # the nearest public ancestor (private helpers such as `_Refusal` are skipped)
        ancestors = [c.__name__ for c in classes[name].__mro__[1:] if c.__name__ in classes]
        assert (ancestors[0] if ancestors else None) == parent, name
    assert drawn["ExactBridgeError"] is None


def test_the_store_raises_errors_of_the_one_tree() -> None:
    for name in ("UnknownConnection", "OAuthStateRejected", "InvalidCursor"):
        assert getattr(store, name) is getattr(errors, name)
        assert getattr(store, name).__module__ == "exactbridge.errors"
