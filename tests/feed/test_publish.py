"""Publishing bundles and notices into a signed feed (no server needed)."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.feed import publish
from kiosk.feed.commands import add_publish_arguments, cmd_publish
from kiosk.feed.expiry import TIMESTAMP_EXPIRY
from kiosk.feed.keys import new_signer
from kiosk.feed.notices import MAX_NOTICE_CHARS, make_notice, read_notice, text_problems
from kiosk.feed.packing import pack_bundle
from kiosk.feed.publish import PublishError, clear_notice, publish_bundle, publish_notice, refresh
from tests.bundles import minimal_manifest, write_zip

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def metadata(repo, name):
    return json.loads((repo / "metadata" / name).read_text(encoding="utf-8"))["signed"]


def test_packing_the_same_content_gives_the_same_bytes(make_bundle, tmp_path):
    folder = make_bundle()
    first = pack_bundle(folder)
    for path in folder.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))  # other times, same content
    (folder / ".DS_Store").write_bytes(b"junk")  # left out, as the gate leaves it out
    assert pack_bundle(folder) == first
    zipped = write_zip(
        tmp_path / "same.zip",
        {
            f"top/{p.relative_to(folder)}": p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file() and p.name != ".DS_Store"
        },
    )
    assert pack_bundle(zipped) == first


def test_packed_zip_is_sorted_with_fixed_times_and_no_extra_fields(make_bundle):
    with zipfile.ZipFile(__import__("io").BytesIO(pack_bundle(make_bundle()))) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.extra for i in infos} == {b""}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_first_publish_creates_owner_only_keys_and_the_root(deck, tmp_path):
    repo, keys = tmp_path / "repo", tmp_path / "keys"
    result = publish_bundle(deck(), repo, keys, now=NOW)
    assert result.created and result.changed == ["bundle.zip"]
    assert result.trusted_root == repo / "metadata" / "1.root.json"
    for role in ("root", "targets", "snapshot", "timestamp"):
        assert stat.S_IMODE((keys / f"{role}.pem").stat().st_mode) == 0o600
    assert stat.S_IMODE(keys.stat().st_mode) == 0o700
    root = metadata(repo, "1.root.json")
    assert root["consistent_snapshot"] is True
    assert {k["keytype"] for k in root["keys"].values()} == {"ed25519"}
    target = metadata(repo, "1.targets.json")["targets"]["bundle.zip"]
    served = repo / "targets" / f"{target['hashes']['sha256']}.bundle.zip"
    assert served.read_bytes() == pack_bundle(deck())
    assert stat.S_IMODE(served.stat().st_mode) == 0o644  # the web server's user reads it


def test_expiry_policy_is_applied_from_the_publish_time(deck, tmp_path):
    repo = tmp_path / "repo"
    publish_bundle(deck(), repo, tmp_path / "keys", now=NOW)

    def expires(name):
        return datetime.fromisoformat(metadata(repo, name)["expires"].replace("Z", "+00:00"))

    assert expires("timestamp.json") == NOW + TIMESTAMP_EXPIRY == NOW + timedelta(days=1)
    assert expires("1.snapshot.json") == NOW + timedelta(days=7)
    assert expires("1.targets.json") == NOW + timedelta(days=90)
    assert expires("1.root.json") == NOW + timedelta(days=365)


def test_every_publish_signs_new_snapshot_and_timestamp(deck, tmp_path):
    repo, keys = tmp_path / "repo", tmp_path / "keys"
    publish_bundle(deck(), repo, keys, now=NOW)
    again = publish_bundle(deck(), repo, keys, now=NOW + timedelta(hours=1))  # same content
    assert again.changed == [] and again.targets_version == 1
    assert (again.snapshot_version, again.timestamp_version) == (2, 2)
    changed = publish_bundle(deck("另一个标题"), repo, keys, now=NOW + timedelta(hours=2))
    assert changed.changed == ["bundle.zip"] and changed.targets_version == 2


def test_an_invalid_bundle_is_refused_with_its_problems_and_nothing_is_written(make_bundle, tmp_path):
    manifest = minimal_manifest()
    manifest["cards"][0]["headline"] = "99万个"  # not in the quoted sentence
    with pytest.raises(PublishError) as refused:
        publish_bundle(make_bundle(manifest), tmp_path / "repo", tmp_path / "keys", now=NOW)
    assert refused.value.bundle_problems
    assert all(p.severity == "error" for p in refused.value.bundle_problems)
    assert not (tmp_path / "repo" / "metadata").exists()
    assert not (tmp_path / "keys").exists()


def test_hall_bundles_have_their_own_targets(deck, tmp_path):
    repo, keys = tmp_path / "repo", tmp_path / "keys"
    publish_bundle(deck(), repo, keys, now=NOW)
    result = publish_bundle(deck("济南"), repo, keys, halls=["jinan-01", "jinan-02"], now=NOW)
    assert result.changed == ["halls/jinan-01/bundle.zip", "halls/jinan-02/bundle.zip"]
    targets = metadata(repo, "2.targets.json")["targets"]
    assert set(targets) == {"bundle.zip", "halls/jinan-01/bundle.zip", "halls/jinan-02/bundle.zip"}
    with pytest.raises(PublishError, match="展厅编号"):
        publish_bundle(deck(), repo, keys, halls=["../etc"], now=NOW)


def test_notice_text_passes_the_same_gate_as_bundle_text():
    assert text_problems("今日下午闭馆维护，敬请谅解。") == []
    assert "控制或格式字符" in text_problems("闭馆\u202e维护")[0]
    assert "控制或格式字符" in text_problems("闭馆\x1b[2J")[0]
    assert "太长" in text_problems("闭" * (MAX_NOTICE_CHARS + 1))[0]
    assert "字体里没有" in text_problems("闭馆\U0001f600")[0]
    assert text_problems("   ")


def test_a_notice_reads_back_as_published():
    notice = make_notice("今日闭馆", NOW + timedelta(hours=3), now=NOW)
    assert read_notice(notice.to_bytes()) == notice
    assert notice.is_current(NOW) and not notice.is_current(NOW + timedelta(hours=3))


def test_notices_are_published_and_cleared_per_hall(tmp_path):
    repo, keys = tmp_path / "repo", tmp_path / "keys"
    result = publish_notice(repo, keys, "今日闭馆", "2026-12-01T18:00+08:00", now=NOW)
    assert result.changed == ["notices/common.json"] and result.notice is not None
    assert result.notice.until == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    publish_notice(repo, keys, "济南馆闭馆", NOW + timedelta(days=1), halls=["jinan-01"], now=NOW)
    assert clear_notice(repo, keys, halls=["jinan-01"], now=NOW).changed == ["notices/halls/jinan-01.json"]
    assert clear_notice(repo, keys, now=NOW).changed == ["notices/common.json"]
    assert clear_notice(repo, keys, now=NOW).changed == []
    with pytest.raises(PublishError, match="已经过去"):
        publish_notice(repo, keys, "旧通知", "2020-01-01T00:00Z", now=NOW)
    with pytest.raises(PublishError, match="控制或格式字符"):
        publish_notice(repo, keys, "坏\x07通知", NOW + timedelta(days=1), now=NOW)


def test_refresh_re_signs_the_timestamp_and_renews_old_targets(deck, tmp_path):
    repo, keys = tmp_path / "repo", tmp_path / "keys"
    publish_bundle(deck(), repo, keys, now=NOW)
    soon = refresh(repo, keys, now=NOW + timedelta(hours=6))
    assert (soon.timestamp_version, soon.snapshot_version, soon.targets_version) == (2, 2, 1)
    late = refresh(repo, keys, now=NOW + timedelta(days=60))  # targets past half their life
    assert late.targets_version == 2 and late.changed == ["targets"]


def test_publishing_without_the_root_key_works_until_root_is_needed(deck, tmp_path):
    repo, keys = tmp_path / "repo", tmp_path / "keys"
    publish_bundle(deck(), repo, keys, now=NOW)
    offline = tmp_path / "offline-root.pem"
    (keys / "root.pem").replace(offline)  # the root key kept offline
    publish_bundle(deck("新内容"), repo, keys, now=NOW)
    with pytest.raises(PublishError, match="缺少 root 密钥"):
        publish.rotate_key(repo, keys, "timestamp", now=NOW)
    offline.replace(keys / "root.pem")
    rotated = publish.rotate_key(repo, keys, "timestamp", now=NOW)
    assert (repo / "metadata" / "2.root.json").is_file() and rotated.timestamp_version == 3
    assert list(keys.glob("timestamp.pem.retired-*"))


def test_a_key_root_does_not_trust_is_refused(deck, tmp_path):
    repo, keys = tmp_path / "repo", tmp_path / "keys"
    publish_bundle(deck(), repo, keys, now=NOW)
    (keys / "targets.pem").unlink()
    new_signer(keys, "targets")  # a stranger's key under the right name
    with pytest.raises(PublishError, match="不是 root 授权"):
        publish_bundle(deck("x"), repo, keys, now=NOW)


@pytest.mark.parametrize(
    "argv",
    [
        ["--repo", "r", "--keys", "k"],  # nothing to publish
        ["b", "--repo", "r", "--keys", "k", "--notice", "x", "--until", "2030-01-01"],  # two things
        ["--repo", "r", "--keys", "k", "--notice", "x"],  # no --until
        ["--repo", "r", "--keys", "k", "--refresh", "--hall", "a"],
    ],
)
def test_publish_command_wrong_usage_exits_2(argv):
    import argparse

    parser = argparse.ArgumentParser()
    add_publish_arguments(parser)
    errors = []
    assert cmd_publish(parser.parse_args(argv), out=lambda _t: None, err=errors.append) == 2
    assert errors


def test_publish_command_refuses_an_invalid_bundle_with_exit_1(make_bundle, tmp_path):
    import argparse

    parser = argparse.ArgumentParser()
    add_publish_arguments(parser)
    bad = make_bundle("format: 1\n")
    errors = []
    args = parser.parse_args([str(bad), "--repo", str(tmp_path / "r"), "--keys", str(tmp_path / "k")])
    assert cmd_publish(args, out=lambda _t: None, err=errors.append) == 1
    assert any("没有发布" in line for line in errors)


def test_a_publish_removes_bundles_and_metadata_no_kiosk_can_still_ask_for(deck, tmp_path):
    """The newest KEEP_VERSIONS targets and snapshots stay with every file they name, and every root."""
    from kiosk.feed.repository import KEEP_VERSIONS, PRUNE_GRACE

    repo, keys = tmp_path / "repo", tmp_path / "keys"
    publishes = KEEP_VERSIONS + 3
    for i in range(publishes):
        moment = NOW + i * 2 * PRUNE_GRACE  # each publish two grace periods after the one before
        result = publish_bundle(deck(f"标题 {i}"), repo, keys, now=moment)
        for path in repo.rglob("*"):
            os.utime(path, (moment.timestamp(), moment.timestamp()))
    folder = repo / "metadata"
    versions = sorted(int(p.name.split(".")[0]) for p in folder.glob("*.targets.json"))
    assert versions == list(range(publishes - KEEP_VERSIONS + 1, publishes + 1))
    assert len(list(folder.glob("*.snapshot.json"))) == KEEP_VERSIONS
    assert (folder / "1.root.json").is_file() and (folder / "timestamp.json").is_file()
    bundles = sorted(p.name for p in (repo / "targets").rglob("*.zip"))
    named = {
        f"{info['hashes']['sha256']}.bundle.zip"
        for version in versions
        for info in metadata(repo, f"{version}.targets.json")["targets"].values()
    }
    assert set(bundles) == named and len(bundles) == KEEP_VERSIONS
    assert result.sha256 is not None and f"{result.sha256}.bundle.zip" in bundles


def test_nothing_younger_than_the_grace_period_is_removed(deck, tmp_path):
    from kiosk.feed.repository import KEEP_VERSIONS

    repo, keys = tmp_path / "repo", tmp_path / "keys"
    for i in range(KEEP_VERSIONS + 3):  # within minutes: a kiosk may be between reading and fetching any of them
        moment = NOW + timedelta(minutes=i)
        publish_bundle(deck(f"标题 {i}"), repo, keys, now=moment)
        for path in repo.rglob("*"):
            os.utime(path, (moment.timestamp(), moment.timestamp()))
    assert len(list((repo / "metadata").glob("*.targets.json"))) == KEEP_VERSIONS + 3
    assert len(list((repo / "targets").rglob("*.zip"))) == KEEP_VERSIONS + 3
