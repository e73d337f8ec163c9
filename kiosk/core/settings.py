"""This machine's own settings (``kiosk.yaml``) and where it left off (``state.json``, ``pin-lock.json``).

Not the bundle: the bundle says what to show and travels between kiosks; these
say how this one kiosk runs — the staff PIN, opening hours, which bundle.

A kiosk must come up even when someone broke its config by hand, so loading
never raises: each broken item is logged with what to do and falls back to
its default, and a file that is not YAML at all gives the defaults.  Writes
go to a temporary file and replace the old one, so a power cut leaves the old
file or the new one, never half of each.  ``kiosk.yaml`` holds the PIN's hash:
it and its folder are for their owner only (0600 and 0700).
"""

from __future__ import annotations

import json
import logging
import math
import os
import stat
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.core import places
from kiosk.core.pin import PinLock, PinLockDamagedError, PinRecord, record_problem
from kiosk.core.schedule import OpeningHours, ScheduleError

log = logging.getLogger(__name__)

SETTINGS_FILE = "kiosk.yaml"
STATE_FILE = "state.json"
PIN_LOCK_FILE = "pin-lock.json"
OWNER_ONLY_FOLDER = 0o700
OWNER_ONLY_FILE = 0o600
SETTINGS_HEADER = "# union-kiosk 本机设置 / this kiosk's settings。管理密码（PIN）请用 union-kiosk set-pin 设置。\n"


class ClosedScreen(StrEnum):
    """What the screen shows outside opening hours."""

    DARK = "dark"  # black: saves the panel and the power bill
    CARD = "card"  # a card saying when the kiosk opens again


class SettingsError(Exception):
    """The settings file cannot be updated without losing what is in it."""


@dataclass(frozen=True)
class Settings:
    pin: PinRecord | None = None  # None: no PIN set yet
    opening_hours: OpeningHours | None = None  # None: the bundle's hours, else always open
    closed_screen: ClosedScreen = ClosedScreen.DARK
    bundle: Path | None = None  # None: the bundle that ships with the kiosk

    def as_dict(self) -> dict[str, object]:
        """The YAML form, leaving out what is unset."""
        data: dict[str, object] = {}
        if self.pin is not None:
            data["pin"] = dict(self.pin)
        if self.opening_hours is not None and not self.opening_hours.always:
            data["opening_hours"] = self.opening_hours.as_dict()
        data["closed_screen"] = self.closed_screen.value
        if self.bundle is not None:
            data["bundle"] = str(self.bundle)
        return data


def settings_path() -> Path:
    return places.config_dir() / SETTINGS_FILE


def parse_settings(data: object, *, base: Path | None = None) -> tuple[Settings, list[str]]:
    """Settings from loaded YAML, and every problem found; a broken item keeps its default.

    ``base`` is the folder a relative ``bundle`` path is read from.
    """
    if data is None:
        return Settings(), []
    if not isinstance(data, Mapping):
        return Settings(), ["文件顶层应为“设置项: 值”的表 / the top level must be a mapping"]
    problems: list[str] = []
    # "feed" and "reports" are read by kiosk.feed (the content feed this kiosk follows, where it reports).
    known = ("pin", "opening_hours", "closed_screen", "bundle", "feed", "reports")
    problems.extend(f"未知设置项“{key}”（可用：{'、'.join(known)}），已忽略" for key in data if key not in known)

    pin: PinRecord | None = None
    if data.get("pin") is not None:
        problem = record_problem(data["pin"])
        if problem is None:
            raw = data["pin"]
            pin = PinRecord(
                algorithm=raw["algorithm"], iterations=raw["iterations"], salt=raw["salt"], hash=raw["hash"]
            )
            if raw.get("min_digits") is not None:
                pin["min_digits"] = raw["min_digits"]
        else:
            problems.append(f"pin：{problem}。管理密码已失效，请重新运行 union-kiosk set-pin")

    hours: OpeningHours | None = None
    if data.get("opening_hours") is not None:
        try:
            hours = OpeningHours.parse(data["opening_hours"])
        except ScheduleError as exc:
            problems.extend(f"opening_hours：{p}（按一直开放处理）" for p in exc.problems)

    closed_screen = ClosedScreen.DARK
    if data.get("closed_screen") is not None:
        try:
            closed_screen = ClosedScreen(str(data["closed_screen"]).strip().lower())
        except ValueError:
            choices = "、".join(c.value for c in ClosedScreen)
            problems.append(f"closed_screen：应为 {choices} 之一，不是“{data['closed_screen']}”")

    bundle: Path | None = None
    if data.get("bundle") is not None:
        if isinstance(data["bundle"], str) and data["bundle"].strip():
            bundle = Path(data["bundle"].strip()).expanduser()
            if not bundle.is_absolute() and base is not None:
                bundle = base / bundle
        else:
            problems.append("bundle：应为数据包文件夹或 .zip 的路径（用引号括起来）")

    return Settings(pin=pin, opening_hours=hours, closed_screen=closed_screen, bundle=bundle), problems


