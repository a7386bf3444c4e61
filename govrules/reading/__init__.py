"""Reading files: bytes within limits, YAML with every value's position, located errors, safe
writing and safe printing. The lowest stage: it knows nothing of the MoU language."""
