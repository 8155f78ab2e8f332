"""``python -m vanban.kinds.bao_cao README.md``: rewrite the README's data dictionary of the report."""

from __future__ import annotations

import sys
from pathlib import Path

from vanban.kinds.bao_cao import data_dictionary
from vanban.kinds.bao_cao.period import KIND

START, END = f"<!-- data-dictionary:{KIND}:start -->", f"<!-- data-dictionary:{KIND}:end -->"

readme = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
text = readme.read_text(encoding="utf-8")
head, rest = text.split(START, 1)
tail = rest.split(END, 1)[1]
readme.write_text(f"{head}{START}\n{data_dictionary(Path.cwd())}\n{END}{tail}", encoding="utf-8")
