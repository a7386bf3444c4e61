"""Every field of every model is claimed by evaluation, by ``diff`` and by lint, so a new
field cannot be forgotten by any of them.

The claims come from the rule kinds' declarations (``govrules.evaluating.kinds``): the fields
each aspect compares and each check judges, and the fields each kind says need neither, with
the reason. What ``diff`` and ``validate`` compare and check outside the rule kinds (the
document, partners, gaps) they declare beside that code.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from pydantic import BaseModel

from govrules.authoring import diff, findings
from govrules.evaluating import kinds
from govrules.evaluating.rulekind import NOT_RULES, RuleKind
from govrules.language import schema

EVALUATING = Path(kinds.__file__).parent


def _models() -> list[type[BaseModel]]:
    return [
        m
        for _, m in inspect.getmembers(schema, inspect.isclass)
        if issubclass(m, BaseModel) and m.__module__ == schema.__name__ and m.model_fields
    ]


def _fields() -> list[str]:
    """Every field as ``Model.field``, named by the model that declares it."""
    out: set[str] = set()
    for model in _models():
        for name in model.model_fields:
            owner = next(
                c for c in reversed(model.__mro__) if name in getattr(c, "__annotations__", {})
            )
            out.add(f"{owner.__name__}.{name}")
    return sorted(out)


FIELDS = _fields()


def _generic(field: str) -> bool:
    return field.split(".")[1] in NOT_RULES


def _compared() -> set[str]:
    out = set(diff.COMPARED_HERE) | set(diff.NOT_COMPARED_HERE)
    for kind in kinds.RULE_KINDS:
        for aspect in (*kind.aspects, *kind.procedure_aspects, *kind.trust_aspects):
            out.update(aspect.reads)
        out.update(kind.not_compared)
    return out


def _linted() -> set[str]:
    out = set(findings.CHECKED_HERE) | set(findings.NOT_CHECKED_HERE)
    for kind in kinds.RULE_KINDS:
        for check in kind.checks:
            out.update(check.reads)
        out.update(kind.not_linted)
    return out


def _aspect_and_check_functions() -> set[str]:
    names: set[str] = set()
    for kind in kinds.RULE_KINDS:
        for aspect in (*kind.aspects, *kind.procedure_aspects, *kind.trust_aspects):
            names.add(aspect.compare.__name__)
        names.update(check.run.__name__ for check in kind.checks)
    return names


def _read_by_evaluators() -> set[str]:
    """Attribute names read in the evaluating stage, outside the aspects and checks."""
    skip = _aspect_and_check_functions()
    read: set[str] = set()
    for file in EVALUATING.glob("*.py"):
        if file.stem in ("rulekind", "kinds"):
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) or fn.name in skip:
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Attribute):
                    read.add(node.attr)
                elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                    read.add(node.value)  # getattr(rule, "field"), a field named in a loop
    return read


def _not_evaluated() -> dict[str, str]:
    out: dict[str, str] = {}
    for kind in kinds.RULE_KINDS:
        out.update(kind.not_evaluated)
    return out


def test_the_models_have_fields() -> None:
    # The claims below would hold of nothing if the models were not found.
    assert len(FIELDS) > 150
    assert "Quorum.at_least" in FIELDS and "Timing.max_days" in FIELDS


def test_every_field_is_compared_by_diff_or_declared_not_to_change_an_answer() -> None:
    claimed = _compared()
    missing = [f for f in FIELDS if f not in claimed and not _generic(f)]
    assert missing == [], (
        "fields no diff aspect compares: add them to an aspect's `reads`, or to its kind's "
        "`not_compared` with the reason no answer turns on them"
    )


def test_every_field_is_judged_by_lint_or_declared_to_need_none() -> None:
    claimed = _linted()
    missing = [f for f in FIELDS if f not in claimed and not _generic(f)]
    assert missing == [], (
        "fields no lint check judges: add them to a check's `reads`, or to its kind's "
        "`not_linted` with the reason none is needed"
    )


def test_every_field_is_read_by_an_evaluator_or_declared_not_to_affect_answers() -> None:
    read, declared = _read_by_evaluators(), _not_evaluated()
    missing = [
        f
        for f in FIELDS
        # `not_` is read as `condition.not_` (the attribute) or as "not" (its YAML key)
        if not {f.split(".")[1], f.split(".")[1].rstrip("_")} & read
        and f not in declared
        and not _generic(f)
    ]
    assert missing == [], "fields no evaluator reads: read them, or declare `not_evaluated`"


def test_claims_name_real_fields() -> None:
    # A claim on a field that does not exist (misspelt, or since removed) claims nothing.
    known = set(FIELDS)
    claims = _compared() | _linted() | set(_not_evaluated())
    assert sorted(claims - known) == []


@pytest.mark.parametrize("kind", kinds.RULE_KINDS, ids=lambda k: k.name)
def test_each_kind_owns_only_its_models_fields(kind: RuleKind) -> None:
    # What a kind declares needs no aspect or check is about its own models.
    owned = {m.__name__ for m in kind.models} | {"Body", "Trust"}  # where a rule is set
    for name in (*kind.not_compared, *kind.not_linted, *kind.not_evaluated):
        assert name.split(".")[0] in owned, name


def test_every_model_belongs_to_one_kind_at_most() -> None:
    owners: dict[str, str] = {}
    for kind in kinds.RULE_KINDS:
        for model in kind.models:
            assert model.__name__ not in owners, (model.__name__, owners.get(model.__name__))
            owners[model.__name__] = kind.name


def test_the_lint_codes_the_kinds_yield_are_documented() -> None:
    for kind in kinds.RULE_KINDS:
        for check in kind.checks:
            assert set(check.codes) <= set(findings.CODES), (kind.name, check.codes)


def test_every_kind_declared_is_in_the_one_list() -> None:
    # A module that declares a kind but is left out of the list would be run by neither
    # diff nor validate.
    import importlib

    listed = {id(kind) for kind in kinds.RULE_KINDS}
    for file in sorted(EVALUATING.glob("*.py")):
        module = importlib.import_module(f"govrules.evaluating.{file.stem}")
        declared = getattr(module, "KIND", None)
        if isinstance(declared, RuleKind):
            assert id(declared) in listed, file.stem


@pytest.mark.parametrize("kind", kinds.RULE_KINDS, ids=lambda k: k.name)
def test_what_an_aspect_or_check_says_it_reads_its_module_reads(kind: RuleKind) -> None:
    # A claim is only as good as the code behind it: each field an aspect or a check says it
    # reads is named in the module that defines it.
    runs = [
        *((a.compare, a.reads) for a in (*kind.aspects, *kind.procedure_aspects)),
        *((a.compare, a.reads) for a in kind.trust_aspects),
        *((c.run, c.reads) for c in kind.checks),
    ]
    for function, reads in runs:
        source = inspect.getsource(inspect.getmodule(function))  # type: ignore[arg-type]
        for field in reads:
            name = field.split(".")[1]
            assert name in source or name.rstrip("_") in source, (function.__name__, field)
