"""Content changed on disk is swapped in at the next card; bad content never shows."""

from __future__ import annotations

import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.core.bundle import BundleError, load_bundle


def edit_manifest(bundle_dir: Path, old: str, new: str) -> None:
    manifest = bundle_dir / "bundle.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new, 1), encoding="utf-8")


def zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def test_a_valid_update_shows_from_the_next_card(make_window, bundle_copy, qtbot):
    window = make_window(load_bundle(bundle_copy), watch=True)
    first = window.stage.scene.card.id
    edit_manifest(bundle_copy, "label: 全省已建立基层工会", "label: 全省已建立的基层工会")
    with qtbot.waitSignal(window.watcher.updated, timeout=5000):
        window.watcher.check_now()
    assert window.loop.has_staged
    assert window.stage.scene.card.id == first  # nothing jumps mid-card
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.stage.scene.card.id == "grassroots-unions"
    assert window.stage.scene.card.label == "全省已建立的基层工会"
    assert window.bundle.manifest.card("grassroots-unions").label == "全省已建立的基层工会"


def test_an_invalid_update_keeps_the_last_good_content(make_window, bundle_copy, qtbot):
    window = make_window(load_bundle(bundle_copy), watch=True)
    edit_manifest(bundle_copy, "headline: 15.1万个", "headline: 15.2万个")  # not in the article
    with qtbot.waitSignal(window.watcher.checked, timeout=5000):
        window.watcher.check_now()
    problems = window.watcher.last_problems
    assert any(p.code == "figure-not-in-quote" and p.card == "grassroots-unions" for p in problems)
    assert not window.loop.has_staged
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.stage.scene.card.headline.text() == "15.1万个"


def test_broken_yaml_is_logged_and_ignored(make_window, bundle_copy, qtbot, caplog):
    window = make_window(load_bundle(bundle_copy), watch=True)
    (bundle_copy / "bundle.yaml").write_text("cards: [\n  - id: oops\n", encoding="utf-8")
    with qtbot.waitSignal(window.watcher.checked, timeout=5000):
        window.watcher.check_now()
    assert window.watcher.last_problems  # rejected
    assert "not valid" in caplog.text
    assert window.bundle.manifest.cards


