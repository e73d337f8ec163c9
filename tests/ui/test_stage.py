"""The stage: a headline's entrance shows no number but the figure itself, unless the bundle asks to count up."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise

import numpy as np
import pytest
from PySide6.QtCore import QEasingCurve, QRectF, QVariantAnimation
from PySide6.QtGui import QImage, QPainter

from kiosk.core.manifest import json_schema
from kiosk.core.model import HeadlineEntrance, Manifest, Transition
from kiosk.ui.card_painter import CardPainter, CardScene, HeadlineLayout, deck_positions
from tests.bundles import check, minimal_manifest
from ui.approval import to_array

SIZE = (960, 540)
STEPS = 40  # frames sampled over an entrance
NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def with_entrance(manifest: Manifest, entrance: HeadlineEntrance) -> Manifest:
    return replace(manifest, display=replace(manifest.display, headline_entrance=entrance))


def deck(manifest: Manifest) -> list[CardScene]:
    positions = deck_positions(manifest)
    return [CardScene(card, manifest, positions[i]) for i, card in enumerate(manifest.play_order())]


def scene_of(manifest: Manifest, card_id: str) -> CardScene:
    return next(scene for scene in deck(manifest) if scene.card.id == card_id)


def numbers(texts: list[str]) -> set[str]:
    return {n for text in texts for n in NUMBER.findall(text)}


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """Every string any painter is asked to draw while the test runs."""
    texts: list[str] = []
    original = QPainter.drawText

    def draw_text(painter, *args):  # type: ignore[no-untyped-def]
        texts.extend(a for a in args if isinstance(a, str))
        return original(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", draw_text)
    return texts


@pytest.fixture
def make_stage(qtbot):
    from kiosk.ui.stage import CardStage

    def make(size=SIZE) -> CardStage:
        stage = CardStage()
        qtbot.addWidget(stage)
        stage.resize(*size)
        stage.show()
        qtbot.waitExposed(stage)
        return stage

    return make


def render(scene: CardScene, *, headline: bool = True) -> tuple[np.ndarray, HeadlineLayout]:
    """The card settled (or without its headline), as the stage caches it, and where its headline is."""
    image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    head = CardPainter(scene).paint(painter, QRectF(0, 0, *SIZE), headline_progress=1.0 if headline else None)
    painter.end()
    return to_array(image), head


def settled_frame(stage) -> np.ndarray:
    """What the stage shows once every animation has ended."""
    stage.settle()
    return to_array(stage.grab().toImage())


def alike(a: np.ndarray, b: np.ndarray) -> bool:
    """The same picture, but for a few antialiased edge pixels (text drawn on another kind of surface)."""
    return bool((np.abs(a.astype(int) - b.astype(int)).max(axis=2) > 24).mean() < 0.002)


def entrance_frames(stage, scene: CardScene, steps: int = STEPS) -> Iterator[np.ndarray]:
    """Show ``scene`` and paint its entrance at ``steps`` points, with the slide that brings it in."""
    animations = [
        stage.findChild(QVariantAnimation, "card_transition"),
        stage.findChild(QVariantAnimation, "headline_entrance"),
    ]
    stage.show_scene(scene)
    running = [a for a in animations if a.state() == QVariantAnimation.State.Running]
    for animation in running:
        animation.pause()
    for k in range(steps + 1):
        for animation in running:
            animation.setCurrentTime(round(animation.duration() * k / steps))
        yield to_array(stage.grab().toImage())


# ---------------------------------------------------------------- rise, the default


def test_the_default_entrance_is_rise(bundle):
    assert bundle.manifest.display.headline_entrance is HeadlineEntrance.RISE


@pytest.mark.parametrize("transition", list(Transition))
def test_every_headline_enters_showing_only_numbers_its_card_shows(make_stage, bundle, drawn, transition):
    """Over the whole default deck: no frame of an entrance draws a text the settled card does not."""
    stage = make_stage()
    stage.transition = transition
    for scene in deck(bundle.manifest):
        drawn.clear()
        render(scene)
        settled = list(drawn)
        assert scene.card.headline.value in settled
        drawn.clear()
        for _ in entrance_frames(stage, scene):
            pass
        assert numbers(drawn) <= numbers(settled), scene.card.id
        assert set(drawn) <= set(settled), scene.card.id
        stage.settle()


def test_the_headline_rises_into_its_place_as_it_fades_in(make_stage, bundle):
    from kiosk.ui.stage import ENTRANCE_EASING, ENTRANCE_MS, RISE_SHARE

    stage = make_stage()
    scene = scene_of(bundle.manifest, "social-workers")  # 1108人
    frames = list(entrance_frames(stage, scene))
    settled = settled_frame(stage)
    background, _ = render(scene, headline=False)
    _, head = render(scene)

    def ink(frame: np.ndarray) -> tuple[int, int]:
        """The headline's top row, and how strongly it is drawn."""
        strength = np.abs(frame.astype(int) - background.astype(int)).sum(axis=2)
        rows = np.flatnonzero((strength > 12).any(axis=1))
        return int(rows[0]) if rows.size else SIZE[1], int(strength.sum())

    assert alike(frames[0], background)  # nothing yet
    assert alike(settled, render(scene)[0])
    assert np.array_equal(frames[-1], settled)  # at the end exactly the settled card
    assert np.abs(frames[-2].astype(int) - settled.astype(int)).max() <= 2  # without a jump
    tops, strengths = zip(*(ink(frame) for frame in frames[1:]), strict=True)
    assert all(b >= a * 0.99 for a, b in pairwise(strengths))  # fading in
    assert list(tops) == sorted(tops, reverse=True)  # moving up, never down
    settled_top, _ = ink(settled)
    eased = QEasingCurve(ENTRANCE_EASING).valueForProgress(round(ENTRANCE_MS / STEPS) / ENTRANCE_MS)
    expected_lift = (1 - eased) * head.rect.height() * RISE_SHARE
    assert expected_lift > 3
    assert tops[0] - settled_top == pytest.approx(expected_lift, abs=1.5)


