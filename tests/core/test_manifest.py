"""The manifest's own declarations: field descriptions, and the rules across fields."""

from __future__ import annotations

from tests.bundles import SOURCE_TEXT, check, codes, line_of, minimal_manifest, only

CSV_CHART = {"type": "bar", "csv": "data/chart.csv", "unit": "万人"}
CSV_SENTENCE = "济南12.5万人，青岛8万人；去年11万人、7.5万人。"
CSV_SOURCE = SOURCE_TEXT + "济南 12.5万人，青岛 8万人；去年 11万人、7.5万人。\n"


def with_chart(chart: dict, card: int = 0) -> dict:
    manifest = minimal_manifest()
    manifest["cards"][card]["detail"] = {"chart": chart}
    if "csv" in chart:  # the CSV's figures come from a second sentence of the article
        source = manifest["cards"][card]["source"]
        source["quote"] = [source["quote"], CSV_SENTENCE]
    return manifest


def test_schema_descriptions_name_the_image_formats_accepted():
    from kiosk.core.manifest import CARD

    fields = {f.name: f.spec.description for f in CARD.fields}
    assert all(kind in fields["image"] for kind in ("PNG", "JPEG", "GIF", "BMP", "WebP"))
    assert "SVG" not in fields["image"]
    assert "SVG" in fields["icon"]


def test_chart_with_both_csv_and_inline_data_is_refused(make_bundle):
    chart = dict(CSV_CHART, categories=["济南", "青岛"], series=[{"name": "今年", "values": ["12.5万人", "8万人"]}])
    csv_text = "城市,今年\n济南,12.5\n青岛,8\n"
    bundle = make_bundle(with_chart(chart), files={"data/chart.csv": csv_text}, source=CSV_SOURCE)
    inspection = check(bundle)
    problem = only(inspection, "schema")
    assert problem.message == "图表只能用一种数据：csv 或 categories/series，请删掉其中一种。"
    assert problem.message_en
    assert (problem.card, problem.field, problem.line) == ("unions", "detail.chart", line_of(bundle, "type: bar"))
    assert "chart" not in codes(inspection)  # no follow-on count mismatch
