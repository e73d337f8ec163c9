"""Bundle files: the one way in to a bundle's files, in zips and folders.

Paths that climb out, absolute paths, links that point outside, zip bombs and
damaged zips are refused; so are names that a person would take for one file.
"""

from __future__ import annotations

import sys
import unicodedata
import warnings
import zipfile
from pathlib import Path

import pytest

from kiosk.core import files as bundle_files
from kiosk.core.files import BundleFileError, FolderFiles, ZipFiles, name_key, open_files
from tests.bundles import (
    SOURCE_TEXT,
    check,
    dump,
    minimal_manifest,
    only,
    png,
    set_encrypted_flag,
    symlink_info,
    write_zip,
)

MANIFEST = dump(minimal_manifest())
NFC = unicodedata.normalize("NFC", "图片/café.png")
NFD = unicodedata.normalize("NFD", "图片/café.png")


def zip_with(path: Path, members: list[tuple[str, bytes | str]]) -> Path:
    """A zip holding ``members`` in this order, the same name twice if asked."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Duplicate name", UserWarning)  # the point of these zips
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return path


def valid_members(*extra: tuple[str, bytes | str]) -> list[tuple[str, bytes | str]]:
    return [("bundle.yaml", MANIFEST), ("source.md", SOURCE_TEXT), *extra]


def refusal(path: Path) -> BundleFileError:
    with pytest.raises(BundleFileError) as caught:
        open_files(path).close()
    return caught.value


def test_names_that_differ_only_in_case_or_normalisation_have_one_key():
    assert NFC != NFD
    assert name_key(NFC) == name_key(NFD)
    assert name_key("Photo.PNG") == name_key("photo.png")
    assert name_key("images/a.png") != name_key("images/b.png")


# ---------------------------------------------------------------- zips


def test_zip_with_two_manifests_is_refused_naming_it(tmp_path):
    """zipfile would read the second, unzip and Explorer show the first."""
    other = MANIFEST.replace("测试数据包", "另一个数据包")
    path = zip_with(tmp_path / "two.zip", [*valid_members(), ("bundle.yaml", other)])
    error = refusal(path)
    assert "压缩包里有两个同名文件“bundle.yaml”" in error.message
    assert "请重新打包" in error.message
    assert "bundle.yaml" in error.message_en
    assert error.file == "bundle.yaml"


def test_zip_with_two_manifests_fails_validate_with_a_clear_problem(tmp_path):
    path = zip_with(tmp_path / "two.zip", [*valid_members(), ("bundle.yaml", MANIFEST)])
    problem = only(check(path), "open")
    assert "同名文件“bundle.yaml”" in problem.message
    assert "two members named 'bundle.yaml'" in problem.message_en


def test_zip_with_two_images_of_one_name_is_refused(tmp_path):
    path = zip_with(tmp_path / "images.zip", valid_members(("images/a.png", png(2, 2)), ("images/a.png", png(4, 4))))
    assert "同名文件“images/a.png”" in refusal(path).message


def test_zip_with_the_same_name_twice_inside_its_top_folder_is_refused(tmp_path):
    members = [(f"city/{name}", data) for name, data in valid_members()]
    path = zip_with(tmp_path / "folder.zip", [*members, ("city/source.md", "另一篇")])
    assert "同名文件“city/source.md”" in refusal(path).message


def test_zip_with_names_that_differ_only_in_case_is_refused_naming_both(tmp_path):
    path = zip_with(
        tmp_path / "case.zip", valid_members(("images/Photo.PNG", png(2, 2)), ("images/photo.png", png(2, 2)))
    )
    error = refusal(path)
    assert "“images/Photo.PNG”和“images/photo.png”只差大小写" in error.message
    assert "differ only in case" in error.message_en


def test_zip_with_names_that_differ_only_in_unicode_normalisation_is_refused(tmp_path):
    path = zip_with(tmp_path / "nfd.zip", valid_members((NFC, png(2, 2)), (NFD, png(2, 2))))
    error = refusal(path)
    assert "Unicode 写法不同" in error.message
    assert NFC in error.message and NFD in error.message
    assert ascii(NFD) in error.message_en  # the decomposed accent, visibly different


def test_zip_whose_names_are_all_different_still_opens(tmp_path):
    path = zip_with(tmp_path / "fine.zip", valid_members(("images/a.png", png(2, 2)), ("images/b.png", png(2, 2))))
    files = open_files(path)
    assert isinstance(files, ZipFiles)
    assert "images/a.png" in files.names()
    files.close()


# ---------------------------------------------------------------- folders


def folder_with(root: Path, names: list[str]) -> Path:
    root.mkdir()
    (root / "bundle.yaml").write_text(MANIFEST, encoding="utf-8")
    (root / "source.md").write_text(SOURCE_TEXT, encoding="utf-8")
    for name in names:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png(2, 2))
    if sum(path.is_file() for path in root.rglob("*")) < len(names) + 2:
        pytest.skip("this file system folds case or normalisation: such names cannot exist side by side")
    return root


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="names differing only in case need a Linux file system")
def test_folder_with_names_that_differ_only_in_case_is_refused(tmp_path):
    folder = folder_with(tmp_path / "case", ["images/Photo.PNG", "images/photo.png"])
    error = refusal(folder)
    assert "数据包文件夹里" in error.message
    assert "“images/Photo.PNG”和“images/photo.png”只差大小写" in error.message
    problem = only(check(folder), "open")
    assert "只差大小写" in problem.message


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs a file system that keeps NFC and NFD apart")
def test_folder_with_names_that_differ_only_in_normalisation_is_refused(tmp_path):
    folder = folder_with(tmp_path / "nfd", [NFC, NFD])
    assert "Unicode 写法不同" in refusal(folder).message


def test_folder_whose_names_are_all_different_still_opens(tmp_path):
    folder = folder_with(tmp_path / "fine", ["images/a.png", "images/b.png"])
    files = open_files(folder)
    assert isinstance(files, FolderFiles)
    assert sorted(files.names()) == ["bundle.yaml", "images/a.png", "images/b.png", "source.md"]


def with_image(name: str = "images/card.png") -> dict:
    manifest = minimal_manifest()
    manifest["cards"][1]["image"] = name
    return manifest


def test_image_path_climbing_out_of_the_bundle_is_refused(make_bundle):
    problem = only(check(make_bundle(with_image("../outside.png"))), "missing-file")
    assert "“..”" in problem.message
    assert problem.field == "image"


def test_absolute_image_path_is_refused(make_bundle):
    problem = only(check(make_bundle(with_image("/etc/passwd"))), "missing-file")
    assert "绝对路径" in problem.message


def test_symlink_pointing_outside_the_bundle_is_refused(make_bundle, tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(png(2, 2))
    bundle = make_bundle(with_image("images/card.png"))
    (bundle / "images").mkdir()
    (bundle / "images" / "card.png").symlink_to(outside)
    problem = only(check(bundle), "missing-file")
    assert "指向数据包以外的链接" in problem.message
    assert (problem.card, problem.field) == ("stations", "image")


def test_symlinked_folder_pointing_outside_the_bundle_is_refused(make_bundle, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "card.png").write_bytes(png(2, 2))
    bundle = make_bundle(with_image("images/card.png"))
    (bundle / "images").symlink_to(outside, target_is_directory=True)
    problem = only(check(bundle), "missing-file")
    assert "指向数据包以外的链接" in problem.message


def test_symlinked_manifest_pointing_outside_is_refused_as_a_link_not_as_missing(make_bundle, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(dump(minimal_manifest()), encoding="utf-8")
    bundle = make_bundle()
    (bundle / "bundle.yaml").unlink()
    (bundle / "bundle.yaml").symlink_to(outside)
    inspection = check(bundle)
    assert inspection.manifest is None  # the outside file, though valid, is never read
    problem = only(inspection, "read")
    assert "“bundle.yaml”是指向数据包以外的链接" in problem.message
    assert problem.message_en == "bundle.yaml links outside the bundle"


def test_unreadable_file_is_reported_not_raised(make_bundle, monkeypatch):
    bundle = make_bundle(with_image(), files={"images/card.png": png(2, 2)})
    real_open = Path.open

    def deny(self, *args, **kwargs):
        if self.name == "card.png":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    problem = only(check(bundle), "missing-file")
    assert "无法读取“images/card.png”" in problem.message


def test_zip_bundle_is_accepted(make_bundle):
    assert check(make_bundle(as_zip=True)).problems.items == []


def test_zip_that_holds_one_top_level_folder_is_accepted(make_bundle):
    inspection = check(make_bundle(as_zip=True, top_folder="山东数据包"))
    assert inspection.ok and inspection.problems.items == []


def test_zip_made_on_a_mac_with_macosx_folder_is_accepted(tmp_path):
    path = write_zip(
        tmp_path / "mac.zip",
        {
            "bundle/bundle.yaml": dump(minimal_manifest()),
            "bundle/source.md": SOURCE_TEXT,
            "__MACOSX/bundle/._bundle.yaml": b"\x00\x05\x16\x07",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
        },
    )
    inspection = check(path)
    assert inspection.ok and inspection.problems.items == []


def test_zip_member_climbing_out_is_refused(make_bundle, tmp_path):
    path = write_zip(tmp_path / "evil.zip", {"bundle.yaml": dump(minimal_manifest()), "../evil.txt": "x"})
    problem = only(check(path), "open")
    assert "“..”" in problem.message
    assert problem.file == "../evil.txt"


def test_zip_member_with_absolute_path_is_refused(tmp_path):
    path = write_zip(tmp_path / "evil.zip", {"bundle.yaml": dump(minimal_manifest()), "/etc/cron.d/evil": "x"})
    problem = only(check(path), "open")
    assert "绝对路径" in problem.message


def test_zip_member_with_windows_drive_path_is_refused(tmp_path):
    path = write_zip(tmp_path / "evil.zip", {"bundle.yaml": dump(minimal_manifest()), "C:/evil.txt": "x"})
    assert "绝对路径" in only(check(path), "open").message


def test_backslash_in_a_path_is_refused_in_chinese_and_english():
    with pytest.raises(bundle_files.BundleFileError) as caught:
        bundle_files.safe_relpath("images\\card.png")
    assert caught.value.message == "路径“images\\card.png”里有反斜杠。请用 / 分隔目录，例如 images/a.png。"
    assert "backslash" in caught.value.message_en
    assert caught.value.message_en.isascii()


def test_zip_member_with_a_backslash_is_refused(tmp_path):
    path = write_zip(tmp_path / "win.zip", {"bundle.yaml": dump(minimal_manifest()), "images\\card.png": "x"})
    problem = only(check(path), "open")
    assert "反斜杠" in problem.message and "backslash" in problem.message_en


def test_zip_symlink_member_is_refused(tmp_path):
    path = write_zip(
        tmp_path / "link.zip", {"bundle.yaml": dump(minimal_manifest()), symlink_info("source.md"): "/etc/passwd"}
    )
    problem = only(check(path), "open")
    assert "符号链接" in problem.message
    assert problem.file == "source.md"


def test_zip_with_too_many_entries_is_refused(tmp_path):
    members = {f"f/{i}.txt": b"" for i in range(bundle_files.MAX_ZIP_ENTRIES + 1)}
    path = write_zip(tmp_path / "many.zip", {"bundle.yaml": dump(minimal_manifest()), **members})
    problem = only(check(path), "open")
    assert "文件太多" in problem.message
    assert problem.file == "many.zip"


def test_zip_bomb_by_compression_ratio_is_refused(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bundle.yaml", dump(minimal_manifest()))
        with archive.open("source.md", "w") as member:
            zeros = bytes(1024 * 1024)
            for _ in range(50):
                member.write(zeros)
    assert path.stat().st_size < 1024 * 1024  # 50 MB in well under 1 MB
    problem = only(check(path), "open")
    assert "压缩炸弹" in problem.message
    assert problem.file == "source.md"


def test_truncated_zip_is_refused(make_bundle):
    path = make_bundle(as_zip=True)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    problem = only(check(path), "open")
    assert "损坏或不完整" in problem.message


def test_zip_with_corrupt_manifest_data_is_refused(make_bundle):
    path = make_bundle(manifest=dump(minimal_manifest()) * 20, as_zip=True)
    data = bytearray(path.read_bytes())
    start = data.find(b"bundle.yaml") + len("bundle.yaml")
    for offset in range(start + 10, start + 60):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    problem = only(check(path), "read")
    assert "读不出来" in problem.message


def test_zip_with_an_encrypted_member_is_refused(make_bundle):
    path = make_bundle(as_zip=True)
    set_encrypted_flag(path, "source.md")
    problem = only(check(path), "open")
    assert "加了密码" in problem.message
    assert problem.file == "source.md"


def test_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "bundle.zip"
    path.write_text("不是 zip", encoding="utf-8")
    assert "损坏或不完整" in only(check(path), "open").message


def test_missing_bundle_path_is_refused(tmp_path):
    problem = only(check(tmp_path / "nowhere"), "open")
    assert "找不到数据包" in problem.message


def test_bundle_yaml_path_given_directly_is_accepted(make_bundle):
    bundle = make_bundle()
    inspection = check(bundle / "bundle.yaml")
    assert inspection.ok and inspection.problems.items == []
