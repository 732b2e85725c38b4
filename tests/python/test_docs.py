"""docs/python.md is executed: every ```python block runs, in order, in one namespace (as a reader would paste them
into one session), in a scratch directory. A comment line right after a print() call is the output the text
promises: it must appear in what that block printed."""
import contextlib
import io
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "python.md"


def _blocks():
    return re.findall(r"^```python\n(.*?)^```", DOC.read_text(encoding="utf-8"), flags=re.S | re.M)


def _promised_output(block):
    """The comment lines that directly follow a line calling print(): what the text says the block prints."""
    lines, promised = block.splitlines(), []
    for before, line in zip(lines, lines[1:]):
        if before.lstrip().startswith("print(") and line.startswith("# "):
            promised.append(line[2:].strip())
    return promised


def test_the_doc_has_code_to_run():
    blocks = _blocks()
    assert len(blocks) >= 6
    assert all("offload" in b for b in blocks)


def test_every_python_block_of_the_doc_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "docs_python_md"}
    for i, block in enumerate(_blocks()):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                exec(compile(block, f"docs/python.md block {i}", "exec"), namespace)  # noqa: S102 (our own docs)
            except Exception as e:  # noqa: BLE001 (re-raised with the block)
                pytest.fail(f"docs/python.md block {i} raised {type(e).__name__}: {e}\n{block}")
        printed = out.getvalue()
        for text in _promised_output(block):
            assert text in printed, f"block {i} should print {text!r}; it printed:\n{printed}"
