"""``antq-rules watch``: alerts as lines come in, one error per bad line, Ctrl-C stops cleanly.

Units and incidents are illustrative (made up for the tests).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from antq_rules.cli import main
from antq_rules.watch import durable_available

UNITS = "id,subject,kind,member_of,registration_submitted\nX1,xa,xa,,\nT1,kdc,thon,X1,TRUE\nT2,kdc,thon,X1,TRUE\nT3,kdc,thon,X1,TRUE\n"
LINES = [
    '{"unit": "T1", "id": "E1", "type": "crime", "date": "2026-03-02", "severity": "nghiem_trong", '
    '"detected_promptly": true, "mitigation_applied": true, "reported_immediately": null}',
    "",
    "this is not json",
    '{"op": "update", "unit": "T1", "id": "E1", "reported_immediately": false}',
    '{"unit": "NOPE", "type": "crime", "date": "2026-03-02"}',
    '{"unit": "T2", "type": "fire_explosion_serious", "date": "2026-02-01", "force_majeure": true}',
]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    units = tmp_path / "units.csv"
    units.write_text(UNITS, encoding="utf-8")
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return units, events


def test_text_alerts_and_one_error_per_bad_line(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    units, events = files
    code = main(
        ["--lang", "en", "watch", "--pack", "vn.bca.tt124", "--units", str(units), "--year", "2026", str(events)]
    )
    out, err = capsys.readouterr()
    assert code == 1  # some lines had errors; the stream was read to the end
    lines = [line for line in out.splitlines() if not line.startswith("    ")]
    assert lines[0].startswith("AT RISK: [T1]") and "TT124.KDC.4b (Art. 4 cl. 4(b))" in lines[0]
    assert "would still be saved if:" in out and "Reported at once" in out
    assert any(line.startswith("LOST THE STANDARD: [T1]") for line in lines)
    assert any(line.startswith("SHARE THREATENED: [X1]") for line in lines)
    # line numbers are the file's (the blank line 2 is skipped, not counted as an error)
    assert "Error in message #3: the line is not valid JSON" in err
    assert "Error in message #5 [NOPE]: unit NOPE is not being watched" in err
    assert "5 messages, 4 alerts, 2 errors" in err


def test_jsonl_output_in_vietnamese_by_default(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    units, events = files
    main(["watch", "--pack", "vn.bca.tt124", "--units", str(units), "--year", "2026", "--format", "jsonl", str(events)])
    out, err = capsys.readouterr()
    alerts = [json.loads(line) for line in out.splitlines()]
    assert [a["kind"] for a in alerts] == ["at_risk", "share_threatened", "lost", "share_threatened"]
    assert alerts[0]["citations"][0]["citation"]["label"]["vi"] == "Điều 4 khoản 4 điểm b"
    assert alerts[2]["cause"] == {"seq": 4, "op": "update", "unit": "T1", "event": "E1"}
    assert alerts[2]["statuses"]["TT124.KDC.4b"] == "not_met"
    # under jsonl each bad line is an error object in the CLI's documented shape (the stream goes on)
    errors = [json.loads(line)["error"] for line in err.splitlines() if line.startswith("{")]
    assert [(e["code"], e["exit"], e["line"], e["unit"]) for e in errors] == [
        ("input_invalid", 1, 3, None),
        ("input_invalid", 1, 5, "NOPE"),
    ]
    assert errors[0]["schema"] == "antq-rules/error/v1" and "JSON" in errors[0]["message"]["en"]
    assert "Lỗi dòng" not in err


def test_jsonl_fatal_errors_are_json(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    units, events = files
    code = main(
        ["watch", "--pack", "vn.bca.nope", "--units", str(units), "--year", "2026", "--format", "jsonl", str(events)]
    )
    _, err = capsys.readouterr()
    assert code == 2 and json.loads(err.strip().splitlines()[-1])["error"]["exit"] == 2
    missing = str(events.parent / "missing.jsonl")
    code = main(
        ["watch", "--pack", "vn.bca.tt124", "--units", str(units), "--year", "2026", "--format", "jsonl", missing]
    )
    _, err = capsys.readouterr()
    error = json.loads(err.strip().splitlines()[-1])["error"]
    assert (code, error["code"], error["exit"]) == (2, "input_invalid", 2) and "missing.jsonl" in error["message"]["en"]


def test_durable_backend_without_the_extra_is_a_clear_error(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import antq_rules.watch

    monkeypatch.setattr(antq_rules.watch, "durable_available", lambda: False)
    units, events = files
    code = main(
        [
            "--lang",
            "en",
            "watch",
            "--pack",
            "vn.bca.tt124",
            "--units",
            str(units),
            "--year",
            "2026",
            "--backend",
            "durable",
            str(events),
        ]
    )
    assert code == 2
    assert 'pip install "antq-rules[live]"' in capsys.readouterr().err


@pytest.mark.skipif(not durable_available(), reason="durable_rules (the live extra) is not installed")
def test_durable_backend_prints_the_same_alerts(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    units, events = files
    args = [
        "watch",
        "--pack",
        "vn.bca.tt124",
        "--units",
        str(units),
        "--year",
        "2026",
        "--format",
        "jsonl",
        str(events),
    ]
    main(args)
    plain = capsys.readouterr().out
    main([*args, "--backend", "durable"])
    assert capsys.readouterr().out == plain


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_cleanly(files: tuple[Path, Path]) -> None:
    units, _ = files
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from antq_rules.cli import main; sys.exit(main())",
            "--lang",
            "en",
            "watch",
            "--pack",
            "vn.bca.tt124",
            "--units",
            str(units),
            "--year",
            "2026",
            "-",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(LINES[0] + "\n")
    proc.stdin.flush()
    first = proc.stdout.readline()  # the alert comes as soon as the line is read (stdin stays open)
    assert first.startswith("AT RISK: [T1]")
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Stopped on request (Ctrl-C)." in err and "1 message, 2 alerts, 0 errors" in err
    assert "Traceback" not in err


def test_every_kind_of_bad_line_is_one_error_and_the_stream_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unknown unit, a date outside the period, an update to an incident that does not exist, lines that
    are not JSON (malformed, nested too deeply, too long): one error each, naming the line."""
    from antq_rules.watch import MAX_LINE_CHARS

    units = tmp_path / "units.csv"
    units.write_text(UNITS, encoding="utf-8")
    bad = [
        '{"unit": "NOPE", "type": "crime", "date": "2026-03-02"}',
        '{"unit": "T2", "type": "crime", "date": "2027-01-05", "severity": "nghiem_trong"}',
        '{"op": "update", "unit": "T1", "id": "E404", "reported_immediately": true}',
        '{"unit": "T1", "type": "crime"',
        "[" * 100_000,
        '{"unit": "T1", "note": "' + "x" * (MAX_LINE_CHARS + 10) + '"}',
    ]
    good = '{"unit": "T3", "type": "fire_explosion_serious", "date": "2026-03-02"}'
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join([*bad, good]) + "\n", encoding="utf-8")
    code = main(
        ["--lang", "en", "watch", "--pack", "vn.bca.tt124", "--units", str(units), "--year", "2026", str(events)]
    )
    out, err = capsys.readouterr()
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("Error in message")]
    assert [e.split(":")[0] for e in errors] == [
        f"Error in message #{i} [{u}]" if u else f"Error in message #{i}"
        for i, u in enumerate(["NOPE", "T2", "T1/E404", "", "", ""], 1)
    ]
    assert "unit NOPE is not being watched" in errors[0]
    assert "outside the unit's evaluation period 2025-11-01 – 2026-10-31" in errors[1]
    assert "the unit has no event with id E404" in errors[2]
    assert "not valid JSON (column" in errors[3]
    assert "nested too deeply" in errors[4]
    assert "longer than" in errors[5] and len(errors[5]) < 200
    assert out.startswith("LOST THE STANDARD: [T3]")  # the line after them is read
    assert "7 messages, 2 alerts, 6 errors" in err  # lost, and the share of X1 (2 of 3)
