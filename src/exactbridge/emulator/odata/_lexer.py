"""Tokenizer shared by the `$filter`, `$orderby` and `$skiptoken` parsers.

The lexer only cuts the text into tokens and remembers where each one starts; turning a
literal token into a Python value is `literals.literal_from_token`'s job, so that a bad
literal is reported in the order WCF Data Services reports it (left to right, lazily).

Every malformed token raises `query_syntax_error()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final

from exactbridge.emulator.problems import query_syntax_error

__all__ = ["TYPED_PREFIXES", "Kind", "Lexer", "Token"]


class Kind(Enum):
    """What a token is."""

    IDENT = "identifier"
    STRING = "string literal"
    TYPED = "typed literal"
    NUMBER = "number"
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    SLASH = "/"
    END = "end of text"


@dataclass(frozen=True, slots=True)
class Token:
    """One token of query text.

    Attributes:
        kind: what the token is.
        pos: zero-based offset of its first character in the whole text.
        raw: the token exactly as written (`guid'…'`, `'it''s'`, `12L`).
        value: identifier name, string content with doubled quotes undone, body of a
            typed literal, or the text of a number.
        prefix: lower-case prefix of a typed literal (`guid`, `datetime`, ...), else "".
    """

    kind: Kind
    pos: int
    raw: str
    value: str
    prefix: str = ""


TYPED_PREFIXES: Final = frozenset({"guid", "datetime", "datetimeoffset", "binary", "x"})
"""Prefixes of `prefix'…'` literals, matched case-insensitively as WCF does."""

_PUNCTUATION: Final = {"(": Kind.LPAREN, ")": Kind.RPAREN, ",": Kind.COMMA, "/": Kind.SLASH}
_SUFFIXES: Final = frozenset("LlMmDdFf")


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _is_name_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class Lexer:
    """A lazy tokenizer: `current` is the next unconsumed token.

    Args:
        text: the query text, already URL-decoded.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._offset = 0
        self.current = self._scan()

    def advance(self) -> Token:
        """Consume and return the current token (the end token is never consumed)."""
        token = self.current
        if token.kind is not Kind.END:
            self.current = self._scan()
        return token

    def _scan(self) -> Token:
        text, i = self.text, self._offset
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            self._offset = i
            return Token(Kind.END, i, "", "")
        ch = text[i]
        if ch in _PUNCTUATION:
            return self._emit(Token(_PUNCTUATION[ch], i, ch, ch), i + 1)
        if ch == "'":
            end, content = self._quoted(i)
            return self._emit(Token(Kind.STRING, i, text[i:end], content), end)
        if _is_digit(ch) or (ch == "-" and _is_digit(text[i + 1 : i + 2] or "x")):
            end = self._number_end(i)
            return self._emit(Token(Kind.NUMBER, i, text[i:end], text[i:end]), end)
        if ch.isalpha() or ch == "_":
            end = i + 1
            while end < len(text) and _is_name_char(text[end]):
                end += 1
            name = text[i:end]
            if text[end : end + 1] == "'" and name.lower() in TYPED_PREFIXES:
                close, body = self._quoted(end)
                token = Token(Kind.TYPED, i, text[i:close], body, name.lower())
                return self._emit(token, close)
            return self._emit(Token(Kind.IDENT, i, name, name), end)
        raise query_syntax_error()

    def _emit(self, token: Token, end: int) -> Token:
        self._offset = end
        return token

    def _quoted(self, start: int) -> tuple[int, str]:
        """Scan a quoted run starting at the quote at `start`: (offset after it, content)."""
        text, i = self.text, start + 1
        parts: list[str] = []
        while True:
            close = text.find("'", i)
            if close < 0:
                raise query_syntax_error()
            parts.append(text[i:close])
            if text[close + 1 : close + 2] != "'":
                return close + 1, "".join(parts)
            parts.append("'")
            i = close + 2

    def _number_end(self, start: int) -> int:
        """Offset just after the number at `start`: sign, digits, fraction, exponent, suffix."""
        text = self.text
        i = self._digits_end(start + 1 if text[start] == "-" else start)
        integral = True
        if text[i : i + 1] == ".":
            end = self._digits_end(i + 1)
            if end == i + 1:
                raise query_syntax_error()
            i, integral = end, False
        if text[i : i + 1] in ("e", "E"):
            j = i + 2 if text[i + 1 : i + 2] in ("+", "-") else i + 1
            end = self._digits_end(j)
            if end == j:
                raise query_syntax_error()
            i, integral = end, False
        if i < len(text) and text[i] in _SUFFIXES:
            if text[i] in "Ll" and not integral:
                raise query_syntax_error()
            i += 1
        if i < len(text) and _is_name_char(text[i]):
            raise query_syntax_error()
        return i

    def _digits_end(self, i: int) -> int:
        text = self.text
        while i < len(text) and _is_digit(text[i]):
            i += 1
        return i
