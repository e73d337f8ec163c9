"""``docs/bundle-format.md`` is true to the program.

Its complete annotated example is the example bundle, and validates with no
warnings; every command it shows in a ``sh`` block runs as it says; its
``console`` transcripts are what the program prints; its problem codes, its
limits and its manifest reference are those of the code.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kiosk.core import limits

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "bundle-format.md"
EXAMPLE = ROOT / "docs" / "examples" / "minimal"
TEXT = DOC.read_text(encoding="utf-8")

# The program, as a reader of the document runs it.
_SCRIPT = Path(sys.executable).with_name("union-kiosk")
KIOSK = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "kiosk"]
PREFIXES = (".venv/bin/union-kiosk", "union-kiosk", ".venv/bin/python -m kiosk", "python -m kiosk")


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", UNION_KIOSK_HOME=str(home), PYTHONIOENCODING="utf-8")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def _run(argv: list[str], cwd: Path, home: Path, stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, cwd=cwd, env=_env(home), stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60, check=False
    )


def _section(number: int) -> str:
    """The text of ``## N.`` up to the next ``## `` heading."""
    match = re.search(rf"^## {number}\. .*?(?=^## )", TEXT, re.M | re.S)
    assert match, f"no section {number} in {DOC.name}"
    return match.group(0)


def _table_rows(text: str) -> list[list[str]]:
    """The body rows of every Markdown table in ``text``, as lists of cells."""
    rows = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line.startswith("|") or set(line) <= set("|- "):
            continue
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


# ---------------------------------------------------------------- the example bundle


def _annotated_example() -> str:
    match = re.search(
        r"<!-- BEGIN bundle\.yaml[^\n]*-->\n```yaml\n(.*?)```\n<!-- END bundle\.yaml -->", _section(5), re.S
    )
    assert match, "section 5 must hold the example between <!-- BEGIN bundle.yaml --> and <!-- END bundle.yaml -->"
    return match.group(1)


def test_annotated_example_is_the_example_bundle():
    assert _annotated_example() == (EXAMPLE / "bundle.yaml").read_text(encoding="utf-8")


def test_example_bundle_validates_without_warnings(tmp_path):
    done = _run([*KIOSK, "validate", "--json", str(EXAMPLE)], ROOT, tmp_path / "home")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["valid"]
    assert report["errors"] == []
    assert report["warnings"] == []


def test_example_source_and_csv_are_shown_as_they_are():
    """Section 5 prints the example's source text and CSV file: the files themselves."""
    section = _section(5)
    for name in ("source.txt", "data/libraries.csv"):
        content = (EXAMPLE / name).read_text(encoding="utf-8").strip()
        assert f"```text\n{content}\n```" in section, f"section 5 does not show {name} as it is"


# Mistakes made in the example bundle, and the message section 14 says validate gives for each.
_MISTAKES = [
    ("duration: 15 ", "duration: 1  ", "bundle.yaml:74，卡片 love-stations，字段 duration："),
    ("    label: 职代会制度建制率\n", "", "bundle.yaml:116，卡片 democratic-management，字段 label："),
    (
        "quote: 职代会制度建制率达95%以上。",
        "quote: 职代会制度建制率达到95%以上。",
        "bundle.yaml:122，卡片 democratic-management",
    ),
    ("headline: 近100个 ", "headline: 100个   ", "bundle.yaml:66，卡片 love-stations，字段 headline："),
    ("section: organisation\n    headline: 1200个", "section: organization\n    headline: 1200个", "bundle.yaml:91，"),
    ("transition: slide ", "transition: slid  ", "bundle.yaml:27，字段 display.transition："),
]


@pytest.mark.parametrize(("old", "new", "start"), _MISTAKES, ids=[m[2] for m in _MISTAKES])
def test_messages_about_the_example_are_what_validate_prints(tmp_path, old, new, start):
    bundle = tmp_path / "example"
    shutil.copytree(EXAMPLE, bundle)
    manifest = (bundle / "bundle.yaml").read_text(encoding="utf-8")
    assert manifest.count(old) == 1
    (bundle / "bundle.yaml").write_text(manifest.replace(old, new), encoding="utf-8")
    done = _run([*KIOSK, "validate", str(bundle)], ROOT, tmp_path / "home")
    assert done.returncode == 1
    message = next(line for line in done.stdout.splitlines() if line.startswith(start))
    assert message in TEXT, f"section 14 should show the message as validate prints it:\n{message}"


