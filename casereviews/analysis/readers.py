"""Read review documents (PDF, Word, HTML, Markdown, plain text) into plain text.

`read_document(path)` detects the real type from the file's first bytes (not only its
extension) and returns a `Document`. Anything that cannot be read raises `DocumentError` with a
message a person can act on ("is password-protected", "has no text layer", ...).

Pure Python plus pypdfium2 and python-docx; no Django.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from casereviews.analysis.segment import Section
from casereviews.analysis.textnorm import join_line_hyphens

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_EXTENSIONS",
    "Document",
    "DocumentError",
    "read_document",
]

#: Size cap for one document; override with the argument or CASEREVIEWS_MAX_DOCUMENT_MB.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024

#: Extensions the corpus walker picks up, and the kind each one claims to be.
SUPPORTED_EXTENSIONS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}

_KIND_LABEL = {
    "pdf": "a PDF",
    "docx": "a Word (.docx) document",
    "html": "an HTML page",
    "text": "a plain text file",
    "markdown": "a Markdown file",
}

PAGE_BREAK = "\n\f\n"
_TEXT_KINDS = {"html", "text", "markdown"}


@dataclass(frozen=True, slots=True)
class Document:
    """A document's text. `pages` is the page count for PDF, 1 for other kinds.

    `sections` are the document's own headings when its format has them (Markdown and HTML
    headings, Word heading styles, a PDF's outline), as offsets into `text`; None when it has
    none, and the engine then finds headings in the text itself. A PDF's pages are joined by
    PAGE_BREAK (a form feed on a line of its own), so an offset's page can be counted.
    """

    path: str
    kind: str
    text: str
    pages: int
    sections: tuple[Section, ...] | None = None


# Marks the start of a heading line while a reader builds its text; removed before returning.
HEADING_MARK = "\x00H"


def split_headings(marked: str) -> tuple[str, tuple[Section, ...] | None]:
    """The text without HEADING_MARKs, and a section for each marked line."""
    if HEADING_MARK not in marked:
        return marked, None
    out: list[str] = []
    heads: list[tuple[str, int, int]] = []
    pos = 0
    for line in marked.split("\n"):
        if line.startswith(HEADING_MARK):
            line = line[len(HEADING_MARK) :].strip()
            if line:
                heads.append((" ".join(line.split()), pos, pos + len(line)))
        line = line.replace(HEADING_MARK, "")
        out.append(line)
        pos += len(line) + 1
    text = "\n".join(out)
    sections = tuple(
        Section(title, start, end, heads[i + 1][1] if i + 1 < len(heads) else len(text))
        for i, (title, start, end) in enumerate(heads)
    )
    return text, sections or None


class DocumentError(Exception):
    """A document that cannot be read; `reason` completes the sentence "<path> ..."."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path} {reason}")


# --- type detection -----------------------------------------------------------------------------

_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old-format Office file (.doc/.xls) or a password-protected Office document",
    ),
    (b"{\\rtf", "a Rich Text (.rtf) file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x00\x00\x01\x00", "an icon image"),
]


def sniff(path: str | os.PathLike[str], head: bytes) -> str:
    """The real kind of a file from its first bytes: a kind of ours, or a description."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError):
            return "a damaged ZIP archive"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "an Excel workbook"
        if "ppt/presentation.xml" in names:
            return "a PowerPoint presentation"
        if any(n.startswith("word/") for n in names):
            return "docx"
        return "a ZIP archive"
    for magic, label in _MAGIC:
        if head.startswith(magic):
            return label
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a byte-order mark
    if b"\x00" in head:
        return "a binary file"
    probe = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html")) or b"<html" in probe[:512]:
        return "html"
    return "text"


def decode_text(data: bytes) -> str:
    """Bytes to str: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # cp1252 leaves 5 bytes undefined; those are dropped, so decoding never fails.
    return data.decode("cp1252", errors="replace").replace("\ufffd", "")


# --- readers by kind ----------------------------------------------------------------------------

