"""PDF text comes out page by page; encrypted and broken PDFs are refused with a reason."""

import io

import pytest
from pypdf import PdfReader, PdfWriter

from watchfloor.errors import ReadError
from watchfloor.read.pdf import read_pdf


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal valid PDF (Helvetica text, one line per string), built byte by byte."""
    objects: list[bytes] = []
    page_ids = []
    font_id = 3
    next_id = 4
    for lines in pages:
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content_id, page_id = next_id, next_id + 1
        next_id += 2
        objects.append((content_id, b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"))
        objects.append((page_id, (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>").encode()))
        page_ids.append(page_id)
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objects.append((1, b"<< /Type /Catalog /Pages 2 0 R >>"))
    objects.append((2, f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()))
    objects.append((3, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"))
    info_id = None
    if title:
        info_id = next_id
        objects.append((info_id, f"<< /Title ({title}) /CreationDate (D:20231105093000Z) >>".encode()))
        next_id += 1
    objects.sort()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for obj_id, body in objects:
        offsets[obj_id] = out.tell()
        out.write(b"%d 0 obj\n" % obj_id + body + b"\nendobj\n")
    xref = out.tell()
    count = max(offsets) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % count)
    for obj_id in range(1, count):
        out.write(b"%010d 00000 n \n" % offsets[obj_id])
    trailer = f"trailer\n<< /Size {count} /Root 1 0 R" + (f" /Info {info_id} 0 R" if info_id else "") + " >>\n"
    out.write(trailer.encode() + b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def test_text_per_page_joined_with_blank_lines():
    pdf = make_pdf([["Situation report 12", "Convoy seen near Al-Qaim."],
                    ["Page two: drones over Deir ez-Zor."]], title="SITREP 12")
    result = read_pdf(pdf)
    assert result.pages == 2
    assert "Situation report 12\nConvoy seen near Al-Qaim." in result.text
    assert "Al-Qaim.\n\nPage two: drones over Deir ez-Zor." in result.text
    assert result.title == "SITREP 12"
    assert result.published_at is not None and result.published_at.year == 2023


def test_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["secret text"]]))))
    writer.encrypt(user_password="s3cret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ReadError, match="encrypted PDF") as err:
        read_pdf(buf.getvalue())
    assert "password" in err.value.hint


def test_pdf_with_empty_user_password_is_read():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["open to all"]]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    assert "open to all" in read_pdf(buf.getvalue()).text


@pytest.mark.parametrize("body", [
    b"%PDF-1.4\n garbage without objects",
    b"not a pdf at all",
    b"",
])
def test_broken_pdf_is_refused(body):
    with pytest.raises(ReadError):
        read_pdf(body)


def test_truncated_pdf_is_refused_or_read_never_crashes():
    pdf = make_pdf([["first page text"], ["second page text"]])
    for cut in range(20, len(pdf), 37):
        try:
            read_pdf(pdf[:cut])
        except ReadError:
            pass


def test_pdf_without_text_layer():
    with pytest.raises(ReadError, match="no text layer"):
        read_pdf(make_pdf([[]]))