def test_json_example_is_what_validate_prints(tmp_path):
    bundle = tmp_path / "my-union"
    shutil.copytree(EXAMPLE, bundle)
    old, new, _ = _MISTAKES[4]
    (bundle / "bundle.yaml").write_text((bundle / "bundle.yaml").read_text(encoding="utf-8").replace(old, new), "utf-8")
    done = _run([*KIOSK, "validate", "--json", "my-union"], tmp_path, tmp_path / "home")
    shown = json.loads(re.search(r"^### 14\.3 .*?```json\n(.*?)```", TEXT, re.M | re.S).group(1))
    printed = json.loads(done.stdout)
    assert printed["errors"][:1] == shown["errors"]
    assert {k: printed[k] for k in ("bundle", "valid", "cards")} == {k: shown[k] for k in ("bundle", "valid", "cards")}


# ---------------------------------------------------------------- console transcripts


def _transcripts() -> list[tuple[str, str, int | None]]:
    """``(command, output, exit code or None)`` for each ``$ …`` of the ``console`` blocks."""
    found = []
    for block in re.findall(r"^```console\n(.*?)^```", TEXT, re.M | re.S):
        steps = re.split(r"^\$ ", block, flags=re.M)[1:]
        for step in steps:
            command, _, output = step.partition("\n")
            if command == "echo $?":
                last_command, last_output, _ = found[-1]
                found[-1] = (last_command, last_output, int(output.strip()))
            else:
                found.append((command, output, None))
    return found


TRANSCRIPTS = _transcripts()


@pytest.mark.parametrize(("command", "output", "code"), TRANSCRIPTS, ids=[t[0] for t in TRANSCRIPTS])
def test_console_transcript_is_what_the_program_prints(tmp_path, command, output, code):
    argv = shlex.split(command)
    assert command.startswith(PREFIXES), f"a transcript this test cannot run: {command}"
    prefix = next(p for p in PREFIXES if command.startswith(p))
    done = _run([*KIOSK, *argv[len(prefix.split()) :]], ROOT, tmp_path / "home")
    shown = [line.rstrip() for line in output.rstrip("\n").splitlines()]
    assert [line.rstrip() for line in done.stdout.rstrip("\n").splitlines()] == shown
    assert done.returncode == (0 if code is None else code)


# ---------------------------------------------------------------- every command of the sh blocks


@dataclass
class Workspace:
    """A folder per ``sh`` block, where a bundle of every name the block uses is a copy of the example."""

    cwd: Path
    home: Path
    log: list[str] = field(default_factory=list)


# Paths of the reader's machine, mapped into the workspace.
_PLACES = {"/srv/union-kiosk/": "srv/", "/media/usb/": "usb/", "~/": "home-dir/"}
# Commands that open a window and run until it is closed: only their arguments are checked
# (they parse, the bundle they name exists, and the command's --help runs), not the window.
WINDOW_COMMANDS = {
    "preview": "a window beside the editor that redraws on every save, until it is closed",
    "kiosk": "the kiosk itself, fullscreen, until it is stopped",
}
# Names that stand for a bundle folder in the document's commands.
_BUNDLE_NAMES = ("PATH", "my-union", "my-deck", "path/to/bundle")


def _sh_commands() -> list[list[str]]:
    """Each ``sh`` block (also those indented in a list) as its command lines, comments kept."""
    blocks = []
    for indent, body in re.findall(r"^( *)```sh\n(.*?)^\1```", TEXT, re.M | re.S):
        lines = [line[len(indent) :] if line.startswith(indent) else line for line in body.splitlines()]
        joined = "\n".join(lines).replace("\\\n", " ")
        blocks.append([line for line in joined.splitlines() if line.strip()])
    return blocks


