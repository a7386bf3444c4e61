"""Evaluating: one module per rule kind (quorum, voting, rights, offices, conditions, classes,
matters, timing, escalation...) answering questions of a compiled trust under each reading,
recording what was read; then meetings and audits built on them."""
