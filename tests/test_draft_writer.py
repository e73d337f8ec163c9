"""The draft writer and the draft command: a valid bundle from every article, its guesses marked."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from kiosk.core.bundle import inspect_bundle, load_bundle
from kiosk.core.draft.command import EXIT_NO_DRAFT, EXIT_OK, EXIT_USAGE, add_draft_arguments, cmd_draft
from kiosk.core.draft.figures_in_text import find_figures
from kiosk.core.draft.writer import CHECK, draft_manifest, write_draft
from kiosk.core.model import ChartType

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [ROOT / "data" / "shandong" / "source.md", *sorted((ROOT / "tests" / "data" / "articles").glob("*.md"))]


def run(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    add_draft_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    code = cmd_draft(parser.parse_args(list(argv)), out, err)
    return code, out.getvalue(), err.getvalue()


def shown_figures(folder: Path) -> list[str]:
    bundle = load_bundle(folder)
    shown = []
    for card in bundle.manifest.cards:
        shown.append(card.headline.text())
        shown += [extra.figure.text() for extra in card.figures]
    bundle.close()
    return shown


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.parent.name if p.name == "source.md" else p.stem)
def test_draft_of_each_article_is_a_valid_bundle_without_warnings(article, tmp_path):
    folder = tmp_path / "draft"
    write_draft(article, folder)
    inspection = inspect_bundle(folder, check_fonts=True)
    assert inspection.ok, [p.describe() for p in inspection.problems.sorted()]
    assert [p.describe() for p in inspection.problems.sorted()] == []


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.parent.name if p.name == "source.md" else p.stem)
def test_draft_shows_every_figure_the_finder_found(article, tmp_path):
    write_draft(article, tmp_path / "draft")
    found = sorted(f.text for f in find_figures(article.read_text(encoding="utf-8")).figures)
    assert sorted(shown_figures(tmp_path / "draft")) == found


def test_article_is_copied_in_as_the_source_file(tmp_path):
    article = ARTICLES[0]
    draft = write_draft(article, tmp_path / "draft")
    assert draft.source_file == "source.md"
    assert (tmp_path / "draft" / "source.md").read_bytes() == article.read_bytes()


def test_plain_text_gb18030_article_becomes_utf8_source_txt(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes("全市建成职工书屋1070个，户外劳动者驿站近100个。\n".encode("gb18030"))
    draft = write_draft(article, tmp_path / "draft")
    assert draft.source_file == "source.txt"
    assert (tmp_path / "draft" / "source.txt").read_text(encoding="utf-8").startswith("全市建成职工书屋1070个")
    assert inspect_bundle(tmp_path / "draft").ok


def test_each_guess_is_marked_for_the_editor(tmp_path):
    manifest, deck = draft_manifest((ARTICLES[0]).read_text(encoding="utf-8"))
    lines = manifest.splitlines()
    for key in ("    label:", "    section:", "      chart:", "      - {figure:", "    figures:"):
        marked = [line for line in lines if line.startswith(key)]
        assert marked, key
        assert all(CHECK in line for line in marked if not line.startswith("      - {figure:")), key
    assert "title: " in manifest
    assert deck.cards[0].headline.text == "1940年"
    assert "count_up: false" in lines[next(i for i, line in enumerate(lines) if "id: founding" in line) + 2]


def test_a_goal_plan_or_forecast_is_marked_as_not_yet_done_and_a_quoted_name_is_not():
    article = (
        "# 市总工会工作报告\n\n过去五年，全市建成职工书屋120家，“职工医疗互助保障计划”惠及职工9万人次。\n\n"
        "今后五年的目标是：建成职工书屋200家，计划培训工会干部5000人次，预计新增会员3万人。\n"
    )
    manifest, _deck = draft_manifest(article)
    marked = {line.split("“")[1].split("”")[0]: line for line in manifest.splitlines() if "可能是目标" in line}
    assert set(marked) == {"200家", "5000人次", "3万人"}
    assert "“目标”" in marked["200家"] and "“计划”" in marked["5000人次"] and "“预计”" in marked["3万人"]
    assert all(CHECK in line for line in marked.values())


def test_a_qizhong_sentence_gives_a_part_of_whole_chart(tmp_path):
    article = tmp_path / "article.md"
    article.write_text(
        "# 某市总工会\n\n全市女职工196.78万人，其中工会会员189.29万人，女职工委员会1200个。\n", encoding="utf-8"
    )
    write_draft(article, tmp_path / "draft")
    manifest = (tmp_path / "draft" / "bundle.yaml").read_text(encoding="utf-8")
    assert "“189.29万人”是“196.78万人”的一部分" in manifest
    assert "type: part_of_whole" in manifest
    inspection = inspect_bundle(tmp_path / "draft")
    assert inspection.ok, [p.describe() for p in inspection.problems.sorted()]
    (card,) = inspection.manifest.cards
    chart = card.detail.chart
    assert chart.type is ChartType.PART_OF_WHOLE
    assert [f.text() for f in chart.series[0].values] == ["196.78万人", "189.29万人"]  # the whole first
    assert not card.detail.text  # the chart says it: no note stands in for it


def test_a_qizhong_across_two_sentences_is_noted_not_charted(tmp_path):
    """The whole is not in the part's quote, so the chart could not be proved from it."""
    article = tmp_path / "article.md"
    article.write_text("# 某市总工会\n\n全市有托管班257个。其中省总工会主办100个。\n", encoding="utf-8")
    write_draft(article, tmp_path / "draft")
    manifest = (tmp_path / "draft" / "bundle.yaml").read_text(encoding="utf-8")
    assert "“100个”是“257个”的一部分" in manifest
    assert "chart:" not in manifest
    inspection = inspect_bundle(tmp_path / "draft")
    assert inspection.ok, [p.describe() for p in inspection.problems.sorted()]
    assert all("不能与它相加" in card.detail.text for card in inspection.manifest.cards)