def _words(line: str) -> tuple[list[str], str]:
    """The words of a command line and its comment."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars="<>&|;")
    lexer.whitespace_split = True
    lexer.commenters = ""
    words = list(lexer)
    comment = ""
    if "#" in words:
        at = words.index("#")
        comment = " ".join(words[at + 1 :])
        words = words[:at]
    return words, comment


def _place(word: str, ws: Workspace) -> str:
    for outside, inside in _PLACES.items():
        if word.startswith(outside):
            path = ws.cwd / (inside + word[len(outside) :])
            path.parent.mkdir(parents=True, exist_ok=True)
            return str(path)
    return word


def _family(args: list[str]) -> str:
    if args and args[0] in ("validate", "list", "schema", "export", "draft", "preview", "publish", "update"):
        return args[0]
    if "--screenshot" in args:
        return "screenshot"
    if args and not args[0].startswith("-"):
        return "unknown:" + args[0]
    return "kiosk"


def _check_parses(args: list[str], ws: Workspace) -> None:
    """A command that opens a window: its arguments parse, and the bundle it names is there."""
    from kiosk.cli import command_parser, run_parser

    if args and args[0] == "preview":
        parsed = command_parser("preview").parse_args(args[1:])
    else:
        parsed = run_parser().parse_args(args)
    if parsed.bundle is not None:
        assert (ws.cwd / parsed.bundle).exists(), f"{args}: no bundle {parsed.bundle}"
    done = _run([*KIOSK, *(args[:1] if args and args[0] == "preview" else []), "--help"], ws.cwd, ws.home)
    assert done.returncode == 0, done.stderr


def _check_result(family: str, args: list[str], ws: Workspace, stdout_file: Path | None) -> None:
    """What each kind of command leaves behind, as the document says."""

    def value(option: str) -> Path:
        return ws.cwd / args[args.index(option) + 1]

    if family == "draft":
        assert (value("-o") / "bundle.yaml").is_file()
    elif family == "screenshot":
        assert value("--screenshot").read_bytes().startswith(b"\x89PNG")
    elif family == "export":
        if "--png" in args:
            names = sorted(p.name for p in value("--png").iterdir())
            assert "001-founding.png" in names
            assert "001-founding-detail.png" in names
        if "--pdf" in args:
            assert value("--pdf").read_bytes().startswith(b"%PDF")
    elif family == "schema":
        assert stdout_file is not None
        assert json.loads(stdout_file.read_text(encoding="utf-8"))["properties"]
    elif family == "publish":
        assert (Path(value("--repo")) / "metadata" / "1.root.json").is_file()


def _run_kiosk_line(prefix: str, words: list[str], comment: str, ws: Workspace) -> str:
    args = [_place(w, ws) for w in words[len(prefix.split()) :]]
    stdout_file = None
    if ">" in args:
        at = args.index(">")
        stdout_file = ws.cwd / args[at + 1]
        args = args[:at]
    family = _family(args)
    assert not family.startswith("unknown:"), f"a command this test does not know how to run: {words}"
    if family in WINDOW_COMMANDS:
        _check_parses(args, ws)
        return family
    expected = int(m.group(1)) if (m := re.search(r"\bexit (\d)\b", comment)) else 0
    if stdout_file is not None:
        with stdout_file.open("w", encoding="utf-8") as sink:
            done = _run([*KIOSK, *args], ws.cwd, ws.home, stdout=sink)
    else:
        done = _run([*KIOSK, *args], ws.cwd, ws.home)
    assert done.returncode == expected, f"{' '.join(words)} → {done.returncode}\n{done.stdout}\n{done.stderr}"
    if family == "validate" and expected == 0 and "--json" not in args:
        assert "✓ 数据包有效" in done.stdout
    if expected == 0:
        _check_result(family, args, ws, stdout_file)
    return family


def _run_other_line(words: list[str], ws: Workspace) -> str:
    """The few lines that are not the kiosk's own command."""
    if words[:3] == ["python", "-m", "zipfile"]:
        done = _run([sys.executable, *words[1:]], ws.cwd, ws.home)
        assert done.returncode == 0, done.stderr
        return "zip"
    if words[0] == "cp" and "&&" in words and words[words.index("&&") + 1] == "mv":
        # Copy under a temporary name, then rename: done here with the workspace's own copy of the zip.
        source, part = (Path(_place(w, ws)) for w in words[1:3])
        moved_from, target = (ws.cwd / w for w in words[words.index("&&") + 2 :])
        if not source.exists():
            shutil.copy(ws.cwd / source.name, source)
        shutil.copy(source, ws.cwd / part)
        assert moved_from == ws.cwd / part
        (ws.cwd / part).rename(target)
        done = _run([*KIOSK, "validate", str(target)], ws.cwd, ws.home)
        assert done.returncode == 0, done.stdout
        return "copy"
    pytest.fail(f"a command line this test does not know how to run: {' '.join(words)}")