def _read_yaml(path: Path) -> object:
    """The file's YAML; raises ``OSError``, ``UnicodeDecodeError`` or ``yaml.YAMLError``."""
    import yaml  # ~20 ms: only when a file is actually read

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_settings(path: Path | None = None) -> Settings:
    """This kiosk's settings; defaults for whatever is missing or broken (logged, never raised)."""
    import yaml

    path = path or settings_path()
    try:
        data = _read_yaml(path)
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        log.error(
            "设置文件 %s 无法读取，全部使用默认设置。请修正或删除它。/ unreadable settings, using defaults: %s",
            path,
            exc,
        )
        return Settings()
    settings, problems = parse_settings(data, base=path.parent)
    if problems:
        log.error(
            "设置文件 %s 有 %d 个问题，这些项使用默认值 / using defaults for broken settings:\n  %s",
            path,
            len(problems),
            "\n  ".join(problems),
        )
    return settings


def _dump(data: Mapping[str, object]) -> str:
    import yaml

    text: str = yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False)
    return SETTINGS_HEADER + text


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    path = path or settings_path()
    _write_owner_only(path, _dump(settings.as_dict()))
    return path


def store_pin(record: PinRecord, path: Path | None = None) -> Path:
    """Put a new PIN into the settings file, keeping every other setting as it is (comments are lost).

    Raises :class:`SettingsError` when the file is there but not readable YAML:
    overwriting it would throw away the rest of the staff's setup.
    """
    import yaml

    path = path or settings_path()
    data: Any
    try:
        data = _read_yaml(path)
    except FileNotFoundError:
        data = None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SettingsError(f"设置文件 {path} 无法读取，请先修正或删除它：{exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SettingsError(f"设置文件 {path} 的顶层不是“设置项: 值”的表，请先修正或删除它")
    data["pin"] = dict(record)
    _write_owner_only(path, _dump(data))
    return path


def _write_owner_only(path: Path, text: str) -> None:
    """Write the settings file, its folder closed to other users: the file holds the PIN's hash.

    A folder that already existed with looser permissions is tightened.  On
    Windows ``chmod`` only sets read-only, so this is left to the profile's ACLs.
    """
    folder = path.parent
    folder.mkdir(mode=OWNER_ONLY_FOLDER, parents=True, exist_ok=True)
    if os.name != "nt" and stat.S_IMODE(folder.stat().st_mode) != OWNER_ONLY_FOLDER:
        try:
            folder.chmod(OWNER_ONLY_FOLDER)
        except OSError as exc:  # not ours (say, made by root): the file itself is still 0600
            log.warning(
                "无法把设置文件夹 %s 设为仅本人可读 / cannot make the settings folder owner-only: %s", folder, exc
            )
    write_atomically(path, text)


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: readers see the old file or the new one."""
    import tempfile  # pulls in shutil, bz2, lzma: only when something is written

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        if os.name != "nt":  # mkstemp's 0600 already, said rather than assumed; the replace keeps it
            os.fchmod(fd, OWNER_ONLY_FILE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- resume state


@dataclass(frozen=True)
class ResumeState:
    """The card on screen when the kiosk last wrote it: where to start after a restart."""

    bundle_id: str
    card_id: str
    saved_at: float  # UTC epoch seconds


def state_path() -> Path:
    return places.data_dir() / STATE_FILE


def save_state(
    bundle_id: str, card_id: str, *, path: Path | None = None, clock: Callable[[], float] = time.time
) -> ResumeState:
    """Remember the card on screen.  A failed write is logged: the show goes on without it."""
    state = ResumeState(bundle_id=bundle_id, card_id=card_id, saved_at=clock())
    text = json.dumps({"bundle_id": bundle_id, "card_id": card_id, "saved_at": state.saved_at}, ensure_ascii=False)
    try:
        write_atomically(path or state_path(), text + "\n")
    except OSError as exc:
        log.warning("无法保存播放位置 / cannot save the resume state: %s", exc)
    return state


def load_state(path: Path | None = None) -> ResumeState | None:
    """Where the kiosk was, or ``None`` when unknown (first start, or a damaged file: logged)."""
    path = path or state_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # ValueError covers bad JSON and bad UTF-8
        log.warning("播放位置文件 %s 已损坏，从第一张卡片开始 / ignoring damaged resume state: %s", path, exc)
        return None
    if not isinstance(data, dict):
        data = {}
    bundle_id, card_id, saved_at = data.get("bundle_id"), data.get("card_id"), data.get("saved_at")
    if not (
        isinstance(bundle_id, str) and isinstance(card_id, str) and isinstance(saved_at, int | float)
    ) or isinstance(saved_at, bool):
        log.warning("播放位置文件 %s 内容不完整，从第一张卡片开始 / ignoring incomplete resume state", path)
        return None
    return ResumeState(bundle_id=bundle_id, card_id=card_id, saved_at=float(saved_at))


# ---------------------------------------------------------------- the PIN lock


def pin_lock_path() -> Path:
    return places.data_dir() / PIN_LOCK_FILE


class PinLockFile:
    """Where :class:`~kiosk.core.pin.PinGate` keeps its count of wrong PINs and its lock.

    Beside the resume state in the data folder, written like it (in one step,
    owner only).  A missing file is a kiosk that never saw a wrong PIN; a
    damaged one raises :class:`~kiosk.core.pin.PinLockDamagedError` and the gate
    locks.
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = path

    @property
    def path(self) -> Path:
        return self._path or pin_lock_path()

    def load(self) -> PinLock | None:
        path: Path | str = self._path or PIN_LOCK_FILE
        try:
            path = self.path  # finding the data folder may fail as well
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:  # ValueError covers bad JSON and bad UTF-8
            raise PinLockDamagedError(f"{path}: {exc}") from exc
        failures = data.get("failures") if isinstance(data, dict) else None
        locked_until = data.get("locked_until") if isinstance(data, dict) else None
        if (
            not isinstance(failures, int)
            or isinstance(failures, bool)
            or failures < 0
            or not isinstance(locked_until, int | float)
            or isinstance(locked_until, bool)
            or not math.isfinite(locked_until)
            or locked_until < 0
        ):
            raise PinLockDamagedError(f"{path}: 内容不完整 / incomplete")
        return PinLock(failures=failures, locked_until=float(locked_until))

    def save(self, lock: PinLock) -> None:
        path = self.path
        text = json.dumps({"failures": lock.failures, "locked_until": lock.locked_until})
        write_atomically(path, text + "\n")
        if os.name != "nt":
            # The replace itself must reach the disk too: a plug pulled right after
            # a wrong PIN must not bring back the count from before it.
            folder = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
