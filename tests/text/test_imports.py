"""The text layer loads ICU (via normality) only when a script needs it."""

from __future__ import annotations

import subprocess
import sys


def test_text_import_does_not_load_icu() -> None:
    code = (
        "import sys, interdict.text, interdict.names; "
        "interdict.text.normalize_text('Шевченко Ghassem'); "
        "print(' '.join(m for m in ('normality', 'icu', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
