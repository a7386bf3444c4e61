"""Compiling: a trust file (or a folder of versions) read, checked against the language and
its references, with sugar rewritten, into one immutable trust that every question reads."""