def test_a_half_copied_zip_is_never_shown(make_window, bundle_copy, tmp_path, qtbot):
    archive = zip_folder(bundle_copy, tmp_path / "deck.zip")
    window = make_window(load_bundle(archive), watch=True)
    whole = archive.read_bytes()
    archive.write_bytes(whole[: len(whole) // 2])  # the copy is still running
    with qtbot.waitSignal(window.watcher.checked, timeout=5000):
        window.watcher.check_now()
    assert window.watcher.last_problems  # rejected
    assert not window.loop.has_staged
    # the copy finishes with new content: now it is taken
    edit_manifest(bundle_copy, "label: 全省已建立基层工会", "label: 全省已建立的基层工会")
    zip_folder(bundle_copy, archive)
    with qtbot.waitSignal(window.watcher.updated, timeout=5000):
        window.watcher.check_now()
    assert window.loop.has_staged


def test_changes_are_noticed_without_being_asked(make_window, bundle_copy, qtbot, monkeypatch):
    from kiosk.ui import reload

    monkeypatch.setattr(reload, "SETTLE_MS", 50)
    window = make_window(load_bundle(bundle_copy), watch=True)
    window.watcher._settle.setInterval(50)
    edit_manifest(bundle_copy, "label: 全省已建立基层工会", "label: 全省已建立的基层工会")
    with qtbot.waitSignal(window.watcher.updated, timeout=10_000):
        pass
    assert window.loop.has_staged


def test_a_removed_bundle_keeps_the_show_running(make_window, bundle_copy, qtbot):
    window = make_window(load_bundle(bundle_copy), watch=True)
    shutil.rmtree(bundle_copy)
    window.watcher.check_now()
    assert not window.loop.has_staged
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.stage.scene is not None


# ---------------------------------------------------------------- loading off the GUI thread


def test_the_bundle_is_read_and_loaded_off_the_gui_thread(make_window, bundle_copy, qtbot, monkeypatch):
    from kiosk.ui import reload

    window = make_window(load_bundle(bundle_copy), watch=True)
    threads: dict[str, set[int]] = {"load": set(), "fingerprint": set()}
    real_load, real_fingerprint = reload.load_bundle, reload.read_fingerprint

    def load(path):
        threads["load"].add(threading.get_ident())
        return real_load(path)

    def fingerprint(path):
        threads["fingerprint"].add(threading.get_ident())
        return real_fingerprint(path)

    monkeypatch.setattr(reload, "load_bundle", load)
    monkeypatch.setattr(reload, "read_fingerprint", fingerprint)
    window.watcher._settle.setInterval(50)
    edit_manifest(bundle_copy, "label: 全省已建立基层工会", "label: 全省已建立的基层工会")
    window.watcher._changed()  # as a change event would
    with qtbot.waitSignal(window.watcher.updated, timeout=10_000):
        pass
    assert threads["load"]
    assert threads["fingerprint"]
    assert threading.get_ident() not in threads["load"] | threads["fingerprint"]


def test_a_newer_change_supersedes_a_running_load(make_window, bundle_copy, qtbot, monkeypatch):
    from kiosk.ui import reload

    window = make_window(load_bundle(bundle_copy), watch=True)
    window.watcher._settle.setInterval(50)
    release = threading.Event()
    running, most = [0], [0]
    real_load = reload.load_bundle

    def slow_load(path):
        running[0] += 1
        most[0] = max(most[0], running[0])
        try:
            release.wait(timeout=10)  # the first load runs until the test lets it go
            return real_load(path)
        finally:
            running[0] -= 1

    monkeypatch.setattr(reload, "load_bundle", slow_load)
    labels = []
    window.watcher.updated.connect(lambda b: labels.append(b.manifest.card("grassroots-unions").label))
    edit_manifest(bundle_copy, "label: 全省已建立基层工会", "label: 全省已建立的基层工会")
    window.watcher.check_now()
    qtbot.waitUntil(lambda: running[0] == 1, timeout=5000)
    edit_manifest(bundle_copy, "label: 全省已建立的基层工会", "label: 全省已经建立的基层工会")
    window.watcher._changed()
    qtbot.waitUntil(lambda: window.watcher._settle.isActive() or window.watcher._load_again is not None, timeout=5000)
    release.set()
    with qtbot.waitSignal(window.watcher.updated, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: not window.watcher.busy, timeout=5000)
    assert labels == ["全省已经建立的基层工会"]  # the first load's result never came out
    assert most[0] == 1  # one load at a time


# ---------------------------------------------------------------- a copy cut short is held


def valid_prefix(bundle_dir: Path, probe: Path, limit: int = 3000) -> bytes:
    """The longest start of ``bundle.yaml``, cut at a line end within ``limit`` bytes, that is a valid deck."""
    whole = (bundle_dir / "bundle.yaml").read_bytes()
    shutil.copytree(bundle_dir, probe)
    end = whole.rfind(b"\n", 0, limit)
    while end > 0:
        (probe / "bundle.yaml").write_bytes(whole[: end + 1])
        try:
            load_bundle(probe).close()
        except BundleError:
            end = whole.rfind(b"\n", 0, end)
            continue
        return whole[: end + 1]
    raise AssertionError("no start of the manifest is a valid deck")


@pytest.fixture
def cut_deck(make_window, bundle_copy, tmp_path, qtbot):
    """A running window, and a function that cuts its bundle.yaml short and waits until that is held."""
    window = make_window(load_bundle(bundle_copy), watch=True)
    window.watcher._settle.setInterval(50)
    manifest = bundle_copy / "bundle.yaml"
    whole = manifest.read_bytes()
    short = valid_prefix(bundle_copy, tmp_path / "probe")
    short_cards = len(load_bundle(tmp_path / "probe").manifest.cards)
    assert short_cards < len(window.bundle.manifest.cards) / 3  # a deck that validates, and a short one

    def cut() -> None:
        with qtbot.waitSignal(window.watcher.held_changed, timeout=10_000):
            manifest.write_bytes(short)  # the change event does the rest
        assert window.watcher.held is not None

    def restore() -> None:
        with qtbot.waitSignal(window.watcher.updated, timeout=10_000):
            manifest.write_bytes(whole)

    return window, cut, restore, short_cards


def test_a_copy_cut_short_is_held_and_never_shown(cut_deck, qtbot, caplog):
    window, cut, restore, short_cards = cut_deck
    whole_cards = len(window.bundle.manifest.cards)
    decks_offered = []
    window.watcher.updated.connect(lambda b: decks_offered.append(len(b.manifest.cards)))
    cut()
    notice = (
        f"新内容只有 {short_cards} 张卡片（现在 {whole_cards} 张），已暂缓：若 10 分钟内不再变化将自动采用，或在此确认"
    )
    assert window.watcher.held_notice == notice
    assert f"{short_cards} cards where {whole_cards} are on screen" in caplog.text
    assert any(r.levelname == "WARNING" and "held" in r.getMessage() for r in caplog.records)
    # the show goes on with the whole deck
    assert not window.loop.has_staged
    for _ in range(5):
        qtbot.keyClick(window, Qt.Key.Key_Right)
        assert len(window.loop) == whole_cards
        assert len(window.bundle.manifest.cards) == whole_cards
    # staff see what waits and why, and can adopt it
    assert window.diagnostics().held == notice
    window.staff.show_diagnostics()
    assert window.staff.diagnostics.values["held"].text() == notice
    assert not window.staff.diagnostics.adopt_button.isHidden()
    assert window.staff.menu.holding
    assert window.staff.menu.held_label.text() == notice

    restore()
    assert window.watcher.held is None
    assert decks_offered == [whole_cards]  # the short deck was never offered
    assert not window.staff.menu.holding
    assert window.diagnostics().held == ""
    assert window.staff.diagnostics.values["held"].text() == "无"
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert len(window.loop) == whole_cards


def test_held_content_shows_after_staying_unchanged_for_the_hold_period(cut_deck, clock, qtbot):
    from kiosk.core.reload_policy import HOLD_S

    window, cut, _restore, short_cards = cut_deck
    cut()
    clock.advance(HOLD_S - 1)
    window.watcher.review_hold()
    qtbot.waitUntil(lambda: not window.watcher.busy, timeout=5000)
    assert window.watcher.held is not None  # not yet
    clock.advance(1)
    with qtbot.waitSignal(window.watcher.updated, timeout=5000) as blocker:
        window.watcher.review_hold()
    assert len(blocker.args[0].manifest.cards) == short_cards
    assert window.watcher.held is None
    assert not window.staff.menu.holding
    qtbot.keyClick(window, Qt.Key.Key_Right)  # it shows from the next card, as any update
    assert len(window.loop) == short_cards


def test_staff_confirming_held_content_shows_it_at_once(cut_deck, qtbot):
    window, cut, _restore, short_cards = cut_deck
    cut()
    window.open_staff_panel()
    window.staff.show_menu()  # as after the PIN
    assert window.staff.menu.adopt_button.isVisible()
    qtbot.mouseClick(window.staff.menu.adopt_button, Qt.MouseButton.LeftButton)
    assert len(window.loop) == short_cards
    assert len(window.bundle.manifest.cards) == short_cards
    assert window.watcher.held is None
    assert not window.staff.menu.adopt_button.isVisible()


def test_the_adopt_button_shows_only_when_something_is_held(make_window, bundle, qtbot):
    window = make_window(bundle)
    window.open_staff_panel()
    window.staff.show_menu()
    assert not window.staff.menu.adopt_button.isVisible()
    assert window.staff.diagnostics.adopt_button.isHidden()


def test_the_held_notice_is_drawn_in_the_shipped_font():
    from kiosk.core.glyphs import shipped_coverage
    from kiosk.core.reload_policy import ReloadPolicy
    from tests.test_reload_policy import FULL, deck

    policy = ReloadPolicy()
    texts = [
        policy.notice(policy.judge(FULL, deck(1, 1, 0, 0, 0, 0, 0, 0))),
        policy.judge(FULL, deck(0, 6, 4, 7, 5, 2, 7, 4)).reason,
    ]
    missing = {ch for text in texts for ch in text if ch not in shipped_coverage()}
    assert not missing


# ---------------------------------------------------------------- the warm-up leaves the loop free


def test_the_warm_up_draws_one_chart_per_turn_of_the_event_loop(make_window, bundle):
    from kiosk.ui.warm_up import warm_up_cards

    window = make_window(bundle)
    window.warm_up_timer.stop()
    page = window.detail_page
    drawn = []
    show_card = page.show_card
    page.show_card = lambda card, manifest, **kw: (drawn.append(card.id), show_card(card, manifest, **kw))
    turns = 0
    while not window.warmed_up:
        before = len(drawn)
        window.warm_up()
        turns += 1
        assert len(drawn) - before <= 1
        assert turns < 50
    assert drawn == warm_up_cards(bundle.manifest)
    assert len(drawn) > 1  # the default bundle has charts of several kinds
    assert not window.warm_up_timer.isActive()
