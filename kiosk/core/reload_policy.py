"""Whether changed content may go on screen now, or must wait.

"Stopped changing" is not "complete".  A copy cut short (a USB stick pulled
out, a network share gone, an editor that saved half a file) can leave a
manifest that is still a valid deck, only much shorter: the first 3,000 bytes
of the default bundle are a valid deck of two cards.  So a new deck that loses
much of what is on screen is *held*: it is not shown until it has stayed
unchanged for :data:`HOLD_S`, or staff confirm it.  A deck that grows, keeps
its size or loses a card or two shows at once, as before.

Qt-free: the reload watcher asks :meth:`ReloadPolicy.decide` and does what it says.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.core.model import Manifest

# An edit made on purpose fixes figures, or adds or removes a card or two; an
# interrupted copy cuts the manifest's tail off, cards in bulk and, since cards
# are written section by section, whole sections with them.  Losing more than a
# third of the deck, or more than five cards at once, is rare enough on
# purpose that a ten-minute wait (or one tap by staff) is a fair price for
# never showing a cut copy to visitors.
MAX_LOST_SHARE = 1 / 3  # of the cards on screen
MAX_LOST_CARDS = 5
HOLD_S = 10 * 60  # held content shows by itself after staying unchanged this long
SECTION_NAMES_SHOWN = 3  # a reason names at most this many lost sections


class Verdict(enum.Enum):
    SHOW = "show"
    HOLD = "hold"


@dataclass(frozen=True)
class Decision:
    """SHOW, or HOLD with why: ``reason`` for staff, ``reason_en`` for the log."""

    verdict: Verdict
    reason: str = ""
    reason_en: str = ""

    @property
    def held(self) -> bool:
        return self.verdict is Verdict.HOLD


SHOW = Decision(Verdict.SHOW)


def _sections_with_cards(manifest: Manifest) -> dict[str, int]:
    counts: dict[str, int] = {}
    for card in manifest.cards:
        counts[card.section] = counts.get(card.section, 0) + 1
    return counts


def lost_sections(current: Manifest, candidate: Manifest) -> list[str]:
    """Ids of the sections that have cards on screen and none in ``candidate``.

    A new deck with sections of its own (another ``id``) has not lost the old
    deck's sections, it replaced them: then only sections it still lists, but
    left empty, count as lost.
    """
    before, after = _sections_with_cards(current), _sections_with_cards(candidate)
    listed = {s.id for s in candidate.sections}
    same_deck = candidate.id == current.id
    return [s for s in before if s not in after and (same_deck or s in listed)]


def section_title(current: Manifest, candidate: Manifest, section_id: str) -> str:
    section = current.section(section_id) or candidate.section(section_id)
    return section.title if section is not None else section_id


class ReloadPolicy:
    """The rule for changed content: SHOW, or HOLD(reason) until it has waited long enough."""

    def __init__(
        self,
        *,
        hold_s: float = HOLD_S,
        max_lost_share: float = MAX_LOST_SHARE,
        max_lost_cards: int = MAX_LOST_CARDS,
    ) -> None:
        self.hold_s = hold_s
        self.max_lost_share = max_lost_share
        self.max_lost_cards = max_lost_cards

    def judge(self, current: Manifest | None, candidate: Manifest) -> Decision:
        """SHOW, or HOLD when ``candidate`` loses a large share of ``current``'s cards or a whole section."""
        if current is None or not current.cards:
            return SHOW
        now, new = len(current.cards), len(candidate.cards)
        lost = now - new
        if lost > self.max_lost_cards or lost > now * self.max_lost_share:
            return Decision(
                Verdict.HOLD,
                f"新内容只有 {new} 张卡片（现在 {now} 张）",
                f"it has {new} cards where {now} are on screen",
            )
        gone = lost_sections(current, candidate)
        if gone:
            quoted = [f"“{section_title(current, candidate, s)}”" for s in gone]
            if len(quoted) > SECTION_NAMES_SHOWN:
                names = "、".join(quoted[:SECTION_NAMES_SHOWN]) + f"等 {len(gone)} 个栏目"
            else:
                names = "栏目" + "、".join(quoted)
            return Decision(
                Verdict.HOLD,
                f"新内容缺少{names}的全部卡片",
                f"it has no cards in section(s) {', '.join(gone)}, which are on screen",
            )
        return SHOW

    def decide(self, current: Manifest | None, candidate: Manifest, *, unchanged_since: float, now: float) -> Decision:
        """What to do with ``candidate``, unchanged on disk since ``unchanged_since``, at ``now``.

        Held content shows once it has stayed unchanged for ``hold_s``: a
        shorter deck left alone that long was meant.
        """
        decision = self.judge(current, candidate)
        if decision.held and now - unchanged_since >= self.hold_s:
            return SHOW
        return decision

    def notice(self, decision: Decision) -> str:
        """What the staff pages say about held content."""
        return f"{decision.reason}，已暂缓：若 {minutes_text(self.hold_s)}内不再变化将自动采用，或在此确认"


def minutes_text(seconds: float) -> str:
    """``10 分钟``; ``90 秒`` below two minutes (tests use short holds)."""
    if seconds >= 120 or (seconds >= 60 and seconds % 60 == 0):
        return f"{round(seconds / 60)} 分钟"
    return f"{round(seconds)} 秒"
