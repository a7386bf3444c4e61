"""The commented skeleton of a new trust file that ``govrules init`` writes.

It validates with no errors as it stands, so a new MoU starts from a file the checks pass and
grows one clause at a time. Every rule in it is marked where it must be checked against the
document before it is relied on.
"""

from __future__ import annotations

__all__ = ["SKELETON"]

SKELETON = """\
# Editor help: run `govrules schema -o govrules.schema.json` beside this file and add the line
# `# yaml-language-server: $schema=govrules.schema.json` at the top.
# A new trust file: one Memorandum of Understanding (or terms of reference), encoded clause by
# clause. Replace every value below with the document's own; cite each rule's clause in
# `source` and quote its words, so a reader can check the encoding. Where the document is
# silent, say so with `status: unspecified` and a `note` rather than filling the gap.
# Check it with `govrules validate FILE`; the format is in docs/schema.md.
id: my-trust                        # lowercase kebab-case; used in meeting records
name: My Children's Trust
document:
  title: My Children's Trust Governance Arrangements   # the document the clauses belong to
  date: "2010"                      # as written on the document
  status: draft                     # draft | adopted | unknown

partners:                           # the organisations in the partnership
  - id: county-council
    name: County Council
    statutory: true                 # under the statutory duty to co-operate (omit if unsaid)
    source: {clause: "1.1"}
  - id: health
    name: Primary Care Trust
    statutory: true
    source: {clause: "1.1"}

bodies:                             # the boards and groups, each with its seats and rules
  - id: board
    name: Trust Board
    source: {clause: "2.1"}
    meets:
      frequency: quarterly          # as worded
      per_year: 4                   # the least number of meetings a year it implies
      source: {clause: "2.2"}
    seats:                          # every place on the body; `count` for several places
      - id: lead-member
        title: Lead Member for Children's Services (Chair)
        partner: county-council
        source: {clause: "2.1"}
      - id: dcs
        title: Director of Children's Services
        partner: county-council
        source: {clause: "2.1"}
      - id: health
        title: Primary Care Trust representatives
        partner: health
        count: 2
        source: {clause: "2.1"}
    chair: {seat: lead-member, source: "2.3"}
    quorum:
      at_least: 50%                 # or more_than: 1/3, or number: 3
      of: seats                     # seats | voting-seats | filled-seats
      inquorate_decisions: unspecified   # binding | in-principle | void | unspecified
      source: {clause: "2.4", quote: "The Board is quorate when half its members attend."}
    voting:
      consensus_first: true
      threshold: {more_than: 1/2}   # "more than" and "at least" are always explicit
      base: present                 # votes-cast | ballots-cast | present | voting-members
      casting_vote: unspecified     # none | chair-has | chair-may | unspecified
      source: {clause: "2.5"}

statutory_board:                    # the body every statutory partner must sit on
  body: board
  source: {clause: "1.2"}

procedures:                         # how disputes are resolved, step by step
  - id: dispute-resolution
    name: Dispute Resolution
    source: {clause: "3"}
    steps:
      - action: The partners in dispute seek to resolve it by consensus.
        source: {clause: "3.1"}
      - action: The dispute is referred to the Board, whose decision is final.
        body: board
        # A wait or deadline, where the document gives one ("within 10 working days"):
        # max_days: 10 (or min_days_after_previous), working_days: true, clear_days: true,
        # counted_from: the referral; working days need `calendar: {region: ...}` at the top.
        source: {clause: "3.2"}
    final_arbiter: board

gaps: []                            # what the document leaves open: kind, subject, note, source
"""
