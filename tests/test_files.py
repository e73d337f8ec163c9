"""Bundle files: names that a person would take for one file are refused, in zips and folders."""

from __future__ import annotations

import sys
import unicodedata
import warnings
import zipfile
from pathlib import Path

import pytest

from kiosk.core.files import BundleFileError, FolderFiles, ZipFiles, name_key, open_files
from tests.bundles import SOURCE_TEXT, check, dump, minimal_manifest, only, png

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
