"""The card's layout: nothing overlaps or leaves the screen, and every card keeps the deck's rhythm."""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from kiosk.core.model import LabelledFigure
from kiosk.ui import fonts, snapshot
from kiosk.ui.card_painter import CardPainter, CardScene
from kiosk.ui.type_sizes import SMALL

SIZES = [(1920, 1080), (3840, 2160), (1080, 1920), (1366, 768), (1280, 800), (1024, 768)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]
MAX_FIGURES = 6
# Labels as long as the format allows (60 characters), figures as wide as the deck has.
LONG_LABEL = "全省各级工会组织广泛开展职工技术创新和劳动技能竞赛活动，累计查出并整改各类安全隐患，推广先进操作法，提升职工技能等级"[
    :60
]
LONG_FIGURE_LABEL = "帮扶、慰问、服务职工，筹集发放资金，开展四季服务活动，惠及困难职工家庭和一线职工"
LONG_EXPLANATION = "近五年来，" + "全省工会组织职工开展劳动竞赛和技能竞赛，推动技术创新，维护职工合法权益。" * 6


def crowded(scene: CardScene, count: int, *, image: bool) -> CardScene:
    """``scene``'s card with a long label and explanation, ``count`` other figures and perhaps a picture.

    The figures are the deck's widest, 1024.4万人次 (the headline of ``four-seasons-people``).
    """
    widest = scene.card.headline
    figures = tuple(LabelledFigure(widest, LONG_FIGURE_LABEL) for _ in range(count))
    card = replace(scene.card, label=LONG_LABEL, explanation=LONG_EXPLANATION[:300], figures=figures)
    picture = None
    if image:
        picture = QImage(1600, 1200, QImage.Format.Format_RGB32)
        picture.fill(QColor("#336699"))
    return replace(scene, card=card, image=picture)


def layout_of(scene: CardScene, width: int, height: int):  # type: ignore[no-untyped-def]
    return CardPainter(scene).layout(QRectF(0, 0, width, height))


@pytest.mark.parametrize(("width", "height"), SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("image", [False, True], ids=["no-image", "image"])
def test_no_part_of_a_crowded_card_overlaps_another_or_leaves_the_screen(bundle, width, height, image):
    """The worst case: the longest labels and explanation, 0 to 6 other figures, with and without a picture."""
    base = snapshot.scene_for(bundle, "four-seasons-people")
    screen = QRectF(0, 0, width, height)
    for count in range(MAX_FIGURES + 1):
        lay = layout_of(crowded(base, count, image=image), width, height)
        parts = {name: rect for name, rect in lay.parts.items() if not rect.isEmpty()}
        expected = {"headline", "label", "chip", "detail-button", "overview-button", "progress"}
        expected |= {f"figure-{i + 1}" for i in range(count)}
        assert expected <= parts.keys(), f"{count} figures: missing {expected - parts.keys()}"
        for name, rect in parts.items():
            assert screen.contains(rect), f"{width}x{height}, {count} figures: {name} {rect} leaves the screen"
        for (a, ra), (b, rb) in combinations(parts.items(), 2):
            overlap = ra.intersected(rb)
            assert overlap.isEmpty(), f"{width}x{height}, {count} figures: {a} {ra} overlaps {b} {rb}"


@pytest.mark.parametrize(("width", "height"), SIZES, ids=SIZE_IDS)
def test_every_card_of_the_deck_has_its_pill_and_headline_at_the_same_height(bundle, width, height):
    chips, baselines = set(), set()
    for scene in snapshot.scenes(bundle):
        lay = layout_of(scene, width, height)
        assert lay.headline is not None
        chips.add(round(lay.parts["chip"].top()))
        baselines.add(round(lay.headline.baseline))
    assert max(chips) - min(chips) <= 1, chips
    assert max(baselines) - min(baselines) <= 1, baselines


@pytest.mark.parametrize(("width", "height"), SIZES, ids=SIZE_IDS)
def test_other_figures_do_not_move_the_pill_or_the_headline(bundle, width, height):
    base = snapshot.scene_for(bundle, "four-seasons-people")
    first = layout_of(replace(base, card=replace(base.card, figures=())), width, height)
    for count in range(1, MAX_FIGURES + 1):
        lay = layout_of(crowded(base, count, image=False), width, height)
        assert lay.chip.top() == pytest.approx(first.chip.top(), abs=1)
        assert lay.baseline == pytest.approx(first.baseline, abs=1)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=SIZE_IDS)
