"""The compiled form of the bundled trusts: current, equal to the YAML, read only when it
matches, and what lets a first question skip the YAML readers and pydantic's validators."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Any

import pytest

from govrules.compiling import compiled
from govrules.compiling.loader import bundled_names, bundled_path, checked_trust, load_trust
from govrules.language.paths import HOLDERS, reading_holders
from govrules.language.schema import Model, Trust
from govrules.reading import locations
from govrules.reading.yamlsource import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = Path(locations.bundled_dir())
NAMES = bundled_names()


def _from_yaml(name: str) -> Trust:
    path = bundled_path(name)
    assert path is not None
    trust, problems = checked_trust(parse_yaml(path.read_bytes(), str(path)))
    assert trust is not None, problems
    return trust


def _same(a: Any, b: Any, where: str = "trust") -> None:
    """Equal field for field, of the same types, with the same fields written."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, Model):
        assert a.model_fields_set == b.model_fields_set, where
        for name in type(a).model_fields:
            _same(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif isinstance(a, tuple | list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _same(a[key], b[key], f"{where}[{key!r}]")
    else:
        assert a == b, where


def test_the_five_trusts_are_bundled() -> None:
    assert NAMES == ["cumbria", "durham", "rutland", "suffolk", "wirral"]


def test_every_compiled_form_is_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile-trusts"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"run scripts/compile-trusts:\n{done.stdout}{done.stderr}"


@pytest.mark.parametrize("name", NAMES)
def test_a_bundled_trust_loads_from_its_compiled_form_equal_to_its_yaml(name: str) -> None:
    path = bundled_path(name)
    assert path is not None
    loaded = compiled.read(path, path.read_bytes())
    assert loaded is not None, "the compiled form is not read: run scripts/compile-trusts"
    yaml = _from_yaml(name)
    _same(loaded, yaml)
    assert loaded == yaml
    # The readings it carries are the ones validated from the YAML, each on its own holder.
    carried = loaded.__dict__[HOLDERS]
    derived = reading_holders(yaml)
    assert carried.keys() == derived.keys()
    for key, (at, holder, model) in carried.items():
        assert at == derived[key][0]
        _same(holder, derived[key][1], f"holder {key}")
        _same(model, derived[key][2], f"reading {key}")


@pytest.mark.parametrize("name", NAMES)
def test_a_bundled_trust_has_a_located_form_equal_to_its_yaml_read(name: str) -> None:
    path = bundled_path(name)
    assert path is not None
    raw = path.read_bytes()
    located = compiled.read_located(path, raw)
    assert located is not None, "the located form is not read: run scripts/compile-trusts"
    read = parse_yaml(raw, str(path))
    assert located.path == read.path
    assert located.positions == read.positions
    assert located.text == read.text
    _same(located.data, read.data, "data")


def test_an_edited_or_damaged_located_form_is_not_read(bundle: Path) -> None:
    yaml, form = bundle / "suffolk.yaml", bundle / "suffolk.located.json"
    assert compiled.read_located(yaml, yaml.read_bytes()) is not None
    edited = yaml.read_bytes() + b"# edited\n"
    assert compiled.read_located(yaml, edited) is None
    document = json.loads(form.read_text("utf-8"))
    document["positions"][0] = ["not", "a", "position"]
    form.write_text(json.dumps(document), encoding="utf-8")
    assert compiled.read_located(yaml, yaml.read_bytes()) is None


def test_validate_of_an_edited_bundled_trust_locates_from_its_yaml(bundle: Path) -> None:
    # One line added above everything: every finding moves one line down, so none is
    # located from the form of the old bytes.
    from govrules.authoring.findings import validate

    yaml = bundle / "suffolk.yaml"
    before = validate(yaml).findings
    yaml.write_bytes(b"# edited\n" + yaml.read_bytes())
    after = validate(yaml).findings
    assert [f.line + 1 for f in before if f.line] == [f.line for f in after if f.line]


def test_load_reads_the_compiled_form_of_a_bundled_trust(monkeypatch: pytest.MonkeyPatch) -> None:
    import govrules.compiling.loader as loader
    import govrules.reading.yamlsource as yamlsource

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the YAML was parsed")

    monkeypatch.setattr(yamlsource, "parse_yaml", refuse)
    monkeypatch.setattr(loader, "_loaded", weakref.WeakValueDictionary())
    for name in NAMES:
        assert load_trust(name).id == name


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bundled folder of its own holding Suffolk and its compiled and located forms."""
    for name in ("suffolk.yaml", "suffolk.compiled.json", "suffolk.located.json"):
        shutil.copy(BUNDLED / name, tmp_path / name)
    monkeypatch.setattr(locations, "bundled_dir", lambda: str(tmp_path))
    return tmp_path


def test_an_edited_bundled_trust_is_read_from_its_yaml(bundle: Path) -> None:
    yaml = bundle / "suffolk.yaml"
    before = load_trust("suffolk")
    board = before.body("strategic-board")
    assert board is not None and board.quorum is not None
    text = yaml.read_text(encoding="utf-8")
    assert text.count("Strategic Board") > 0
    yaml.write_text(text.replace("name: Suffolk", "name: Suffolk (edited)", 1), encoding="utf-8")
    after = load_trust("suffolk")
    assert after.name != before.name and "(edited)" in after.name
    assert compiled.read(yaml, yaml.read_bytes()) is None


def _compiled_document(bundle: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((bundle / "suffolk.compiled.json").read_text("utf-8"))
    return found


def _write(bundle: Path, document: dict[str, Any]) -> None:
    (bundle / "suffolk.compiled.json").write_text(json.dumps(document), encoding="utf-8")


def _read(bundle: Path) -> Trust | None:
    yaml = bundle / "suffolk.yaml"
    return compiled.read(yaml, yaml.read_bytes())


def test_a_form_from_other_code_is_not_read(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _read(bundle) is not None
    monkeypatch.setattr(compiled, "builders_digest", lambda: "0" * 64)
    assert _read(bundle) is None


def test_a_form_of_another_format_is_not_read(bundle: Path) -> None:
    document = _compiled_document(bundle)
    document["format"] = compiled.FORMAT + 1
    _write(bundle, document)
    assert _read(bundle) is None


@pytest.mark.parametrize(
    "class_name", ["BaseModel", "Model", "Path", "__builtins__", "os", "Trust2", 3]
)
def test_a_form_naming_a_class_outside_the_language_is_not_read(
    bundle: Path, class_name: object
) -> None:
    document = _compiled_document(bundle)
    document["trust"]["v"]["document"]["$m"] = class_name
    _write(bundle, document)
    assert _read(bundle) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d["trust"]["v"].pop("bodies"),
        lambda d: d["trust"]["v"].update(extra=1),
        lambda d: d.pop("readings"),
        lambda d: d["readings"].append([[[999, 1]], d["readings"][0][1]]),
        lambda d: d["readings"][0].__setitem__(1, d["trust"]["v"]["document"]),
        lambda d: d["readings"].append([[], d["readings"][0][1]]),
        lambda d: d["trust"].update(v={"$x": 1}),
        lambda d: d.update(trust=[1, 2]),
    ],
)
def test_a_damaged_form_is_not_read(bundle: Path, damage: Any) -> None:
    document = _compiled_document(bundle)
    damage(document)
    _write(bundle, document)
    assert _read(bundle) is None
    # ...and the trust still loads, from its YAML.
    assert load_trust("suffolk").id == "suffolk"


def test_a_form_that_is_not_json_or_not_a_file_is_not_read(bundle: Path) -> None:
    form = bundle / "suffolk.compiled.json"
    form.write_bytes(b"\xff{not json")
    assert _read(bundle) is None
    form.unlink()
    elsewhere = bundle / "elsewhere.json"
    shutil.copy(BUNDLED / "suffolk.compiled.json", elsewhere)
    form.symlink_to(elsewhere)
    assert _read(bundle) is None
    form.unlink()
    form.mkdir()
    assert _read(bundle) is None


def test_a_trust_under_limits_of_its_own_is_read_from_its_yaml(bundle: Path) -> None:
    from govrules.reading.errors import LoadError
    from govrules.reading.sourcefile import Limits

    # The compiled form would let a trust past limits its YAML does not meet.
    with pytest.raises(LoadError):
        load_trust("suffolk", Limits(max_nodes=10))


def _imported(code: str) -> list[str]:
    """The modules ``code``, run in a new process, prints as the last line of its stderr."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
        timeout=120,
    )
    found: list[str] = ast.literal_eval(done.stderr.strip().splitlines()[-1])
    return found


def test_a_first_question_on_a_bundled_trust_reads_no_yaml_and_builds_no_validator() -> None:
    # The command in-process (the console script leaves with os._exit): its imports are the
    # command's own. Nor does it import the counting of days, the service or the review page,
    # which it does not use (benchmarks/cli.py: the start-up of a first-time question).
    code = (
        "import sys\n"
        "from govrules.interfaces.cli import run\n"
        "for argv in (['quorum', 'suffolk', 'strategic-board', '--count', '9'],\n"
        "             ['vote', 'suffolk', 'strategic-board', '--for', 'vcs,schools',\n"
        "              '--against', 'police-authority', '--vacancies', '0'],\n"
        "             ['voters', 'suffolk', 'strategic-board'],\n"
        "             ['eligible', 'suffolk', 'strategic-board', 'schools']):\n"
        "    assert run(argv) in (0, 1, 3), argv\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in\n"
        "    ('yaml', 'ruamel', 'networkx', 'holidays') or m in\n"
        "    ('importlib.metadata', 'pydantic.plugin._loader', 'govrules.language.days',\n"
        "     'govrules.interfaces.serve', 'govrules.presenting.report')), file=sys.stderr)\n"
    )
    assert _imported(code) == []


def test_validate_and_escalate_import_no_graph_library_and_build_no_validator() -> None:
    # `validate NAME` locates its findings from the located form, with no YAML reader, walks
    # the routes without networkx, reads no meeting record and weighs the readings the
    # compiled trust holds validated, so builds no validator (pydantic's plugins need
    # `importlib.metadata`): these were most of its start-up (benchmarks/cli.py). An
    # `escalate` walks the routes alone.
    code = (
        "import sys\n"
        "from govrules.interfaces.cli import run\n"
        "assert run(['validate', 'suffolk']) == 0\n"
        "assert run(['escalate', 'rutland', 'executive']) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in\n"
        "    ('networkx', 'holidays', 'yaml', 'ruamel')\n"
        "    or m in ('importlib.metadata', 'pydantic.plugin._loader')), file=sys.stderr)\n"
    )
    assert _imported(code) == []


@pytest.mark.parametrize("name", NAMES)
def test_validate_of_a_bundled_trust_finds_from_its_compiled_form_what_its_yaml_gives(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govrules.authoring import findings

    path = bundled_path(name)
    assert path is not None
    from_yaml = findings.validate_text(path.read_bytes(), str(path))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the trust was validated by pydantic")

    monkeypatch.setattr(findings, "checked_trust", refuse)
    from_compiled = findings.validate(name)
    assert from_compiled.to_dict() == from_yaml.to_dict()
    assert from_compiled.findings, "each bundled trust has notes or warnings to compare"