def _prepare(block: list[str], ws: Workspace) -> None:
    drafted = set()
    for line in block:
        words, _ = _words(line)
        if "draft" in words and "-o" in words:
            drafted.add(words[words.index("-o") + 1].rstrip("/"))
    for name in _BUNDLE_NAMES:
        if name not in drafted:
            shutil.copytree(EXAMPLE, ws.cwd / name)
    # An article: the example's own source, so a draft of it is quick.
    shutil.copy(EXAMPLE / "source.txt", ws.cwd / "article.md")


BLOCKS = _sh_commands()


@pytest.mark.parametrize("block", BLOCKS, ids=[b[0][:50] for b in BLOCKS])
def test_sh_block_commands_run_as_documented(tmp_path, block):
    ws = Workspace(cwd=tmp_path / "work", home=tmp_path / "home")
    ws.cwd.mkdir()
    _prepare(block, ws)
    for line in block:
        words, comment = _words(line)
        prefix = next((p for p in sorted(PREFIXES, key=len, reverse=True) if line.startswith(p + " ")), None)
        if prefix is not None and "&&" not in words:
            ws.log.append(_run_kiosk_line(prefix, words, comment, ws))
        else:
            ws.log.append(_run_other_line(words, ws))
    assert len(ws.log) == len(block)


def test_every_documented_command_family_is_run():
    """The families the document must show, each in a block the test above runs."""
    families = set()
    for block in BLOCKS:
        for line in block:
            words, _ = _words(line)
            prefix = next((p for p in sorted(PREFIXES, key=len, reverse=True) if line.startswith(p + " ")), None)
            if prefix is not None:
                families.add(_family(words[len(prefix.split()) :]))
    wanted = {"draft", "preview", "validate", "list", "schema", "screenshot", "export", "publish"}
    assert wanted <= families, f"no sh block shows: {sorted(wanted - families)}"
    assert not {f for f in families if f.startswith("unknown:")}


def test_walk_through_comes_first_in_its_order():
    """The walk-through stands before the contents: draft, preview, validate, copy to the kiosk."""
    start = TEXT.index("## 从一篇文章到展台")
    walk = TEXT[start : TEXT.index("## Contents")]
    steps = [walk.index(word) for word in ("**Draft", "**Preview", "**Validate", "**Copy to the kiosk")]
    assert steps == sorted(steps)
    assert start < TEXT.index("## 1. What a bundle is")


def test_walk_through_names_the_previews_screen_sizes():
    from kiosk.ui.preview.screens import SCREEN_SIZES

    walk = re.sub(r"\s+", " ", TEXT[TEXT.index("## 从一篇文章到展台") : TEXT.index("## Contents")])
    sizes = re.search(r"switch between the kiosk screen sizes \((.*?); keys 1–(\d+)\)", walk)
    assert sizes, "the walk-through should list the preview's screen sizes and their keys"
    assert re.findall(r"\d+×\d+", sizes.group(1)) == [size.text() for size in SCREEN_SIZES]
    assert int(sizes.group(2)) == len(SCREEN_SIZES)


# ---------------------------------------------------------------- problem codes