def test_a_year_rises_too_and_never_counts(make_stage, bundle, drawn):
    stage = make_stage()
    scene = scene_of(bundle.manifest, "founding")  # 1940年, count_up: false
    assert not scene.card.headline.animate
    frames = list(entrance_frames(stage, scene))
    settled = settled_frame(stage)
    assert not alike(frames[1], settled)  # it does make an entrance
    assert np.array_equal(frames[-1], settled)
    assert {t for t in drawn if t.isdigit()} == {"1940"}


# ---------------------------------------------------------------- count_up and none


def test_count_up_still_counts_through_other_numbers_and_stops_on_the_figure(make_stage, bundle, drawn):
    manifest = with_entrance(bundle.manifest, HeadlineEntrance.COUNT_UP)
    stage = make_stage()
    scene = scene_of(manifest, "social-workers")  # 1108人
    frames = list(entrance_frames(stage, scene))
    counted = [int(t) for t in drawn if t.isdigit()]  # the headline's number is drawn alone
    assert counted[0] == 1108  # the settled card, cached first
    assert counted[1:] == sorted(counted[1:])  # then 0, …, 554, … upwards
    assert len(set(counted)) > STEPS // 2
    assert max(counted) == 1108
    assert np.array_equal(frames[-1], settled_frame(stage))  # and it stops exactly on the figure


def test_count_up_leaves_a_figure_marked_count_up_false_alone(make_stage, bundle, drawn):
    manifest = with_entrance(bundle.manifest, HeadlineEntrance.COUNT_UP)
    stage = make_stage()
    scene = scene_of(manifest, "founding")  # 1940年
    frames = list(entrance_frames(stage, scene))
    assert {t for t in drawn if t.isdigit()} == {"1940"}
    settled = settled_frame(stage)
    assert all(np.array_equal(frame, settled) for frame in frames)


def test_none_shows_the_headline_at_once(make_stage, bundle, qtbot):
    manifest = with_entrance(bundle.manifest, HeadlineEntrance.NONE)
    stage = make_stage()
    scene = scene_of(manifest, "social-workers")
    with qtbot.waitSignal(stage.entrance_finished, timeout=100):
        frames = list(entrance_frames(stage, scene, steps=2))
    assert not stage.animating
    settled = settled_frame(stage)
    assert all(np.array_equal(frame, settled) for frame in frames)


def test_count_up_finished_is_still_the_entrances_end(make_stage, bundle, qtbot):
    stage = make_stage()
    with qtbot.waitSignal(stage.count_up_finished, timeout=5000):
        stage.show_scene(deck(bundle.manifest)[1])
    assert not stage.animating


# ---------------------------------------------------------------- the bundle setting


@pytest.mark.parametrize("entrance", list(HeadlineEntrance))
def test_headline_entrance_is_read_from_display(make_bundle, entrance):
    manifest = minimal_manifest()
    manifest["display"] = {"headline_entrance": entrance.value}
    inspection = check(make_bundle(manifest))
    assert inspection.ok, inspection.problems.items
    assert inspection.manifest.display.headline_entrance is entrance


def test_an_unknown_headline_entrance_is_an_error_naming_the_choices(make_bundle):
    manifest = minimal_manifest()
    manifest["display"] = {"headline_entrance": "countup"}
    inspection = check(make_bundle(manifest))
    assert not inspection.ok
    (problem,) = inspection.problems.errors
    assert problem.field == "display.headline_entrance"
    assert "“countup”不是可用的选项（可选：rise、count_up、none）" in problem.message
    assert "count_up" in problem.hint  # 是不是想写“count_up”？


def test_the_json_schema_lists_the_entrances():
    field = json_schema()["properties"]["display"]["properties"]["headline_entrance"]
    assert field["enum"] == ["rise", "count_up", "none"]
    assert "滚动" in field["description"]