def test_the_section_progress_names_the_current_section_in_readable_type(bundle, width, height, monkeypatch):
    """The current section by name, with where it stands ("栏目 3 / 8"), at least 18 px and never cut off."""
    drawn: list[tuple[str, float, QRectF]] = []
    original = QPainter.drawText

    def draw_text(painter, *args):  # type: ignore[no-untyped-def]
        if isinstance(args[0], QRectF) and isinstance(args[-1], str):
            drawn.append((args[-1], painter.font().pixelSize(), QRectF(args[0])))
        return original(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", draw_text)
    scene = next(s for s in snapshot.scenes(bundle) if s.position.section_index == 2)
    title = scene.position.sections[2][0]
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    lay = CardPainter(scene).layout(QRectF(0, 0, width, height))
    CardPainter(scene).paint_progress(painter, lay)
    painter.end()
    texts = {text: (size, rect) for text, size, rect in drawn}
    total = len(scene.position.sections)
    assert title in texts, f"{title} not drawn whole: {list(texts)}"
    assert f"栏目 3 / {total}" in texts
    for size, rect in texts.values():
        assert size >= 18
        assert lay.progress.contains(rect)


LONG_TITLE = "聚焦五年工作“闪光点” 擦亮山东工会名片——全省各级工会组织服务职工群众的主要成就和数字报告"
LONG_AS_OF = "省工会十五次代表大会召开之际，全省各级工会组织和广大工会干部共同回顾的五年工作"


def drawn_texts(scene: CardScene, width: int, height: int, monkeypatch) -> list[tuple[str, int, QRectF]]:  # type: ignore[no-untyped-def]
    """Every text the card draws in a rectangle: the text, its pixel size and the rectangle's room."""
    drawn: list[tuple[str, int, QRectF]] = []
    original = QPainter.drawText

    def draw_text(painter, *args):  # type: ignore[no-untyped-def]
        if isinstance(args[-1], str) and args[-1].strip():
            drawn.append(
                (args[-1], painter.font().pixelSize(), QRectF(args[0]) if isinstance(args[0], QRectF) else QRectF())
            )
        return original(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", draw_text)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    CardPainter(scene).paint(painter, QRectF(0, 0, width, height))
    painter.end()
    monkeypatch.setattr(QPainter, "drawText", original)
    return drawn


@pytest.mark.parametrize(("width", "height"), SIZES, ids=SIZE_IDS)
def test_no_text_of_a_card_is_smaller_than_the_smallest_size_even_when_crowded(bundle, width, height, monkeypatch):
    """The smallest type size (2 units: 21.6 px at 1080p) is the floor of every text, the deck's cards
    and the worst case alike; what does not fit at it ends in "…" inside its box, never below it."""
    smallest = round(min(width, height) / 100 * SMALL)
    base = snapshot.scene_for(bundle, "four-seasons-people")
    manifest = replace(base.manifest, title=LONG_TITLE, data_as_of=LONG_AS_OF)
    worst = [replace(crowded(base, count, image=False), manifest=manifest) for count in (3, MAX_FIGURES)]
    for scene in [*snapshot.scenes(bundle), *worst]:
        for text, size, room in drawn_texts(scene, width, height, monkeypatch):
            assert size >= smallest, f"{scene.card.id} {width}x{height}: {text!r} at {size} px < {smallest} px"
            if room.isEmpty():
                continue
            metrics = QFontMetricsF(fonts.font(size))
            lines = text.split("\n")
            assert len(lines) * metrics.lineSpacing() <= room.height() + metrics.lineSpacing() * 0.5, (
                f"{scene.card.id} {width}x{height}: {text!r} has {len(lines)} lines for {room.height():.0f} px"
            )


def test_the_detail_button_shows_a_hand(bundle):
    """The touch button's mark is a drawn hand, ink in the button left of its text."""
    scene = snapshot.scene_for(bundle, "founding")
    image = snapshot.render(scene, 1920, 1080)
    lay = layout_of(scene, 1920, 1080)
    button = lay.hint_button
    mark = image.copy(QRectF(button.left() + 8, button.top() + 8, button.height() * 0.8, button.height() - 16).toRect())
    ink = QColor(scene.theme.background_deep)
    dark = sum(
        1
        for x in range(mark.width())
        for y in range(mark.height())
        if abs(QColor(mark.pixel(x, y)).red() - ink.red()) < 40
    )
    assert dark > mark.width() * mark.height() * 0.15


def test_print_keeps_the_buttons_place_and_draws_no_buttons(bundle):
    scene = snapshot.scene_for(bundle, "grassroots-unions")
    printed = replace(scene, show_touch_hint=False)
    screen_lay, print_lay = layout_of(scene, 1920, 1080), layout_of(printed, 1920, 1080)
    assert print_lay.parts["label"] == screen_lay.parts["label"]
    painter = CardPainter(printed)
    image = QImage(1920, 1080, QImage.Format.Format_RGB32)
    p = QPainter(image)
    painter.paint(p, QRectF(0, 0, 1920, 1080))
    p.end()
    assert painter.hint_rect.isEmpty()
    assert painter.overview_rect.isEmpty()


def test_a_cards_icon_is_drawn_beside_its_section_pill(bundle):
    scene = snapshot.scene_for(bundle, "love-stations")
    icon = QImage(64, 64, QImage.Format.Format_ARGB32)
    icon.fill(QColor("#00ff00"))
    with_icon = replace(scene, icon=icon)
    lay = layout_of(with_icon, 1920, 1080)
    assert lay.icon is not None
    assert lay.icon.right() < lay.chip.left()
    assert lay.icon.height() == pytest.approx(lay.chip.height())
    assert lay.chip.top() == pytest.approx(layout_of(scene, 1920, 1080).chip.top())
    image = snapshot.render(with_icon, 1920, 1080)
    centre = lay.icon.center().toPoint()
    assert QColor(image.pixel(centre)).green() > 200  # the icon's own colours, not tinted


def test_an_svg_icon_is_read_from_the_bundle_and_drawn_sharp():
    """The example bundle's icons/heart.svg, through the bundle's files, rendered at the icon's size."""
    from pathlib import Path

    from kiosk.core.bundle import load_bundle

    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "minimal"
    loaded = load_bundle(example)
    try:
        scene = snapshot.scene_for(loaded, "love-stations")
        assert scene is not None
        assert scene.card.icon.endswith(".svg")
        assert scene.icon is not None
        assert scene.icon.height() >= snapshot.ICON_RENDER_HEIGHT  # not the SVG's own 24 px, scaled up
        lay = layout_of(scene, 3840, 2160)
        assert lay.icon is not None
        assert scene.icon.height() >= lay.icon.height()
    finally:
        loaded.close()