def _documented_codes() -> dict[str, str]:
    return {
        row[0].strip("`"): row[1]
        for row in _table_rows(_section(14))
        if len(row) == 3
        and re.fullmatch(r"`[a-z][a-z0-9-]*`", row[0])
        and row[1] in ("error", "warning", "error / warning")
    }


def _produced_codes() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    pattern = re.compile(r"\.(error|warning)\(\s*\"([a-z][a-z0-9-]*)\"|\bcode\s*=\s*\"([a-z][a-z0-9-]*)\"")
    for path in (ROOT / "kiosk" / "core").rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            severity, code = (match.group(1), match.group(2)) if match.group(2) else ("?", match.group(3))
            found.setdefault(code, set()).add(severity)
    return found


def test_every_documented_code_is_in_the_code():
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "kiosk").rglob("*.py"))
    documented = _documented_codes()
    assert len(documented) > 20
    missing = sorted(code for code in documented if f'"{code}"' not in sources)
    assert not missing, f"codes in the docs' table that the program never uses: {missing}"


def test_every_code_the_program_produces_is_documented():
    documented = _documented_codes()
    produced = _produced_codes()
    assert sorted(set(produced) - set(documented)) == []
    for code, severities in produced.items():
        for severity in severities - {"?"}:
            assert severity in documented[code], f"{code} is a {severity} in the code, {documented[code]} in the docs"


# ---------------------------------------------------------------- limits


def _number(text: str) -> float:
    """``1,000``, ``32 MB``, ``250 million``, ``1000万亿`` → the number."""
    match = re.fullmatch(r"([\d,.]+)\s*(MB|million|万亿|亿|万)?", text.strip())
    assert match, text
    value = float(match.group(1).replace(",", ""))
    scale = {None: 1, "MB": 1024 * 1024, "million": 1e6, "万": 1e4, "亿": 1e8, "万亿": 1e12}[match.group(2)]
    return value * scale


def _numbers(cell: str) -> set[float]:
    cell = re.sub(r"\(10[¹²³⁴⁵⁶⁷⁸⁹⁰]+\)", "", cell)  # 10¹⁵ repeats 1000万亿
    return {_number(m) for m in re.findall(r"\d[\d,.]*(?:\s*(?:MB|million)|万亿|亿|万)?", cell)}


def _expected_limits() -> dict[str, set[float]]:
    from kiosk.core import checks, files, images, yamlsafe
    from kiosk.core.checks import fonts, pictures, provenance

    return {
        # 9.4 上限 / Limits
        "Categories of `bar`": {limits.MAX_CATEGORIES},
        "Slices of `pie`": {limits.MAX_PIE_SLICES},
        "Figures of `comparison`": {limits.MAX_COMPARISON_ITEMS},
        "Parts of `part_of_whole`": {limits.MAX_PARTS, limits.CATEGORY_LIMITS["part_of_whole"]},
        "Rows of `table`": {limits.MAX_TABLE_ROWS},
        "Series in one chart": {limits.MAX_SERIES},
        "Values in one chart": {limits.MAX_CHART_VALUES, limits.MAX_TABLE_CELLS},
        "Length of a category name": {limits.MAX_CATEGORY_LABEL},
        "Length of a series name": {limits.MAX_SERIES_NAME},
        "Digits of a chart value": {limits.MAX_VALUE_DIGITS},
        "Size of a chart value": {limits.MAX_PLOT_VALUE},
        "Data rows of a CSV file": set(limits.CATEGORY_LIMITS.values()),
        "Columns of a CSV file": {limits.MAX_CSV_COLUMNS, limits.MAX_SERIES},
        "Lines of a CSV file": {limits.MAX_CSV_LINES},
        "Length of one CSV line": {limits.MAX_CSV_LINE_CHARS},
        "All CSV files of a bundle": {limits.MAX_CSV_TOTAL_BYTES},
        "Pixels of all pictures": {limits.MAX_DECODED_PIXELS},
        "Nodes of the manifest": {yamlsafe.MAX_COMPOSED_NODES},
        "Characters of source text": {provenance.SEARCH_BUDGET},
        # 13. Safety limits
        "`bundle.yaml` size": {yamlsafe.MAX_MANIFEST_BYTES},
        "Manifest expansion": {yamlsafe.MAX_NODE_VISITS},
        "Manifest nesting": {yamlsafe.MAX_DEPTH},
        "An image": {pictures.MAX_IMAGE_BYTES, images.MAX_PIXELS},
        "A source text or CSV file": {checks.MAX_TEXT_BYTES},
        "A font": {fonts.MAX_FONT_BYTES},
        "Files in a folder bundle": {files.MAX_FOLDER_FILES},
        "Entries in a zip": {files.MAX_ZIP_ENTRIES},
        "Total unpacked size of a zip": {files.MAX_ZIP_TOTAL_BYTES},
        "Compression ratio": {files.MAX_ZIP_RATIO, 1},  # 100 : 1
    }


