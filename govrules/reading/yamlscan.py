"""ruamel.yaml's round-trip scanner, in linear time on a run of comments.

ruamel.yaml joins the comment lines that follow a value into one comment by repeated string
concatenation (``c.value = c.value + ...``, once per line), which copies the text gathered so
far for every line: quadratic in the length of the run. A 1 MB file whose value is followed by
480,000 lines of ``#`` took the reference reader 33 s. :class:`Scanner` is the same scanner
with the lines gathered in a list and joined once; the comment it produces is the same.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import tokens
from ruamel.yaml.scanner import RoundTripScanner

__all__ = ["Scanner"]

# The tokens a comment on their own line may follow as a post comment (ruamel's choice).
_POST_COMMENTED = (
    tokens.ScalarToken,
    tokens.ValueToken,
    tokens.FlowSequenceEndToken,
    tokens.FlowMappingEndToken,
)


class Scanner(RoundTripScanner):
    """:class:`RoundTripScanner` with ``get_token`` gathering comment runs in linear time."""

    def get_token(self) -> Any:
        # RoundTripScanner.get_token (ruamel.yaml 0.18-0.19), step for step, but for the
        # two loops that join comments.
        while self.need_more_tokens():
            self.fetch_more_tokens()
        self._gather_comments()
        if not self.tokens:
            return None
        first = self.tokens[0]
        if len(self.tokens) > 1 and isinstance(self.tokens[1], tokens.CommentToken):
            comment = self.tokens[1]
            same_line = first.end_mark.line == comment.start_mark.line
            if same_line and isinstance(first, _POST_COMMENTED):
                self.tokens_taken += 1
                self.tokens.pop(1)
                self.fetch_more_tokens()
                self._join_following(comment, [comment.value])
                first.add_post_comment(comment)
            elif not same_line and isinstance(first, tokens.ScalarToken):
                self.tokens_taken += 1
                self.tokens.pop(1)
                blank_lines = "\n" * (comment.start_mark.line - first.end_mark.line)
                parts = [blank_lines + " " * comment.start_mark.column + comment.value]
                first.add_post_comment(comment)
                self.fetch_more_tokens()
                self._join_following(comment, parts)
        self.tokens_taken += 1
        return self.tokens.pop(0)

    def _join_following(self, comment: Any, parts: list[str]) -> None:
        """Append each comment token that follows to ``comment``, joining the text once."""
        while len(self.tokens) > 1 and isinstance(self.tokens[1], tokens.CommentToken):
            self.tokens_taken += 1
            more = self.tokens.pop(1)
            parts += (" " * more.start_mark.column, more.value)
            self.fetch_more_tokens()
        comment.value = "".join(parts)
