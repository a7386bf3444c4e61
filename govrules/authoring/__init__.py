"""Authoring tools for the people who write trust files: lint and validate, diff, fmt,
scenarios and their coverage, skeletons, and the check against the source document."""
