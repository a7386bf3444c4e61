"""The package's version: one home, importable from every stage."""

__version__ = "0.1.0"
