"""A kiosk following a feed served by a real nginx on 127.0.0.1: install, refuse, keep the last good bundle."""

from __future__ import annotations

import argparse
import json
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.feed import installed_bundle
from kiosk.feed.commands import add_update_arguments, cmd_update
from kiosk.feed.fetchers import HttpFetcher
from kiosk.feed.notices import current_notice
from kiosk.feed.packing import pack_bundle
from kiosk.feed.publish import Repository, clear_notice, publish_bundle, publish_notice, rotate_key
from kiosk.feed.update import Outcome, last_check, update_once
from tests.bundles import minimal_manifest

TEST_SECONDS = 20  # each test's bound; the slow server is given up far sooner


@pytest.fixture
def kiosk(tmp_path):
    return tmp_path / "kiosk-data"


@pytest.fixture
def keys(tmp_path):
    return tmp_path / "keys"


def trust_of(repo):
    return repo / "metadata" / "1.root.json"


def quick():
    return HttpFetcher(connect_timeout=2, socket_timeout=2, deadline=3)


def test_update_installs_the_published_bundle_then_finds_it_current(feed_server, deck, kiosk, keys):
    bundle = deck()
    publish_bundle(bundle, feed_server.repo, keys)
    first = update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    assert first.outcome is Outcome.INSTALLED, first.describe()
    assert installed_bundle(kiosk) == kiosk / "feed" / "current.zip"
    assert installed_bundle(kiosk).read_bytes() == pack_bundle(bundle)
    second = update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    assert second.outcome is Outcome.CURRENT
    assert last_check(kiosk)["outcome"] == "current"


def test_a_new_publish_is_installed_and_the_previous_bundle_kept(feed_server, deck, kiosk, keys):
    publish_bundle(deck("第一版"), feed_server.repo, keys)
    update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    publish_bundle(deck("第二版"), feed_server.repo, keys)
    result = update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    assert result.outcome is Outcome.INSTALLED
    assert (kiosk / "feed" / "previous.zip").read_bytes() == pack_bundle(deck("第一版"))
    assert (kiosk / "feed" / "current.zip").read_bytes() == pack_bundle(deck("第二版"))


