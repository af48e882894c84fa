"""Reader throughput on a corpus of generated documents of 5-10 KB (one core).

    .venv/bin/python bench/extract.py [--docs 500]

Target: at least 200 documents per second.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lineage.loaders.reader import extract_text  # noqa: E402
from lineage.loaders.units import UnitTable  # noqa: E402

PROVINCES = ["Quảng Ninh", "Khánh Hòa", "Lâm Đồng", "Gia Lai", "Cà Mau", "Nghệ An", "Đồng Nai", "Hà Tĩnh"]
UNITS = [
    "Sở Ngoại vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Khoa học và Công nghệ",
    "Công an tỉnh",
    "Sở Nông nghiệp và Môi trường",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Y tế",
]
PARENTS = [
    "Nghị quyết số 59-NQ/TW ngày 24/01/2025 của Bộ Chính trị",
    "Chỉ thị số 56-CT/TW ngày 24/12/2025 của Ban Bí thư",
    "Nghị quyết số 153/NQ-CP ngày 31/5/2025 của Chính phủ",
    "Thông báo số 56/TB-VPCP ngày 31/01/2026 của Văn phòng Chính phủ",
]
FILLER = (
    "tăng cường hợp tác quốc tế trong các lĩnh vực ưu tiên, nâng cao hiệu quả thu hút đầu tư nước ngoài, "
    "bảo đảm thực chất, hiệu quả, phù hợp với chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước"
)


def document(rnd: random.Random, n: int) -> str:
    province = rnd.choice(PROVINCES)
    parent = rnd.choice(PARENTS)
    lines = [
        "ỦY BAN NHÂN DÂN",
        f"TỈNH {province.upper()}",
        f"Số: {n}/UBND-TH",
        f"V/v triển khai {parent}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"{province}, ngày {rnd.randint(1, 28)} tháng {rnd.randint(1, 12)} năm 2026",
        "Kính gửi:",
        "- Các sở, ban, ngành tỉnh;",
        "- UBND các xã, phường.",
        f"Thực hiện {parent}, Chủ tịch UBND tỉnh yêu cầu các cơ quan, đơn vị thực hiện một số nội dung sau:",
    ]
    for i in range(1, rnd.randint(9, 16)):
        lead, support = rnd.sample(UNITS, 2)
        body = " ".join([FILLER] * rnd.randint(1, 3))
        lines.append(
            f"{i}. Giao {lead} chủ trì, phối hợp với {support} và các cơ quan liên quan {body}; "
            f"báo cáo UBND tỉnh trước ngày {rnd.randint(1, 28)}/{rnd.randint(1, 12)}/2026."
        )
    lines += ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=500)
    args = ap.parse_args()
    rnd = random.Random(3)
    corpus: list[str] = []
    while len(corpus) < args.docs:
        doc = document(rnd, len(corpus) + 1)
        if 5_000 <= len(doc.encode()) <= 10_000:
            corpus.append(doc)
    units = UnitTable.load()
    extract_text(corpus[0], source="warm.txt", units=units)
    size = sum(len(d.encode()) for d in corpus)
    start = time.perf_counter()
    tasks = sum(len(extract_text(d, source=f"{i}.txt", units=units).tasks) for i, d in enumerate(corpus))
    secs = time.perf_counter() - start
    print(f"{len(corpus)} documents, {size / 1e6:.2f} MB, {tasks} tasks in {secs:.2f}s")
    print(f"{len(corpus) / secs:,.0f} documents per second, {size / 1e6 / secs:.2f} MB/s (one core)")


if __name__ == "__main__":
    main()
