"""Deadlines as the genre writes them: a day, a month, a quarter, or a recurring rule."""

from __future__ import annotations

import pytest

from lineage.loaders.dates import deadline


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("hoàn thành trước ngày 05/3/2026.", "2026-03-05"),
        ("báo cáo trước ngày 15 tháng 12 năm 2026", "2026-12-15"),
        ("trước tháng 9/2026", "2026-09"),
        ("hoàn thành trong quý II/2027.", "2027-Q2"),
        (
            "Định kỳ hàng năm (trước ngày 31/5 và trước ngày 15/11) báo cáo kết quả",
            "yearly before 31/5 and before 15/11",
        ),
        # The date first, the period after.
        ("báo cáo trước ngày 15/12 hằng năm.", "yearly before 15/12"),
        (
            "gửi báo cáo về Sở Ngoại vụ trước ngày 20/6 và 20/11 hằng năm để tổng hợp.",
            "yearly before 20/6 and before 20/11",
        ),
        ("gửi báo cáo trước ngày 25 hằng tháng", "monthly before 25"),
        # A period the task covers is no deadline, unless a "thời gian" label introduces it.
        ("Rà soát các thỏa thuận ký kết từ ngày 01/01/2026 đến ngày 31/10/2026.", None),
        ("Thời gian thực hiện: từ ngày 01/11/2026 đến ngày 30/11/2026.", "2026-11-30"),
        # The day the work itself happens; not the day something was done.
        (
            "Bộ Xây dựng khởi công dự án mở rộng cao tốc Trung Lương - Mỹ Thuận vào ngày 19 tháng 12 năm 2025.",
            "2025-12-19",
        ),
        ("chuẩn bị chu đáo để tổ chức lễ khánh thành các dự án vào ngày 19/12/2025", "2025-12-19"),
        ("Ủy ban nhân dân tỉnh đã tổ chức lễ phát động vào ngày 10/5/2025 tại Hội trường.", None),
        ("hoàn thành thủ tục trước ngày 15 tháng 11 năm 2025 để khởi công vào ngày 19/12/2025", "2025-11-15"),
        # "hằng năm" describing the plan sets no deadline.
        ("Các sở xây dựng kế hoạch hằng năm của đơn vị.", None),
    ],
)
def test_deadlines(text: str, want: str | None) -> None:
    assert deadline(text) == want
