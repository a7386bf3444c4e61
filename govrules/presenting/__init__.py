"""Presenting answers and trusts: text, the plain-words account (show), the review report,
charts and the JSON schemas of answers."""
