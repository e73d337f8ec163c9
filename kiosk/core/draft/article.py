"""An article read for drafting: its text, title, headings, paragraphs and sentences.

Sentences are kept in the form ``validate`` compares quotes in (section 8 of
docs/bundle-format.md): without whitespace, Markdown ``*`` and ``#`` and
thousands commas, with half-width punctuation as full-width.  A sentence cut
from that form is therefore always found in the source as ``validate`` reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# The same comparison form as kiosk.core.checks.provenance.normalise_source_text
# (tests/test_draft_finder.py holds the two together).
_FULLWIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})
_MARKUP = re.compile(r"[\s*#]+")
_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")

# A sentence ends after 。！？； (and any closing quotes or brackets that follow them).
_SENTENCE = re.compile(r"[^。！？；]*(?:[。！？；]+[”’」』）]*|$)")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
# 一、…  （一）…  第一部分 …: numbered headings of Chinese reports.
_NUMBERED_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+[部分章节])"
)
_SENTENCE_PUNCTUATION = re.compile(r"[。，；！？,;!?：:]")
_BYLINE = re.compile(r"(记者|通讯员|编辑|来源|供稿|整理|发布时间|发布日期|责任)")

MAX_SOURCE_BYTES = 4 * 1024 * 1024  # what validate reads of a source file
MAX_HEADING = 30


class ArticleError(Exception):
    """An article that cannot be read; ``message`` in Chinese, ``message_en`` beneath."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


def normalise(text: str) -> str:
    """``text`` as validate compares quotes: see the module's docstring."""
    return _THOUSANDS.sub("", _MARKUP.sub("", text)).translate(_FULLWIDTH)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a paragraph, in comparison form."""

    text: str
    paragraph: int  # index into Article.paragraphs
    index: int  # position in the article, from 0


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str  # as written, one line of the article
    heading: str  # the heading it stands under, "" before the first
    index: int


@dataclass(frozen=True, slots=True)
class Article:
    text: str  # exactly as read, to be copied into the bundle
    title: str
    headings: tuple[str, ...]  # section headings, the title left out
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]


def read_text(path: Path) -> str:
    """The article at ``path`` as text: UTF-8 (a BOM is fine) or GB18030, or a Word .docx."""
    if path.suffix.lower() == ".docx":
        return _read_docx(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"读不了文章“{path}”：{exc.strerror or exc}。", f"cannot read {path}: {exc}") from exc
    if len(data) > MAX_SOURCE_BYTES:
        raise ArticleError(
            f"文章“{path}”超过 4 MB，数据包的原文最多 4 MB。", f"{path} is larger than the 4 MB a source file may have"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ArticleError(
        f"文章“{path}”不是 UTF-8 或 GB18030 编码的文字。请另存为 UTF-8 文本再试。",
        f"{path} is neither UTF-8 nor GB18030 text",
    )


def _read_docx(path: Path) -> str:
    try:
        import docx  # type: ignore[import-not-found,unused-ignore]  # python-docx, optional
    except ImportError as exc:
        raise ArticleError(
            "读 Word 文件需要 python-docx（pip install python-docx）；或者把文章另存为 .txt 再试。",
            "reading .docx needs python-docx; or save the article as .txt",
        ) from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise ArticleError(
            f"读不了 Word 文件“{path}”：文件可能已损坏。", f"cannot read {path} as .docx: {exc}"
        ) from exc
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = str(paragraph.text).strip()
        if not text:
            continue
        style = str(getattr(paragraph.style, "name", "") or "")
        level = style.removeprefix("Heading").strip() if style.startswith("Heading") else ""
        if style == "Title":
            level = "1"
        lines.append("#" * int(level) + " " + text if level.isdigit() else text)
    return "\n\n".join(lines) + "\n"


def _is_plain_heading(line: str) -> bool:
    """A line that reads as a heading without Markdown: short, no sentence punctuation, not a byline."""
    if _BYLINE.search(line) or len(line) > MAX_HEADING:
        return False
    if _NUMBERED_HEADING.match(line):
        return not re.search(r"[。；！？]", line)
    return 4 <= len(line) <= 20 and not _SENTENCE_PUNCTUATION.search(line) and not re.search(r"[0-9]", line)


def parse_article(text: str) -> Article:
    """Title, headings, paragraphs and sentences of ``text`` (plain text or Markdown)."""
    title = ""
    heading = ""
    headings: list[str] = []
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("<!--"):  # an HTML comment: a note about the file, not the article
            continue
        line = line.lstrip("> ").strip()  # a Markdown quotation is read as a paragraph
        if not line:
            continue
        markdown = _MARKDOWN_HEADING.match(line)
        if markdown or _is_plain_heading(line):
            words = re.sub(r"\s+", " ", markdown.group(2) if markdown else line).strip(" *")
            if not words:
                continue
            if not title and not paragraphs:
                title = words
                continue
            heading = words[:MAX_HEADING]
            headings.append(heading)
            continue
        paragraph = Paragraph(line, heading, len(paragraphs))
        paragraphs.append(paragraph)
        for piece in _SENTENCE.findall(line):
            compact = normalise(piece)
            if compact:
                sentences.append(Sentence(compact, paragraph.index, len(sentences)))
    return Article(text, title, tuple(headings), tuple(paragraphs), tuple(sentences))
