"""The results report (báo cáo kết quả, ký hiệu BC-UBND): year-end and six-month, judged against the plan."""

from __future__ import annotations
