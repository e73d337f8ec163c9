"""``python -m kiosk validate | list | schema``: exit codes and what an editor reads."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from kiosk.cli import main
from kiosk.resources import default_bundle
from kiosk.terminal import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from tests.bundles import line_of, minimal_manifest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def broken(make_bundle) -> Path:
    """A bundle whose card ``stations`` lacks its label."""
    manifest = minimal_manifest()
    del manifest["cards"][1]["label"]
    return make_bundle(manifest)


# ---------------------------------------------------------------- validate


def test_validate_default_bundle_exits_0(capsys):
    assert main(["validate"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "✓ 数据包有效" in out
    assert "36 张卡片" in out


def test_validate_broken_bundle_exits_1_naming_file_line_and_card(capsys, broken):
    assert main(["validate", str(broken)]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert f"bundle.yaml:{line_of(broken, '- id: stations')}" in out
    assert "卡片 stations" in out and "字段 label" in out
    assert "缺少“label”" in out
    assert "✗ 数据包无效" in out and "1 个错误" in out


def test_validate_json_lists_errors_and_warnings(capsys, broken):
    assert main(["validate", str(broken), "--json"]) == EXIT_INVALID
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"bundle", "valid", "cards", "errors", "warnings"}
    assert report["valid"] is False
    assert report["bundle"] == str(broken)
    assert report["warnings"] == []
    [error] = report["errors"]
    assert error["severity"] == "error"
    assert error["code"] == "schema"
    assert (error["file"], error["line"], error["card"], error["field"]) == (
        "bundle.yaml",
        line_of(broken, "- id: stations"),
        "stations",
        "label",
    )
    assert set(error) == {"severity", "code", "message", "hint", "message_en", "file", "line", "card", "field"}


def test_validate_json_of_the_default_bundle(capsys):
    assert main(["validate", "--json"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True
    assert report["cards"] == 36
    assert report["errors"] == [] and report["warnings"] == []


def test_validate_counts_warnings_of_a_valid_bundle(capsys, make_bundle):
    assert main(["validate", str(make_bundle(files={"extra.txt": "x"}))]) == EXIT_OK
    out = capsys.readouterr().out
    assert "extra.txt：提醒：" in out
    assert "1 条提醒" in out


def test_validate_nonexistent_path_exits_1_with_a_clear_message(capsys, tmp_path):
    missing = tmp_path / "no-such-bundle"
    assert main(["validate", str(missing)]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert f"找不到数据包“{missing}”" in out
    assert "Traceback" not in out


def test_validate_zip_bundle(capsys, make_bundle):
    assert main(["validate", str(make_bundle(as_zip=True, top_folder="数据包"))]) == EXIT_OK
    assert "2 张卡片" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--bogus"],
        ["validate", "a", "b"],
        ["list", "--nope"],
        ["schema", "extra"],
        ["--size", "12"],
        ["--screen", "left"],
    ],
)
def test_bad_usage_exits_2(capsys, argv):
    assert main(argv) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "用法见" in err or "usage" in err.lower()


def test_validate_as_a_subprocess_prints_no_traceback(broken):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", str(broken)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == EXIT_INVALID, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "卡片 stations" in result.stdout


# ---------------------------------------------------------------- list

HEADLINES = ["15.1万个", "近1000个", "900多万人次", "97%以上", "400余项", "1.5万余名", "4000多家"]


def test_list_shows_headlines_exactly(capsys):
    assert main(["list"]) == EXIT_OK
    out = capsys.readouterr().out
    for headline in HEADLINES:
        assert re.search(rf"\s{re.escape(headline)}\s", out), headline
    assert "36 张卡片" in out
    assert "出处：《聚焦五年工作“闪光点” 擦亮山东工会名片》" in out


def test_list_json_rows(capsys):
    assert main(["list", str(default_bundle()), "--json"]) == EXIT_OK
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 36
    for row in rows:
        assert set(row) == {"id", "section", "headline", "label", "figures", "quotes", "source"}
        assert row["figures"][0] == {"figure": row["headline"], "label": row["label"], "field": "headline"}
        assert row["quotes"], row["id"]
    by_id = {row["id"]: row for row in rows}
    assert by_id["love-stations"]["headline"] == "近1000个"
    assert by_id["medical-mutual-aid"]["headline"] == "900多万人次"
    assert by_id["grassroots-unions"]["figures"][1:] == [
        {"figure": "1927万人", "label": "工会会员", "field": "figures"}
    ]
    assert by_id["grassroots-unions"]["quotes"] == ["目前，全省已建立基层工会15.1万个，工会会员发展到1927万人。"]
    chart_values = [f for f in by_id["mama-rooms"]["figures"] if f["field"] == "detail.chart"]
    assert chart_values == [
        {"figure": "2520个", "label": "“妈妈小屋”·建成", "field": "detail.chart"},
        {"figure": "近1000个", "label": "户外劳动者“爱心驿站”·建成", "field": "detail.chart"},
    ]
    assert by_id["grassroots-unions"]["section"] == "组织建设"
    assert rows[0]["id"] == "founding"
    assert {row["headline"] for row in rows} >= set(HEADLINES)
    assert all("本报记者 周国芳" in row["source"] for row in rows)


def test_list_broken_bundle_exits_1(capsys, broken):
    assert main(["list", str(broken)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "卡片 stations" in err
    assert "validate" in err


# ---------------------------------------------------------------- schema


@pytest.fixture
def json_schema(capsys) -> dict[str, Any]:
    assert main(["schema"]) == EXIT_OK
    return json.loads(capsys.readouterr().out)


def test_schema_is_json_with_cards(json_schema):
    Draft202012Validator.check_schema(json_schema)
    assert json_schema["type"] == "object"
    assert "cards" in json_schema["properties"]
    assert "cards" in json_schema["required"]
    card = json_schema["properties"]["cards"]["items"]
    assert {"id", "section", "headline", "label"} <= set(card["required"])


def test_schema_accepts_the_default_manifest(json_schema):
    manifest = yaml.safe_load((default_bundle() / "bundle.yaml").read_text(encoding="utf-8"))
    assert schema_errors(json_schema, manifest) == []


def test_schema_refuses_what_validate_refuses(json_schema):
    manifest = minimal_manifest()
    del manifest["cards"][1]["label"]
    manifest["cards"][0]["headline"] = {"text": "近1000个", "colour": "red"}
    manifest["display"] = {"transition": "spin"}
    errors = schema_errors(json_schema, manifest)
    assert "cards[1]: missing label" in errors
    assert any(e.startswith("cards[0].headline") for e in errors)
    assert any(e.startswith("display.transition") for e in errors)


def schema_errors(schema: dict[str, Any], value: Any) -> list[str]:
    """Where ``value`` breaks ``schema``, as jsonschema finds it: ``cards[1]: missing label``."""
    errors = []
    for error in Draft202012Validator(schema).iter_errors(value):
        where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)
        where = where.removeprefix(".") or "$"
        missing = re.fullmatch(r"'(.+)' is a required property", error.message)
        errors.append(
            f"{where}: missing {missing[1]}"
            if error.validator == "required" and missing
            else f"{where}: {error.message}"
        )
    return errors