_PDF_ERRORS = {
    1: "could not be read: PDFium reported an unknown error (the file may be damaged)",
    2: "could not be opened",
    3: "is not a valid PDF: it is damaged or truncated",
    4: "is password-protected: remove the password (or supply an unlocked copy) and try again",
    5: "uses an unsupported PDF security handler",
    6: "is damaged: a page could not be found",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")


@lru_cache(maxsize=1)
def framework_words() -> frozenset[str]:
    """The words of the default framework's phrases: a hyphenated line break that joins into
    one of them is a broken word ("escala-" "tion"), whatever else the document says."""
    from casereviews.analysis.taxonomy import default_taxonomy

    words: set[str] = set()
    for theme in default_taxonomy().themes:
        for phrase in (*theme.phrases, *theme.weak):
            words.update(w for w in re.findall(r"[^\W\d_]+", phrase.lower()) if len(w) > 3)
    return frozenset(words)


def _read_pdf(path: str) -> tuple[str, int]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(Path(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        raise DocumentError(path, _PDF_ERRORS.get(code, f"is not a readable PDF ({exc})")) from exc
    try:
        n = len(pdf)
        parts: list[str] = []
        for i in range(n):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                try:
                    parts.append(textpage.get_text_range())
                finally:
                    textpage.close()
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise DocumentError(path, f"is damaged: a page could not be read ({exc})") from exc
    finally:
        pdf.close()
    vocabulary = framework_words()
    parts = [
        _CONTROL.sub("", join_line_hyphens(p.replace("\r\n", "\n").replace("\r", "\n"), vocabulary))
        for p in parts
    ]
    text = PAGE_BREAK.join(parts)
    if not text.strip():
        raise DocumentError(path, "has no text layer; it may be a scanned image: run OCR first")
    return text, n


def pdf_page_count(path: str | os.PathLike[str]) -> int | None:
    """How many pages a PDF says it has, without reading them (opening it reads only its
    cross-reference table); None if it cannot be opened."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(Path(path))
    except pdfium.PdfiumError:
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


def _pdf_outline(path: str, text: str) -> tuple[Section, ...] | None:
    """Sections from a PDF's outline (bookmarks): each title found on the page it points to."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(Path(path))
    except pdfium.PdfiumError:
        return None
    try:
        marks = []
        for i, bm in enumerate(pdf.get_toc(max_depth=3)):
            if i >= 500:
                break
            dest = bm.get_dest()
            index = dest.get_index() if dest is not None else None
            title = " ".join((bm.get_title() or "").split())
            if title and index is not None:
                marks.append((index, title))
    except (pdfium.PdfiumError, ValueError, OSError):
        return None
    finally:
        pdf.close()
    if not marks:
        return None
    page_starts = [0]
    for m in re.finditer(re.escape(PAGE_BREAK), text):
        page_starts.append(m.end())
    found: list[tuple[int, int, str]] = []
    for index, title in marks:
        if index >= len(page_starts):
            continue
        lo = page_starts[index]
        hi = page_starts[index + 1] if index + 1 < len(page_starts) else len(text)
        words = [re.escape(w) for w in title.split()[:12]]
        m = re.compile(r"\s+".join(words), re.I).search(text, lo, hi) if words else None
        if m:
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            found.append((line_start, line_end if line_end >= 0 else len(text), title))
    found = sorted(set(found))
    if len(found) < 2:
        return None
    out = []
    for i, (start, end, title) in enumerate(found):
        if out and start < out[-1].heading_end:
            continue
        nxt = found[i + 1][0] if i + 1 < len(found) else len(text)
        out.append(Section(title, start, end, max(end, nxt)))
    fixed = [
        Section(
            s.title, s.start, s.heading_end, out[i + 1].start if i + 1 < len(out) else len(text)
        )
        for i, s in enumerate(out)
    ]
    return tuple(fixed)


def _read_docx(path: str) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(path)
        blocks: list[str] = []
        body = document.element.body
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                para = Paragraph(child, document)
                style = ""
                try:
                    style = (para.style.name or "") if para.style is not None else ""
                except (KeyError, ValueError, AttributeError):
                    style = ""
                heading = style.startswith(("Heading", "Title")) and para.text.strip()
                blocks.append(HEADING_MARK + para.text if heading else para.text)
            elif tag == "tbl":
                blocks.extend(_table_lines(Table(child, document)))
    except DocumentError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        reason = f"is not a readable Word document: it is damaged ({exc})"
        raise DocumentError(path, reason) from exc
    except Exception as exc:  # python-docx and lxml raise many kinds on broken XML
        raise DocumentError(path, f"is not a readable Word document ({exc})") from exc
    return "\n\n".join(b.strip() for b in blocks if b.strip())


def _table_lines(table) -> list[str]:  # noqa: ANN001 - python-docx Table
    """One line per table row, cells separated by " | " (merged cells once)."""
    lines = []
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            value = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if value:
                cells.append(value)
        if cells:
            lines.append(" | ".join(cells))
    return lines


_BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "math", "head", "object"}
_WS = re.compile(r"[ \t\r\n\f\v\u00a0]+")


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.pre = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _HEADINGS:
            self.out.append("\n\n" + HEADING_MARK)
        elif tag == "li":
            self.out.append("\n\u2022 ")
        elif tag == "br":
            self.out.append("\n")
        elif tag in _BLOCK_TAGS:
            self.out.append("\n\n" if tag in {"p", "table", "section", "article"} else "\n")
            if tag == "pre":
                self.pre += 1
        elif tag in {"td", "th"}:
            self.out.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCK_TAGS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _HEADINGS:
            self.out.append("\n\n")
        elif tag in _BLOCK_TAGS:
            self.out.append("\n")
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
        elif tag in {"td", "th"}:
            self.out.append(" | ")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.out.append(data if self.pre else _WS.sub(" ", data))


def _tidy(text: str) -> str:
    """Strip each line, drop runs of blank lines, trim the ends."""
    lines = [line.strip(" \t|") if "|" in line else line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_structure(markup: str) -> tuple[str, tuple[Section, ...] | None]:
    """Visible text of an HTML page, and its sections from the h1-h6 headings."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    return split_headings(_tidy("".join(parser.out).replace(HEADING_MARK + " ", HEADING_MARK)))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page: blocks and headings on their own lines, list items as
    bullets."""
    return html_structure(markup)[0]


_MD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^[ ]{0,3}(```|~~~).*$", re.M), ""),  # code fences (keep the code)
    (re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), HEADING_MARK + r"\1"),
    (re.compile(r"^([^\n\x00]+)\n[ ]{0,3}(?:=+|-+)[ \t]*$", re.M), HEADING_MARK + r"\1"),  # setext
    (re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$", re.M), ""),  # rules
    (re.compile(r"^[ ]{0,3}([*_][ \t]*){3,}$", re.M), ""),  # thematic breaks
    (re.compile(r"^[ ]{0,3}>[ ]?", re.M), ""),  # block quotes
    (re.compile(r"^([ \t]*)[-*+][ \t]+", re.M), "\\1\u2022 "),  # bullets as bullets
    (re.compile(r"^([ \t]*)(\d{1,9}[.)])[ \t]+", re.M), r"\1\2 "),  # numbered items
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> their text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"^[ ]{0,3}\[[^\]]+\]:[ \t]+\S+.*$", re.M), ""),  # link definitions
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)"), r"\1"),  # emphasis *x*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),  # emphasis _x_
    (re.compile(r"`([^`]*)`"), r"\1"),  # inline code
    (re.compile(r"<[A-Za-z/!][^>]*>"), ""),  # inline HTML tags
    # table separator rows
    (re.compile(r"^[ \t]*\|?([ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$", re.M), ""),
]


def markdown_structure(source: str) -> tuple[str, tuple[Section, ...] | None]:
    """Markdown with its markup lightly stripped, and its sections from the headings."""
    text = source.replace("\x00", "")
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return split_headings(_tidy(text))


def markdown_to_text(source: str) -> str:
    """Markdown with its markup lightly stripped; heading text kept as its own line."""
    return markdown_structure(source)[0]


# --- entry point --------------------------------------------------------------------------------


def _max_bytes(max_bytes: int | None) -> int:
    if max_bytes is not None:
        return max_bytes
    env = os.environ.get("CASEREVIEWS_MAX_DOCUMENT_MB")
    if env:
        try:
            return int(float(env) * 1024 * 1024)
        except ValueError:
            pass
    return DEFAULT_MAX_BYTES


def read_document(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Document:
    """Read one document into text; raise `DocumentError` if it cannot be read."""
    spath = str(path)
    limit = _max_bytes(max_bytes)
    try:
        st = os.stat(spath)
    except FileNotFoundError as exc:
        raise DocumentError(spath, "does not exist") from exc
    except OSError as exc:
        raise DocumentError(spath, f"cannot be opened ({exc.strerror})") from exc
    if not os.path.isfile(spath):
        raise DocumentError(spath, "is not a file")
    if st.st_size == 0:
        raise DocumentError(spath, "is empty (0 bytes)")
    if st.st_size > limit:
        raise DocumentError(
            spath,
            f"is too large ({st.st_size / 1048576:.0f} MB; the limit is {limit / 1048576:.0f} MB)",
        )
    try:
        with open(spath, "rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise DocumentError(spath, f"cannot be opened ({exc.strerror})") from exc

    claimed = SUPPORTED_EXTENSIONS.get(os.path.splitext(spath)[1].lower())
    real = sniff(spath, head)
    if real == "text" and claimed in _TEXT_KINDS:
        kind = claimed
    elif real in ("pdf", "docx", "html"):
        kind = real
    elif real == "text" and claimed is None:
        kind = "text"
    elif real == "text":
        raise DocumentError(
            spath, f"is not what its extension says: it is plain text, not {_KIND_LABEL[claimed]}"
        )
    elif claimed is not None:
        raise DocumentError(
            spath, f"is not what its extension says: it is {real}, not {_KIND_LABEL[claimed]}"
        )
    else:
        raise DocumentError(spath, f"is an unsupported type of file ({real})")

    pages = 1
    sections = None
    if kind == "pdf":
        text, pages = _read_pdf(spath)
        sections = _pdf_outline(spath, text)
    elif kind == "docx":
        text, sections = split_headings(_read_docx(spath))
    else:
        try:
            with open(spath, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise DocumentError(spath, f"cannot be read ({exc.strerror})") from exc
        raw = decode_text(data)
        if "\r" in raw:  # one search, not two replaces, for the usual text without any
            raw = raw.replace("\r\n", "\n").replace("\r", "\n")
        if kind == "html":
            text, sections = html_structure(raw.replace("\x00", ""))
        elif kind == "markdown":
            text, sections = markdown_structure(raw)
        else:
            text = raw
    if not text.strip():
        raise DocumentError(spath, "has no text in it")
    return Document(path=spath, kind=kind, text=text, pages=pages, sections=sections)