@pytest.mark.parametrize("section", [9, 13])
def test_limits_tables_state_the_programs_limits(section):
    expected = _expected_limits()
    checked = 0
    for row in _table_rows(_section(section)):
        if len(row) < 3 or row[0] == "What":
            continue
        what, limit = row[0], row[1]
        stated = _numbers(limit)
        if not stated:
            continue  # "refused", "(no message)"
        key = next((k for k in expected if what.startswith(k)), None)
        assert key is not None, f"a limit the test cannot map to the code: {what} | {limit}"
        assert stated == expected[key], f"{what}: the docs say {limit}, the code {sorted(expected[key])}"
        checked += 1
    assert checked >= 9


def test_limits_in_the_prose():
    """Limits the document states in sentences."""
    from kiosk.core.checks import detail_text

    assert f"at most {limits.MAX_PROBLEMS_PER_CODE} problems of one code" in TEXT
    assert f"and {limits.MAX_PROBLEMS} in all" in TEXT
    assert f"more than {limits.MAX_CHART_ITEMS}\ncategories or values, more than {limits.MAX_SERIES} series" in TEXT
    assert f"（上限 {limits.MAX_CHART_ITEMS} 项）" in TEXT
    for chars in (detail_text.DETAIL_CHARS_BESIDE_CHART, detail_text.DETAIL_CHARS_ALONE):
        assert f"{chars} characters" in TEXT or f"{chars} without" in TEXT
    from kiosk.core import images
    from kiosk.core.manifest import MAX_QUOTES

    assert f"side longer than {images.LARGE_SIDE} pixels" in TEXT
    assert f"longer side is over {images.LARGE_SIDE} pixels" in TEXT
    assert f"more than {images.MAX_PIXELS // 1_000_000} megapixels" in TEXT
    assert f"An SVG icon may be at most {images.MAX_SVG_BYTES // (1024 * 1024)} MB" in TEXT
    assert f"a list of up to {MAX_QUOTES} texts" in TEXT
    # Section 15: how the running kiosk notices a change (read from the source: the module needs Qt).
    reload_source = (ROOT / "kiosk" / "ui" / "reload.py").read_text(encoding="utf-8")
    settle_ms = int(re.search(r"^SETTLE_MS = ([\d_]+)", reload_source, re.M).group(1))
    poll_ms = int(re.search(r"^POLL_MS = ([\d_]+)", reload_source, re.M).group(1))
    assert f"({settle_ms / 1000:g} seconds without a change)" in TEXT
    assert f"It also looks every {poll_ms // 1000} seconds" in TEXT


# ---------------------------------------------------------------- the manifest reference (section 6)

