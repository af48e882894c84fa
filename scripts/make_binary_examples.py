"""Write the .docx and .pdf example documents from texts written here.

The reader must handle Word tables (the header laid out in two columns, task
tables in appendices) and PDF text layers; these two files exercise both.
Needs python-docx (a dependency) and fpdf2 (`pip install fpdf2`, only for this
script) with the DejaVu fonts of Debian's fonts-dejavu-core.
"""

from __future__ import annotations

from pathlib import Path

import docx
from fpdf import FPDF

EXAMPLES = Path(__file__).resolve().parent.parent / "lineage" / "examples"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

PLAN_BODY = [
    "Căn cứ Nghị quyết số 153/NQ-CP ngày 31/5/2025 của Chính phủ ban hành Chương trình hành động thực hiện "
    "Nghị quyết số 59-NQ/TW ngày 24/01/2025 của Bộ Chính trị về hội nhập quốc tế trong tình hình mới;",
    "Thực hiện Kế hoạch số 30-KH/TU ngày 15/9/2025 của Ban Thường vụ Tỉnh ủy Cà Mau về thực hiện "
    "Nghị quyết số 59-NQ/TW;",
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch hội nhập quốc tế về kinh tế năm 2026 như sau:",
    "I. MỤC TIÊU",
    "Nâng cao hiệu quả khai thác các hiệp định thương mại tự do, mở rộng thị trường xuất khẩu thủy sản.",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Các sở, ban, ngành, UBND các xã, phường căn cứ nhiệm vụ được giao tại Phụ lục kèm theo, "
    "xây dựng kế hoạch chi tiết và tổ chức thực hiện.",
    "2. Sở Ngoại vụ chủ trì, phối hợp với Sở Tài chính theo dõi, đôn đốc, định kỳ hằng quý báo cáo UBND tỉnh.",
]
TABLE = [
    ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
    [
        "1",
        "Tổ chức hội nghị phổ biến các FTA thế hệ mới cho doanh nghiệp thủy sản",
        "Sở Công Thương",
        "Sở Nông nghiệp và Môi trường",
        "Quý II/2026",
    ],
    [
        "2",
        "Xúc tiến xuất khẩu tôm sang thị trường Nhật Bản, Hàn Quốc",
        "Sở Nông nghiệp và Môi trường",
        "Sở Công Thương, Sở Ngoại vụ",
        "Trước 30/9/2026",
    ],
    ["3", "Thẩm định các thỏa thuận quốc tế của tỉnh", "Sở Tư pháp", "Sở Ngoại vụ, Công an tỉnh", "Thường xuyên"],
]


def plan_docx(out: Path) -> None:
    d = docx.Document()
    header = d.add_table(rows=3, cols=2)
    left = ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU", "Số: 24/KH-UBND"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Cà Mau, ngày 20 tháng 01 năm 2026"]
    for i in range(3):
        header.cell(i, 0).text = left[i]
        header.cell(i, 1).text = right[i]
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Hội nhập quốc tế về kinh tế của tỉnh Cà Mau năm 2026")
    for p in PLAN_BODY:
        d.add_paragraph(p)
    for p in [
        "Nơi nhận:",
        "- Bộ Ngoại giao (b/c);",
        "- Các sở, ban, ngành;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Lâm Văn Bi",
    ]:
        d.add_paragraph(p)
    d.add_paragraph("PHỤ LỤC")
    d.add_paragraph("NHIỆM VỤ CỤ THỂ (Kèm theo Kế hoạch số 24/KH-UBND ngày 20/01/2026 của UBND tỉnh)")
    table = d.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.save(out)


LETTER = """ỦY BAN NHÂN DÂN
TỈNH GIA LAI
Số: 1502/UBND-NC
V/v triển khai Thông báo số 88/TB-UBND
Gia Lai, ngày 29 tháng 4 năm 2026
Kính gửi:
- Sở Ngoại vụ;
- Bộ Chỉ huy Bộ đội Biên phòng tỉnh;
- UBND các xã biên giới.
Thực hiện Thông báo số 88/TB-UBND ngày 22/4/2026 của UBND tỉnh về kết luận của Chủ tịch UBND tỉnh tại cuộc
họp về công tác đối ngoại và hội nhập quốc tế quý I năm 2026, UBND tỉnh yêu cầu:
1. Sở Ngoại vụ chủ trì, phối hợp với Bộ Chỉ huy Bộ đội Biên phòng tỉnh xây dựng kế hoạch giao lưu hữu nghị với
tỉnh Ratanakiri (Campuchia), trình UBND tỉnh trước ngày 20/5/2026.
2. Bộ Chỉ huy Bộ đội Biên phòng tỉnh căn cứ chức năng, nhiệm vụ bảo đảm an ninh các hoạt động đối ngoại
tại khu vực biên giới.
Yêu cầu các cơ quan, đơn vị triển khai thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Rơ Mah Tuấn"""


def letter_pdf(out: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=12)
    pdf.multi_cell(0, 7, LETTER)
    pdf.output(str(out))


if __name__ == "__main__":
    plan_docx(EXAMPLES / "13_ubnd_camau_kh_phu_luc.docx")
    letter_pdf(EXAMPLES / "14_ubnd_gialai_cv.pdf")