def test_a_tampered_target_is_refused_and_the_last_good_bundle_stays(feed_server, deck, kiosk, keys):
    publish_bundle(deck("第一版"), feed_server.repo, keys)
    update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    good = (kiosk / "feed" / "current.zip").read_bytes()
    publish_bundle(deck("第二版"), feed_server.repo, keys)
    repository = Repository.open(feed_server.repo, keys)
    served = repository.target_file("bundle.zip")
    data = bytearray(served.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit flipped on the mirror
    served.write_bytes(bytes(data))
    result = update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    assert result.outcome is Outcome.REFUSED and result.reason.code == "tampered", result.describe()
    assert "篡改" in result.reason.zh
    assert (kiosk / "feed" / "current.zip").read_bytes() == good
    assert last_check(kiosk)["reason"]["code"] == "tampered"


def test_rollback_to_older_metadata_is_refused(feed_server, deck, kiosk, keys):
    publish_bundle(deck("第一版"), feed_server.repo, keys)
    old_timestamp = (feed_server.repo / "metadata" / "timestamp.json").read_bytes()
    publish_bundle(deck("第二版"), feed_server.repo, keys)
    update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    good = (kiosk / "feed" / "current.zip").read_bytes()
    (feed_server.repo / "metadata" / "timestamp.json").write_bytes(old_timestamp)  # a stale mirror replays v1
    result = update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    assert result.outcome is Outcome.REFUSED and result.reason.code == "rollback", result.describe()
    assert (kiosk / "feed" / "current.zip").read_bytes() == good


def test_expired_metadata_is_refused(feed_server, deck, kiosk, keys):
    long_ago = datetime.now(UTC) - timedelta(days=2)  # the timestamp lived one day: it is over
    publish_bundle(deck(), feed_server.repo, keys, now=long_ago)
    result = update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    assert result.outcome is Outcome.REFUSED and result.reason.code == "expired", result.describe()
    assert "--refresh" in result.reason.zh
    assert installed_bundle(kiosk) is None


def test_a_slow_server_is_given_up_in_bounded_time(feed_server, deck, kiosk, keys):
    publish_bundle(deck(), feed_server.repo, keys)
    started = time.monotonic()
    result = update_once(
        feed_server.slow_url,
        trust_of(feed_server.repo),
        None,
        kiosk,
        fetcher=HttpFetcher(connect_timeout=2, socket_timeout=2, deadline=1),
    )
    assert result.outcome is Outcome.REFUSED and result.reason.code == "slow", result.describe()
    assert result.transient
    assert time.monotonic() - started < TEST_SECONDS / 2
    assert installed_bundle(kiosk) is None


def test_a_connection_dropped_mid_file_installs_nothing(dropping_server, deck, kiosk, keys):
    url, repo = dropping_server
    publish_bundle(deck(), repo, keys)
    result = update_once(url, trust_of(repo), None, kiosk, fetcher=quick())
    assert result.outcome is Outcome.REFUSED, result.describe()
    assert result.reason.code in ("interrupted", "tampered")
    assert installed_bundle(kiosk) is None
    assert not list((kiosk / "feed" / "download").iterdir())  # no half file left behind


def test_a_server_error_is_refused_as_transient(feed_server, deck, kiosk, keys):
    publish_bundle(deck(), feed_server.repo, keys)
    result = update_once(feed_server.broken_url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    assert result.outcome is Outcome.REFUSED and result.reason.code == "server-error", result.describe()
    assert result.transient


def test_offline_is_refused_as_transient(feed_server, deck, kiosk, keys, tmp_path):
    from tests.feed.conftest import free_port

    publish_bundle(deck(), feed_server.repo, keys)
    nobody = f"http://127.0.0.1:{free_port()}/"
    result = update_once(nobody, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    assert result.outcome is Outcome.REFUSED and result.reason.code == "offline", result.describe()
    assert result.transient


def test_a_hall_gets_its_own_bundle_and_the_others_the_common_one(feed_server, deck, tmp_path, keys):
    publish_bundle(deck("全省"), feed_server.repo, keys)
    publish_bundle(deck("济南"), feed_server.repo, keys, halls=["jinan-01"])
    jinan = update_once(feed_server.url, trust_of(feed_server.repo), "jinan-01", tmp_path / "jinan", fetcher=quick())
    qingdao = update_once(feed_server.url, trust_of(feed_server.repo), "qingdao-01", tmp_path / "qd", fetcher=quick())
    assert (jinan.target, qingdao.target) == ("halls/jinan-01/bundle.zip", "bundle.zip")
    assert installed_bundle(tmp_path / "jinan").read_bytes() == pack_bundle(deck("济南"))
    assert installed_bundle(tmp_path / "qd").read_bytes() == pack_bundle(deck("全省"))


def test_notices_are_received_and_withdrawn(feed_server, deck, kiosk, keys):
    publish_bundle(deck(), feed_server.repo, keys)
    publish_notice(feed_server.repo, keys, "今日下午闭馆维护", datetime.now(UTC) + timedelta(hours=2))
    result = update_once(feed_server.url, trust_of(feed_server.repo), "jinan-01", kiosk, fetcher=quick())
    assert result.notice.state == "received"
    assert current_notice(kiosk).text == "今日下午闭馆维护"
    publish_notice(feed_server.repo, keys, "济南馆明日开放", datetime.now(UTC) + timedelta(hours=2), halls=["jinan-01"])
    update_once(feed_server.url, trust_of(feed_server.repo), "jinan-01", kiosk, fetcher=quick())
    assert current_notice(kiosk).text == "济南馆明日开放"  # the hall's own notice before the common one
    clear_notice(feed_server.repo, keys, halls=["jinan-01"])
    clear_notice(feed_server.repo, keys)
    result = update_once(feed_server.url, trust_of(feed_server.repo), "jinan-01", kiosk, fetcher=quick())
    assert result.notice.state == "cleared" and current_notice(kiosk) is None
    assert not (kiosk / "feed" / "notice.json").exists()


def test_an_expired_notice_is_taken_down(feed_server, deck, kiosk, keys):
    publish_bundle(deck(), feed_server.repo, keys)
    publish_notice(feed_server.repo, keys, "短暂通知", datetime.now(UTC) + timedelta(seconds=1))
    update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    later = datetime.now(UTC) + timedelta(seconds=5)
    assert current_notice(kiosk, now=later) is None
    result = update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick(), now=later)
    assert result.notice.state == "expired" and not (kiosk / "feed" / "notice.json").exists()


def test_a_signed_bundle_the_gate_refuses_is_not_installed(feed_server, make_bundle, kiosk, keys, deck):
    publish_bundle(deck(), feed_server.repo, keys)
    manifest = minimal_manifest()
    manifest["cards"][0]["headline"] = "99万个"
    repository = Repository.open(feed_server.repo, keys)
    repository.set_target("bundle.zip", pack_bundle(make_bundle(manifest)))  # signed, but not valid
    repository.commit(now=datetime.now(UTC).replace(microsecond=0))
    result = update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    assert result.outcome is Outcome.REFUSED and result.reason.code == "invalid-bundle", result.describe()
    assert installed_bundle(kiosk) is None


def test_a_rotated_timestamp_key_is_followed(feed_server, deck, kiosk, keys):
    publish_bundle(deck("第一版"), feed_server.repo, keys)
    update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    rotate_key(feed_server.repo, keys, "timestamp")
    publish_bundle(deck("第二版"), feed_server.repo, keys)
    result = update_once(feed_server.url, trust_of(feed_server.repo), None, kiosk, fetcher=quick())
    assert result.outcome is Outcome.INSTALLED, result.describe()


def test_update_from_a_local_folder_verifies_the_same_way(deck, kiosk, keys, tmp_path):
    stick = tmp_path / "usb" / "feed"
    publish_bundle(deck(), stick, keys)
    result = update_once(stick, trust_of(stick), None, kiosk)
    assert result.outcome is Outcome.INSTALLED, result.describe()
    target = Repository.open(stick, keys).target_file("bundle.zip")
    target.write_bytes(target.read_bytes()[:-1] + b"\0")
    publish_bundle(deck("新"), stick, keys)
    Repository.open(stick, keys).target_file("bundle.zip").write_bytes(b"not the signed bundle")
    refused = update_once(stick, trust_of(stick), None, kiosk)
    assert refused.outcome is Outcome.REFUSED and refused.reason.code == "tampered"


def test_a_different_trusted_root_is_refused(feed_server, deck, kiosk, keys, tmp_path):
    publish_bundle(deck(), feed_server.repo, keys)
    other = tmp_path / "other"
    publish_bundle(deck(), other, tmp_path / "other-keys")
    result = update_once(feed_server.url, trust_of(other), None, kiosk, fetcher=quick())
    assert result.outcome is Outcome.REFUSED and result.reason.code == "bad-signature", result.describe()


def _update_args(argv):
    parser = argparse.ArgumentParser()
    add_update_arguments(parser)
    return parser.parse_args(argv)


def test_update_command_exit_codes(feed_server, deck, kiosk, keys, tmp_path, monkeypatch):
    monkeypatch.setenv("UNION_KIOSK_HOME", str(tmp_path / "home"))
    publish_bundle(deck(), feed_server.repo, keys)
    trust = str(trust_of(feed_server.repo))
    lines = []
    argv = ["--feed", feed_server.url, "--trust", trust, "--data", str(kiosk)]
    assert cmd_update(_update_args(argv), out=lines.append, err=lines.append) == 0
    assert cmd_update(_update_args([*argv, "--json"]), out=lines.append, err=lines.append) == 0
    assert json.loads(lines[-1])["outcome"] == "current"
    errors = []
    bad = ["--feed", feed_server.broken_url, "--trust", trust, "--data", str(kiosk)]
    assert cmd_update(_update_args(bad), out=lines.append, err=errors.append) == 1
    assert errors[0].startswith("✗ 没有更新")
    assert cmd_update(_update_args(["--data", str(kiosk)]), out=lines.append, err=errors.append) == 2
    usb = ["--from", str(feed_server.repo), "--trust", trust, "--data", str(tmp_path / "k2")]
    assert cmd_update(_update_args(usb), out=lines.append, err=lines.append) == 0


def test_nginx_serves_metadata_and_targets_with_their_types_and_caching(feed_server, deck, keys):
    publish_bundle(deck(), feed_server.repo, keys)
    with urllib.request.urlopen(feed_server.url + "metadata/timestamp.json", timeout=5) as answer:
        assert answer.headers["Content-Type"].startswith("application/json")
        assert answer.headers["Cache-Control"] == "no-cache"
    target = Repository.open(feed_server.repo, keys).target_file("bundle.zip")
    with urllib.request.urlopen(f"{feed_server.url}targets/{target.name}", timeout=5) as answer:
        assert answer.headers["Content-Type"] == "application/zip"
        assert "immutable" in answer.headers["Cache-Control"]
    for path in ("", ".publish.lock", "metadata/.timestamp.json.tmp"):
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(feed_server.url + path, timeout=5)
        assert missing.value.code == 404


def test_nginx_takes_reports_by_put_and_nothing_else(feed_server):
    put = urllib.request.Request(feed_server.url + "reports/jinan-01/status.json", data=b'{"ok": true}', method="PUT")
    with urllib.request.urlopen(put, timeout=5) as answer:
        assert answer.status in (201, 204)
    assert (feed_server.reports / "jinan-01" / "status.json").read_bytes() == b'{"ok": true}'
    with urllib.request.urlopen(feed_server.url + "reports/jinan-01/status.json", timeout=5) as answer:
        assert answer.read() == b'{"ok": true}'
    for path, method in (("metadata/timestamp.json", "PUT"), ("reports/jinan-01/status.json", "DELETE")):
        request = urllib.request.Request(feed_server.url + path, data=b"x", method=method)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code in (403, 405)
    too_big = urllib.request.Request(feed_server.url + "reports/big.csv", data=b"x" * (3 * 1024 * 1024), method="PUT")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(too_big, timeout=5)
    assert refused.value.code == 413
