"""The preview redraws every save, shows the edited card, and keeps the last good picture."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.ui.preview.screens import SCREEN_SIZES
from tests.ui.preview.conftest import SAVE_SHOWN_MS, edit


def shows(window, card_id: str, *, detail: bool = False) -> bool:
    """The pane holds the page of ``card_id`` drawn at the chosen screen's full size."""
    size = window.screen_size
    return window.page == (card_id, size, detail) and window.pane.image.size().toTuple() == (size.width, size.height)


def files_and_times(folder: Path) -> dict[str, tuple[int, str]]:
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in sorted(folder.rglob("*"))
    }


def test_opens_on_the_first_card_at_full_hd(preview):
    assert preview.card_id == "founding"
    assert preview.pane.image.size().toTuple() == (1920, 1080)
    assert not preview.pane.overlay.isVisible()


def test_a_save_redraws_and_shows_the_edited_card(preview, bundle_copy, qtbot):
    preview.go_to("social-workers")
    before = preview.pane.image
    preview.go_to("founding")
    edit(bundle_copy, "label: 选聘社会化工会工作者", "label: 选聘的社会化工会工作者")
    qtbot.wait_until(lambda: preview.card_id == "social-workers", timeout=SAVE_SHOWN_MS)
    assert preview.bundle.manifest.card("social-workers").label == "选聘的社会化工会工作者"
    assert shows(preview, "social-workers")
    assert preview.pane.image != before


def test_a_yaml_error_is_laid_over_the_last_good_picture_until_fixed(preview, bundle_copy, qtbot):
    edit(bundle_copy, "label: 选聘社会化工会工作者", "label: 选聘的社会化工会工作者")
    qtbot.wait_until(lambda: shows(preview, "social-workers"), timeout=SAVE_SHOWN_MS)
    good = preview.pane.image
    edit(bundle_copy, "label: 选聘的社会化工会工作者", 'label: "选聘社会化工会工作者')  # an unclosed quote
    qtbot.wait_until(preview.pane.overlay.isVisible, timeout=SAVE_SHOWN_MS)
    texts = preview.pane.overlay.texts()
    assert any(re.match(r"bundle\.yaml:\d+", text) for text in texts)
    assert any("引号" in text for text in texts)  # what is wrong, in Chinese
    assert preview.pane.image == good
    assert preview.card_id == "social-workers"
    edit(bundle_copy, 'label: "选聘社会化工会工作者', "label: 选聘社会化工会工作者")
    qtbot.wait_until(lambda: not preview.pane.overlay.isVisible(), timeout=SAVE_SHOWN_MS)
    assert shows(preview, "social-workers")
    assert preview.bundle.manifest.card("social-workers").label == "选聘社会化工会工作者"


def test_a_figure_not_in_its_quote_names_line_card_and_field(preview, bundle_copy, qtbot):
    edit(bundle_copy, "headline: 15.1万个", "headline: 15.2万个")
    qtbot.wait_until(preview.pane.overlay.isVisible, timeout=SAVE_SHOWN_MS)
    headline_line = next(
        number
        for number, line in enumerate((bundle_copy / "bundle.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if "headline: 15.2万个" in line
    )
    texts = preview.pane.overlay.texts()
    assert f"bundle.yaml:{headline_line}，卡片 grassroots-unions，字段 headline" in texts
    assert preview.card_id == "grassroots-unions"  # the card being edited, as it last was
    assert shows(preview, "grassroots-unions")
    assert preview.bundle.manifest.card("grassroots-unions").headline.text() == "15.1万个"
    item = preview.card_list.card_item("grassroots-unions")
    assert any("15.2万个" in item.child(i).data(0, Qt.ItemDataRole.UserRole + 1) for i in range(item.childCount()))


def test_the_size_switch_draws_each_screen_at_its_own_size(preview, qtbot):
    for index, size in enumerate(SCREEN_SIZES):
        qtbot.mouseClick(preview.size_buttons.button(index), Qt.MouseButton.LeftButton)
        assert preview.pane.image.size().toTuple() == (size.width, size.height)
        rect = preview.pane.picture_rect()
        assert abs(rect.width() / rect.height() - size.width / size.height) < 0.02
        assert (rect.height() > rect.width()) == size.portrait
    qtbot.keyClick(preview, Qt.Key.Key_3)
    assert preview.pane.image.size().toTuple() == (1080, 1920)


def test_d_shows_the_detail_page_and_d_again_the_card(preview, qtbot):
    preview.go_to("grassroots-unions")
    qtbot.keyClick(preview, Qt.Key.Key_D)
    assert preview.detail and preview.detail_button.isChecked()
    assert shows(preview, "grassroots-unions", detail=True)
    qtbot.keyClick(preview, Qt.Key.Key_D)
    assert shows(preview, "grassroots-unions")


def test_clicking_a_card_in_the_list_goes_there(preview, qtbot):
    item = preview.card_list.card_item("members")
    preview.card_list.scrollToItem(item)
    position = preview.card_list.visualItemRect(item).center()
    qtbot.mouseClick(preview.card_list.viewport(), Qt.MouseButton.LeftButton, pos=position)
    assert shows(preview, "members")


def test_a_preview_session_writes_nothing_into_the_bundle(make_preview, bundle_copy, qtbot):
    before = files_and_times(bundle_copy)
    window = make_preview(bundle_copy)
    for index in range(len(SCREEN_SIZES)):
        window.size_buttons.button(index).click()
    window.set_detail(True)
    window.go_to("members")
    window.watcher.check_now()
    qtbot.wait_until(lambda: not window.watcher.busy, timeout=SAVE_SHOWN_MS)
    window.close()
    assert files_and_times(bundle_copy) == before


def test_a_bundle_broken_at_start_opens_with_its_problems_and_shows_once_fixed(qtbot, bundle_copy):
    import time

    from kiosk.core.bundle import BundleError, load_bundle
    from kiosk.ui.preview.window import PreviewWindow

    edit(bundle_copy, "headline: 15.1万个", "headline: 15.2万个")
    try:
        load_bundle(bundle_copy)
    except BundleError as exc:
        problems = exc.problems
    window = PreviewWindow(bundle_copy, None, problems=problems, clock=time.monotonic)
    qtbot.addWidget(window)
    window.show()
    assert window.pane.overlay.isVisible() and window.pane.image is None
    edit(bundle_copy, "headline: 15.2万个", "headline: 15.1万个")
    qtbot.wait_until(lambda: window.bundle is not None and not window.pane.overlay.isVisible(), timeout=SAVE_SHOWN_MS)
    assert shows(window, "founding")