# Each table of section 6, and the schema's object it describes.
_REFERENCE = {
    "6.2": (),
    "6.3": ("sources", "[]"),
    "6.4": ("display",),
    "6.5": ("display", "theme"),
    "6.6": ("sections", "[]"),
    "6.7": ("cards", "[]"),
    "6.8": ("cards", "[]", "source"),
    "6.9": ("cards", "[]", "figures", "[]"),
    "6.10": ("cards", "[]", "detail"),
    "6.11": ("cards", "[]", "detail", "chart"),
    "6.12": ("cards", "[]", "detail", "chart", "series", "[]"),
    "6.13": ("cards", "[]", "headline"),
}


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> dict[str, Any]:
    done = _run([*KIOSK, "schema"], ROOT, tmp_path_factory.mktemp("home"))
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _objects(node: Any) -> list[dict[str, Any]]:
    """The object schemas a node allows (through anyOf and arrays)."""
    if not isinstance(node, dict):
        return []
    found = [node] if "properties" in node else []
    for option in node.get("anyOf", []) + node.get("oneOf", []):
        found += _objects(option)
    if isinstance(node.get("items"), dict):
        found += _objects(node["items"])
    return found


def _resolve(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node = schema
    for step in path:
        node = node["items"] if step == "[]" else _objects(node)[0]["properties"][step]
    objects = _objects(node)
    assert objects, path
    return objects[0]


def _walk(node: dict[str, Any], path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], frozenset[str]]]:
    found = [(path, frozenset(node["properties"]))]
    for key, child in node["properties"].items():
        for obj in _objects(child):
            found += _walk(obj, (*path, key))
    return found


def _reference_tables() -> dict[str, dict[str, list[str]]]:
    tables = {}
    for match in re.finditer(r"^### (6\.\d+) .*?(?=^###? )", _section(6) + "\n## ", re.M | re.S):
        rows = [r for r in _table_rows(match.group(0)) if re.fullmatch(r"`[a-z_]+`", r[0])]
        tables[match.group(1)] = {row[0].strip("`"): row for row in rows}
    return tables


def test_section_6_tables_are_the_schemas_keys(schema):
    tables = _reference_tables()
    assert set(tables) - {"6.1"} == set(_REFERENCE), "a table of section 6 the test does not map to the schema"
    for number, path in _REFERENCE.items():
        keys = set(_resolve(schema, path)["properties"])
        assert set(tables[number]) == keys, f"section {number}: docs {sorted(tables[number])}, schema {sorted(keys)}"


def test_every_schema_object_is_in_section_6(schema):
    """Every key of the schema, at any depth, is in one of section 6's tables."""
    documented = {frozenset(keys) for keys in _reference_tables().values()}
    for path, keys in _walk(schema):
        assert keys in documented, (
            f"the schema's {'.'.join(path) or 'top level'} ({sorted(keys)}) has no table in section 6"
        )


def _limit_in_schema(prop: dict[str, Any]) -> dict[str, Any]:
    """The bounds of a property, from its first alternative that has any (a list before a single value)."""
    options = [prop, *prop.get("anyOf", [])]
    for option in sorted(options, key=lambda o: o.get("type") != "array"):
        bounds = {k: option[k] for k in ("maxLength", "maxItems", "minItems", "minimum", "maximum") if k in option}
        if bounds:
            return bounds
    return {}


def test_section_6_limits_are_the_schemas(schema):
    """``≤ N`` and ``A–B`` in the Limits column are the schema's bounds."""
    checked = 0
    for number, path in _REFERENCE.items():
        node = _resolve(schema, path)
        table = _reference_tables()[number]
        for key, row in table.items():
            if len(row) < 5:
                continue  # the theme's table: key, default, use
            limit = row[3]
            bounds = _limit_in_schema(node["properties"][key])
            if m := re.match(r"≤ ([\d,]+)( items)?", limit):
                wanted = bounds.get("maxItems" if m.group(2) else "maxLength", bounds.get("maxItems"))
                assert wanted == int(m.group(1).replace(",", "")), f"{number} {key}: docs {limit}, schema {bounds}"
                checked += 1
            elif m := re.match(r"([\d.]+)–([\d,]+)( items)?", limit):
                low, high = float(m.group(1)), float(m.group(2).replace(",", ""))
                if m.group(3):
                    assert (bounds.get("minItems", 0), bounds.get("maxItems")) == (low, high), (
                        f"{number} {key}: {bounds}"
                    )
                else:
                    assert (bounds.get("minimum"), bounds.get("maximum")) == (low, high), f"{number} {key}: {bounds}"
                checked += 1
    assert checked >= 30
