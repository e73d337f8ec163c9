"""Detail text: what a detail page holds at a readable size on a small screen."""

from __future__ import annotations

from kiosk.core import model
from kiosk.core.model import line_of_field
from kiosk.core.problems import ProblemList

# Characters of explanation, detail text and quote a detail page holds at a
# readable size on a 1366x768 screen (see check_detail_length).
DETAIL_CHARS_BESIDE_CHART = 360
DETAIL_CHARS_ALONE = 1200


def check_detail_length(card: model.Card, problems: ProblemList) -> None:
    """Detail text longer than a small screen holds is set smaller and smaller
    by the detail page; past these lengths it gets too small to read from a
    step away (measured at 1366×768, where the text is set at two thirds)."""
    if card.detail is None:
        return
    has_chart = card.detail.chart is not None
    limit = DETAIL_CHARS_BESIDE_CHART if has_chart else DETAIL_CHARS_ALONE
    length = len(card.explanation) + len(card.detail.text) + (len(card.source.quote) if card.source else 0)
    if length > limit:
        beside = "旁边有图表，" if has_chart else ""
        problems.warning(
            "detail-too-long",
            f"详情页的文字（说明、详情文字和原句）共 {length} 字，{beside}在 1366×768 的小屏幕上要缩得很小才放得下。",
            hint=f"请精简到 {limit} 字以内，或把一部分内容写成另一张卡片。",
            en=f"detail page text is {length} characters; above {limit} it is set too small to read on a 1366x768 screen",
            line=line_of_field(card.detail, "text") if card.detail.text else line_of_field(card, "detail"),
            card=card.id,
            field="detail.text",
        )
