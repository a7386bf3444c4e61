"""Exact fractions as policy officers write them: ``50%``, ``1/2``, ``2/3``, ``one third``."""

from __future__ import annotations

import re
from fractions import Fraction

from ..reading.errors import excerpt

__all__ = ["describe_ratio", "parse_ratio"]

_WORDS = {
    "half": Fraction(1, 2),
    "one half": Fraction(1, 2),
    "a half": Fraction(1, 2),
    "one third": Fraction(1, 3),
    "a third": Fraction(1, 3),
    "two thirds": Fraction(2, 3),
    "one quarter": Fraction(1, 4),
    "a quarter": Fraction(1, 4),
    "three quarters": Fraction(3, 4),
    "all": Fraction(1),
}

_NAMES = {
    Fraction(1, 2): "one half",
    Fraction(1, 3): "one third",
    Fraction(2, 3): "two thirds",
    Fraction(1, 4): "one quarter",
    Fraction(3, 4): "three quarters",
    Fraction(1): "all",
}


_JOINED = re.compile(r"(?<=[a-z])-(?=[a-z])")
"""A hyphen between two letters: it joins words."""


def parse_ratio(value: object) -> Fraction:
    """Parse a ratio; raise ``ValueError`` with a readable message if it is not one.

    Floats are refused on purpose: ``0.33`` is not one third, and the rules must be exact.
    """
    if isinstance(value, bool):
        raise ValueError("expected a fraction such as 1/2, 2/3 or 50%, not a true/false value")
    if isinstance(value, Fraction):
        result = value
    elif isinstance(value, int):
        result = Fraction(value)
    elif isinstance(value, str):
        # A hyphen joins words ("two-thirds"); anywhere else it is a minus sign (-1/2, 1/-2),
        # and a negative share is no share: refused, not read as its positive.
        text = _JOINED.sub(" ", value.strip().lower())
        try:
            if text in _WORDS:
                result = _WORDS[text]
            elif text.endswith("%"):
                result = Fraction(text[:-1].strip()) / 100
            elif "/" in text:
                num, den = text.split("/", 1)
                result = Fraction(int(num), int(den))
            else:
                raise ValueError(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(
                f"`{excerpt(value)}` is not a fraction; write it as 1/2, 2/3, 50% or 'one third'"
            ) from None
    else:
        raise ValueError("expected a fraction such as 1/2, 2/3 or 50%")
    if not 0 < result <= 1:
        raise ValueError(f"`{excerpt(value)}` must be more than 0 and at most 1 (100%)")
    return result


def describe_ratio(value: Fraction) -> str:
    """A ratio in the words a document would use (``one half``, ``2/3``, ``40%``)."""
    if value in _NAMES:
        return _NAMES[value]
    if (value * 100).denominator == 1:
        return f"{value * 100}%"
    return f"{value.numerator}/{value.denominator}"
