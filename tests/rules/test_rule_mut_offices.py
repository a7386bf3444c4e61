"""An appointed chair whose rule another clause contradicts: both clauses are cited."""

from __future__ import annotations

import govrules
from govrules.language.schema import Trust


def test_a_contradicted_appointment_cites_the_other_clause() -> None:
    t = Trust.model_validate(
        {
            "id": "t",
            "name": "T",
            "document": {"title": "T"},
            "bodies": [
                {
                    "id": "board",
                    "name": "The Board",
                    "seats": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}],
                    "chair": {
                        "selection": "appointed",
                        "by": "the partners",
                        "source": "3.1",
                        "conflicting": [{"source": "6.2", "note": "the chair is elected"}],
                    },
                }
            ],
        }
    )
    a = govrules.eligible(t, "board", "a")
    assert a.answer == "unspecified"
    texts = [r.text for r in a.explanation]
    assert texts == [
        "The chair is appointed by the partners; no rule bars outright `a`.",
        "But 6.2 says otherwise: the chair is elected",
    ]
    assert [r.source.clause if r.source else None for r in a.explanation] == ["3.1", "6.2"]
