"""The stage: a headline's entrance shows no number but the figure itself, unless the bundle asks to count up."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise

import numpy as np
import pytest
from PySide6.QtCore import QEasingCurve, QEvent, QObject, QRectF, QVariantAnimation
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

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


# ---------------------------------------------------------------- transitions, frame by frame


def transition_frames(stage, scene: CardScene, steps: int = 24) -> Iterator[tuple[float, np.ndarray]]:
    """Show ``scene`` and grab the stage at ``steps`` points of the transition: (progress, frame)."""
    transition = stage.findChild(QVariantAnimation, "card_transition")
    entrance = stage.findChild(QVariantAnimation, "headline_entrance")
    stage.show_scene(scene)
    assert transition.state() == QVariantAnimation.State.Running
    transition.pause()
    entrance.pause()
    for k in range(1, steps):
        transition.setCurrentTime(round(transition.duration() * k / steps))
        entrance.setCurrentTime(round(transition.duration() * k / steps))
        yield float(transition.currentValue()), to_array(stage.grab().toImage())


def outside(frame: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return frame[~mask]


@pytest.mark.parametrize("transition", list(Transition))
def test_every_frame_of_a_transition_is_a_mix_of_the_two_cards(make_stage, bundle, transition):
    """No black, blank or torn frame: each grabbed frame is the old card and the new one, as far
    as the transition has come (the new card's rising headline aside)."""
    stage = make_stage()
    stage.transition = transition
    old_scene, new_scene = deck(bundle.manifest)[:2]
    stage.show_scene(old_scene, animate=False)
    stage.settle()
    old, _ = render(old_scene)
    new, head = render(new_scene)
    assert not alike(old, new)
    width = SIZE[0]
    top, bottom = max(0, int(head.rect.top() - head.rect.height())), int(head.rect.bottom() + head.rect.height() * 0.3)
    for t, frame in transition_frames(stage, new_scene):
        assert (frame.max(axis=2) < 16).mean() < 0.001, f"black at {t:.2f}"
        headline = np.zeros(frame.shape[:2], dtype=bool)
        if transition is Transition.SLIDE:
            shift = round(width * t)
            assert 0 < shift <= width
            expected = np.concatenate([old[:, shift:], new[:, :shift]], axis=1)
            headline[top:bottom, width - shift :] = True
        else:
            expected = (old * (1 - t) + new * t).round().astype(np.uint8)
            headline[top:bottom] = True
        assert alike(np.where(headline[..., None], 0, frame), np.where(headline[..., None], 0, expected)), f"{t:.2f}"
        assert np.abs(outside(frame, headline).astype(int) - outside(expected, headline)).mean() < 1.0


def test_the_next_card_is_painted_ahead_while_the_screen_stands_still(make_stage, bundle, qtbot, monkeypatch):
    stage = make_stage()
    first, second = deck(bundle.manifest)[:2]
    stage.show_scene(first, animate=False)
    stage.grab()  # the first card painted
    painted: list[str] = []
    original = CardPainter.paint

    def paint(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        painted.append(self.scene.card.id)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(CardPainter, "paint", paint)
    stage.prepare(second)
    qtbot.waitUntil(lambda: bool(painted), timeout=2000)
    assert painted == [second.card.id]
    stage.show_scene(second)
    stage.grab()  # the transition's first frame
    assert painted == [second.card.id]
    stage.settle()


def test_where_two_cards_differ_covers_every_changed_pixel(bundle):
    from kiosk.ui.stage import differing_rects

    a_scene, b_scene = deck(bundle.manifest)[:2]
    images = []
    for scene in (a_scene, b_scene):
        image = QImage(*SIZE, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        CardPainter(scene).paint(painter, QRectF(0, 0, *SIZE))
        painter.end()
        images.append(image)
    assert differing_rects(images[0], images[0]) == []
    rects = differing_rects(*images)
    covered = np.zeros((SIZE[1], SIZE[0]), dtype=bool)
    for rect in rects:
        covered[rect.top() : rect.bottom() + 1, rect.left() : rect.right() + 1] = True
    changed = (to_array(images[0]) != to_array(images[1])).any(axis=2)
    assert changed.any()
    assert not (changed & ~covered).any()
    assert covered.mean() < 0.5  # a fade blends only part of the screen


def test_a_fade_repaints_only_where_the_cards_differ_and_the_screen_shows_the_whole_mix(make_stage, bundle, qapp):
    """What reaches the screen (the window's backing store, not a fresh grab) is the whole blend,
    although after its first frame the fade repaints only where the two cards differ."""
    stage = make_stage()
    stage.transition = Transition.FADE
    old_scene, new_scene = deck(bundle.manifest)[:2]
    stage.show_scene(old_scene, animate=False)
    stage.grab()
    stage.prepare(new_scene)
    stage.settle()
    qapp.processEvents()
    old, _ = render(old_scene)
    new, head = render(new_scene)
    painted_share: list[float] = []
    watcher = PaintedArea(painted_share)
    stage.installEventFilter(watcher)
    transition = stage.findChild(QVariantAnimation, "card_transition")
    entrance = stage.findChild(QVariantAnimation, "headline_entrance")
    stage.show_scene(new_scene)
    transition.pause()
    entrance.pause()
    qapp.processEvents()  # the first frame, whole
    top, bottom = max(0, int(head.rect.top() - head.rect.height())), int(head.rect.bottom() + head.rect.height() * 0.3)
    headline = np.zeros((SIZE[1], SIZE[0]), dtype=bool)
    headline[top:bottom] = True
    for k in range(1, 12):
        transition.setCurrentTime(round(transition.duration() * k / 12))
        qapp.processEvents()
        t = float(transition.currentValue())
        shown = to_array(stage.screen().grabWindow(stage.winId()).toImage())[: SIZE[1], : SIZE[0]]
        expected = (old * (1 - t) + new * t).round().astype(np.uint8)
        assert np.abs(outside(shown, headline).astype(int) - outside(expected, headline)).mean() < 1.0, f"{t:.2f}"
    assert painted_share[0] == 1.0  # the first frame whole
    assert len(painted_share) >= 11
    assert max(painted_share[-10:]) < 0.5  # then only where the cards differ
    stage.settle()


class PaintedArea(QObject):
    """Records the share of the widget each paint event covers."""

    def __init__(self, shares: list[float]) -> None:
        super().__init__()
        self.shares = shares

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            area = sum(r.width() * r.height() for r in event.region())
            self.shares.append(area / (watched.width() * watched.height()))
        return False


def test_a_fade_brings_in_the_background_under_the_rising_headline_not_the_settled_one(make_stage, bundle):
    """Before its headline has risen at all, the new card fades in without one: no ghost of the settled figure."""
    stage = make_stage()
    stage.transition = Transition.FADE
    old_scene, new_scene = deck(bundle.manifest)[:2]
    stage.show_scene(old_scene, animate=False)
    stage.settle()
    old, _ = render(old_scene)
    new_background, _ = render(new_scene, headline=False)
    transition = stage.findChild(QVariantAnimation, "card_transition")
    entrance = stage.findChild(QVariantAnimation, "headline_entrance")
    stage.show_scene(new_scene)
    transition.pause()
    entrance.pause()
    entrance.setCurrentTime(0)  # the rising headline not yet there
    for k in (3, 6, 9):
        transition.setCurrentTime(round(transition.duration() * k / 12))
        t = float(transition.currentValue())
        frame = to_array(stage.grab().toImage())
        expected = (old * (1 - t) + new_background * t).round().astype(np.uint8)
        assert alike(frame, expected), f"{t:.2f}"
    stage.settle()
