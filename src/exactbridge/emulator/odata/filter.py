"""`$filter` text compiled into a fast row predicate with SQL Server semantics.

Grammar (OData v2 as WCF Data Services parses it; keywords are lower-case)::

    or      := and ('or' and)*
    and     := compare ('and' compare)*
    compare := unary (('eq'|'ne'|'gt'|'ge'|'lt'|'le') unary)*
    unary   := 'not' unary | primary
    primary := literal | '(' or ')' | Property | function '(' [or (',' or)*] ')'

Functions: `trim`, `tolower`, `toupper`, `length` (one string) and `substringof(needle, s)`,
`startswith(s, prefix)`, `endswith(s, suffix)` (booleans, usable bare or compared).

Evaluation follows the database behind Exact: a comparison involving NULL is *unknown*
(neither true nor false, so `not` keeps it out too), except `eq null`/`ne null` which test
for NULL; strings compare case-insensitively with trailing spaces ignored (leading spaces
count); `length` ignores trailing spaces as SQL's `LEN` does; `substringof`, `startswith`
and `endswith` are case-insensitive. Every boolean node is compiled into two closures, "is
true" and "is false", so `not` costs nothing and three-valued logic needs no `None` checks
at run time; `or` chains of `Prop eq literal` on one property become a set lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from exactbridge.emulator.odata._compile import (
    BOOL,
    FUNCTIONS,
    NULL,
    OPERATORS,
    Expr,
    compare,
    from_field,
    from_literal,
    function,
    junction,
    negate,
)
from exactbridge.emulator.odata._lexer import Kind, Lexer, Token
from exactbridge.emulator.odata.literals import is_literal_token, literal_from_token
from exactbridge.emulator.odata.orderby import no_property
from exactbridge.emulator.problems import query_syntax_error
from exactbridge.exact import EntitySpec, Field

__all__ = ["MAX_DEPTH", "Predicate", "parse_filter"]

Predicate = Callable[[Mapping[str, Any]], bool]
"""A compiled `$filter`: True when the row matches."""

MAX_DEPTH: Final = 64
"""Deepest nesting of parentheses, `not` and function calls accepted."""


def parse_filter(text: str, spec: EntitySpec) -> Predicate:
    """Compile `$filter` text (already URL-decoded) for rows of `spec`.

    Args:
        text: the filter expression.
        spec: the entity whose properties the expression may name.

    Returns:
        A predicate over rows keyed by property name; a missing key counts as NULL.

    Raises:
        ExactProblem: 400 with `No property '…' exists in type '…' at position n.`,
            `Operator '…' incompatible with operand types '…' and '…' at position n.`,
            `Unrecognized 'Edm.…' literal …`, or `Error in query syntax.` for anything else
            (navigation properties, property-to-property comparisons, bad syntax, nesting
            deeper than `MAX_DEPTH`).
    """
    return _Parser(text, spec).parse()


class _Parser:
    def __init__(self, text: str, spec: EntitySpec) -> None:
        self._text = text
        self._spec = spec
        self._lexer = Lexer(text)
        self._depth = 0

    def parse(self) -> Predicate:
        expr = self._or()
        if self._lexer.current.kind is not Kind.END or expr.kind not in (BOOL, NULL):
            raise query_syntax_error()
        return expr.tests()[0]

    def _enter(self, levels: int = 1) -> None:
        self._depth += levels
        if self._depth > MAX_DEPTH:
            raise query_syntax_error()

    def _keyword(self, word: str) -> Token | None:
        token = self._lexer.current
        if token.kind is Kind.IDENT and token.value == word:
            return self._lexer.advance()
        return None

    def _or(self) -> Expr:
        parts, positions = [self._and()], []
        while (token := self._keyword("or")) is not None:
            positions.append(token.pos)
            parts.append(self._and())
        return junction("or", parts, positions) if positions else parts[0]

    def _and(self) -> Expr:
        parts, positions = [self._comparison()], []
        while (token := self._keyword("and")) is not None:
            positions.append(token.pos)
            parts.append(self._comparison())
        return junction("and", parts, positions) if positions else parts[0]

    def _comparison(self) -> Expr:
        left, chained = self._unary(), 0
        while (token := self._lexer.current).kind is Kind.IDENT and token.value in OPERATORS:
            self._lexer.advance()
            self._enter()
            chained += 1
            left = compare(token.value, left, self._unary(), token.pos)
        self._depth -= chained
        return left

    def _unary(self) -> Expr:
        token = self._keyword("not")
        if token is None:
            return self._primary()
        self._enter()
        operand = self._unary()
        self._depth -= 1
        return negate(operand, token.pos)

    def _primary(self) -> Expr:
        token = self._lexer.advance()
        if token.kind is Kind.LPAREN:
            self._enter()
            expr = self._or()
            if self._lexer.advance().kind is not Kind.RPAREN:
                raise query_syntax_error()
            self._depth -= 1
            return expr
        if is_literal_token(token):
            return from_literal(literal_from_token(token, self._text))
        if token.kind is not Kind.IDENT:
            raise query_syntax_error()
        if self._lexer.current.kind is Kind.LPAREN:
            return self._call(token)
        prop = self._spec.get(token.value)
        if prop is None:
            raise no_property(token.value, self._spec, token.pos)
        if not isinstance(prop, Field) or self._lexer.current.kind is Kind.SLASH:
            raise query_syntax_error()
        return from_field(prop)

    def _call(self, name: Token) -> Expr:
        if name.value not in FUNCTIONS:
            raise query_syntax_error()
        self._lexer.advance()
        self._enter()
        args: list[Expr] = []
        if self._lexer.current.kind is Kind.RPAREN:
            self._lexer.advance()
        else:
            while True:
                args.append(self._or())
                separator = self._lexer.advance()
                if separator.kind is Kind.RPAREN:
                    break
                if separator.kind is not Kind.COMMA:
                    raise query_syntax_error()
        self._depth -= 1
        return function(name.value, args)