def test_a_sentence_of_many_figures_is_split_into_cards_of_at_most_seven(tmp_path):
    article = tmp_path / "article.md"
    items = "，".join(f"建成{name}站点{n}0个" for n, name in enumerate("甲乙丙丁戊己庚辛壬", start=1))
    article.write_text(f"# 标题\n\n{items}。\n", encoding="utf-8")
    write_draft(article, tmp_path / "draft")
    bundle = load_bundle(tmp_path / "draft")
    assert all(len(card.figures) <= 6 for card in bundle.manifest.cards)
    assert sum(1 + len(card.figures) for card in bundle.manifest.cards) == 9
    bundle.close()


def test_a_long_sentence_is_quoted_in_parts_of_at_most_600(tmp_path):
    article = tmp_path / "article.md"
    filler = "，".join(["工会组织深入开展各项服务职工工作"] * 40)
    article.write_text(f"# 标题\n\n{filler}，建成驿站12个，{filler}，服务职工3000人次。\n", encoding="utf-8")
    write_draft(article, tmp_path / "draft")
    bundle = load_bundle(tmp_path / "draft")
    assert all(len(q) <= 600 for card in bundle.manifest.cards for q in card.source.quotes)  # type: ignore[union-attr]
    assert sorted(card.headline.text() for card in bundle.manifest.cards) == ["12个", "3000人次"]
    bundle.close()


def test_ids_are_ascii_and_labels_short(tmp_path):
    folder = tmp_path / "山东草稿"
    write_draft(ARTICLES[0], folder)
    bundle = load_bundle(folder)
    assert bundle.manifest.id == "draft"
    assert all(card.id.isascii() for card in bundle.manifest.cards)
    assert all(len(card.label) <= 60 for card in bundle.manifest.cards)
    bundle.close()


def test_command_writes_a_draft_and_says_what_next(tmp_path):
    code, out, err = run(str(ARTICLES[0]), "-o", str(tmp_path / "draft"))
    assert code == EXIT_OK, err
    assert "已写出草稿" in out
    assert "union-kiosk validate" in out


def test_command_refuses_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "draft"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    code, _out, err = run(str(ARTICLES[0]), "-o", str(folder))
    assert code == EXIT_USAGE
    assert err.startswith("错误：") and "--force" in err
    assert not (folder / "bundle.yaml").exists()


def test_command_with_force_writes_the_same_draft_again(tmp_path):
    folder = tmp_path / "draft"
    assert run(str(ARTICLES[0]), "-o", str(folder))[0] == EXIT_OK
    first = (folder / "bundle.yaml").read_bytes()
    assert run(str(ARTICLES[0]), "-o", str(folder), "--force")[0] == EXIT_OK
    assert (folder / "bundle.yaml").read_bytes() == first
    assert sorted(p.name for p in folder.iterdir()) == ["bundle.yaml", "source.md"]


def test_command_refuses_a_file_as_output(tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    assert run(str(ARTICLES[0]), "-o", str(target))[0] == EXIT_USAGE


def test_command_missing_article_exits_1(tmp_path):
    code, _out, err = run(str(tmp_path / "nope.md"), "-o", str(tmp_path / "draft"))
    assert code == EXIT_NO_DRAFT
    assert err.startswith("错误：找不到文章")


def test_command_article_without_figures_exits_1(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("五年来，工会工作取得了显著成效。2014年以来，各级工会不断创新。\n", encoding="utf-8")
    code, _out, err = run(str(article), "-o", str(tmp_path / "draft"))
    assert code == EXIT_NO_DRAFT
    assert "没有找到" in err
    assert not (tmp_path / "draft").exists()


def test_command_article_that_is_not_text_exits_1(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(b"\xff\xfe\x00\xd8 binary \x81")
    code, _out, err = run(str(article), "-o", str(tmp_path / "draft"))
    assert code == EXIT_NO_DRAFT
    assert err.startswith("错误：")


def test_command_without_output_is_wrong_usage():
    parser = argparse.ArgumentParser()
    add_draft_arguments(parser)
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args(["article.md"])
    assert exit_.value.code == EXIT_USAGE


def test_word_document_is_read_with_its_headings(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("某市总工会工作回顾", level=1)
    document.add_heading("组织建设", level=2)
    document.add_paragraph("全市建立基层工会1520个，发展会员12.6万人。")
    document.add_heading("服务职工", level=2)
    document.add_paragraph("建成户外劳动者驿站近100个。")
    article = tmp_path / "article.docx"
    document.save(str(article))
    draft = write_draft(article, tmp_path / "draft")
    assert draft.source_file == "source.md"
    assert inspect_bundle(tmp_path / "draft").ok
    bundle = load_bundle(tmp_path / "draft")
    assert [s.title for s in bundle.manifest.sections] == ["组织建设", "服务职工"]
    assert bundle.manifest.title == "某市总工会工作回顾"
    bundle.close()
