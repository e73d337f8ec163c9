"""Content changed on disk is swapped in at the next card; bad content never shows."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.core.bundle import load_bundle


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
    with qtbot.waitSignal(window.watcher.rejected, timeout=5000) as blocker:
        window.watcher.check_now()
    problems = blocker.args[0]
    assert any(p.code == "figure-not-in-source" and p.card == "grassroots-unions" for p in problems)
    assert not window.loop.has_staged
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.stage.scene.card.headline.text() == "15.1万个"


def test_broken_yaml_is_logged_and_ignored(make_window, bundle_copy, qtbot, caplog):
    window = make_window(load_bundle(bundle_copy), watch=True)
    (bundle_copy / "bundle.yaml").write_text("cards: [\n  - id: oops\n", encoding="utf-8")
    with qtbot.waitSignal(window.watcher.rejected, timeout=5000):
        window.watcher.check_now()
    assert "not valid" in caplog.text
    assert window.bundle.manifest.cards


def test_a_half_copied_zip_is_never_shown(make_window, bundle_copy, tmp_path, qtbot):
    archive = zip_folder(bundle_copy, tmp_path / "deck.zip")
    window = make_window(load_bundle(archive), watch=True)
    whole = archive.read_bytes()
    archive.write_bytes(whole[: len(whole) // 2])  # the copy is still running
    with qtbot.waitSignal(window.watcher.rejected, timeout=5000):
        window.watcher.check_now()
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
