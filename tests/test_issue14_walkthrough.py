"""Issue 14: the README's "from an empty template to a report" works as written.

The commands are read from README.md and run in a fresh folder. Where the README
says to fill the workbook in Excel, the template is filled by script as a
coordinator would: typing into the sheets init wrote (names, 令和 dates, words
from the drop-down lists, attendance as a matrix of ○), nothing else changed.
The survey answers are the sample shipped in data/survey-example/.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import shutil
from pathlib import Path

from conftest import run

ROOT = Path(__file__).resolve().parent.parent
SECTION = "From an empty template to a report"


def readme_steps() -> list[str]:
    """The lines of the walk-through's code block: commands, and the comment where Excel is used."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(SECTION):]
    block = block[block.index("```bash") + len("```bash"):]
    return [line.strip() for line in block[:block.index("```")].splitlines() if line.strip()]


def fill_in_as_a_coordinator(book: Path) -> None:
    """What the coordinator types in Excel: agencies, meetings, attendance (○ per meeting), referrals, settings."""
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    agencies = workbook["機関"]  # the two example rows (社会福祉協議会, 市ひきこもり支援主管課) are kept
    for row in [("saposute", "地域若者サポートステーション", "若者", 15, 49, "伴走型", "はい", "いいえ", "東部"),
                ("hoken", "保健所", "保健", None, None, "課題解決型", "はい", "いいえ", "中央"),
                ("kyoiku", "市教育委員会", "教育", 6, 15, "課題解決型", "いいえ", "いいえ", "中央"),
                ("houkatsu", "地域包括支援センター", "高齢", 65, None, "課題解決型", "いいえ", "いいえ", "北部"),
                ("jiritsu", "自立相談支援機関", "生活困窮", 16, None, "伴走型", "いいえ", "いいえ", "中央"),
                ("kazokukai", "家族会", "家族会", None, None, None, "いいえ", "はい", "東部")]:
        agencies.append(list(row))
    meetings = workbook["会議"]
    meetings.append(["m2", 1, dt.datetime(2025, 5, 20), "ワーキンググループ", "第1回ワーキンググループ", None])
    meetings.append(["m3", 2, "令和7年7月15日", "ネットワーク会議", "第一回ネットワーク会議", None])
    attendance = workbook["出席"]
    attendance.delete_rows(1, attendance.max_row)
    attendance.append(["機関名", "m1", "m2", "m3"])
    for name, marks in [("社会福祉協議会", "○○○"), ("市ひきこもり支援主管課", "○○○"),
                        ("地域若者サポートステーション", "-○○"), ("保健所", "--○"), ("市教育委員会", "-○○"),
                        ("地域包括支援センター", "--○"), ("自立相談支援機関", "--○"), ("家族会", "---")]:
        attendance.append([name, *(m if m == "○" else None for m in marks)])
    referrals = workbook["紹介"]
    referrals.append(["lead", "saposute", "2025/6/3", 2, 17])
    referrals.append(["kyoiku", "saposute", "R7.6.10", 1, 15])
    referrals.append(["jiritsu", "hoken", "2025/7/1", 1, 42])
    workbook["設定"]["B6"] = "和暦"
    assert workbook["設定"]["A6"].value == "日付の表示"
    workbook.save(book)


def test_readme_walkthrough_runs_as_written(tmp_path, monkeypatch):
    sample = ROOT / "data" / "survey-example" / "answers.csv"
    (tmp_path / "data" / "survey-example").mkdir(parents=True)
    shutil.copy(sample, tmp_path / "data" / "survey-example" / "answers.csv")
    monkeypatch.chdir(tmp_path)
    steps = readme_steps()
    assert steps[0].startswith("hikinet init") and any(s.startswith("#") for s in steps)
    outputs = {}
    for step in steps:
        if step.startswith("#"):
            fill_in_as_a_coordinator(tmp_path / "mycity" / "network.xlsx")
            continue
        args = shlex.split(step, comments=True)
        assert args[0] == "hikinet", step
        result = run(*args[1:])
        assert result.exit_code == 0, f"{step}\n{result.output}"
        outputs[args[1] + " " + args[2]] = result
        assert "注意" not in result.stderr or args[1] == "import-survey", f"{step}\n{result.stderr}"

    original, survey = "mycity/network.xlsx", "mycity/network-survey.xlsx"
    assert f"validate {original}" in outputs and f"validate {survey}" in outputs
    assert "問題はありません (機関 8、会議 3、紹介 4 行、関係 1 行)" in outputs[f"validate {original}"].output
    summary = outputs[f"validate {survey}"].output
    assert "問題はありません (機関 8、会議 3、紹介 4 行、関係 " in summary and "関係 1 行" not in summary

    index = (tmp_path / "output" / "mycity" / "index.html").read_text(encoding="utf-8")
    assert "B市" in index
    assert (tmp_path / "output" / "mycity-public" / "index.html").is_file()
    assert (tmp_path / "output" / "mycity.xlsx").is_file()

    data = json.loads(run("analyze", survey, "--round", "2", "--format", "json").stdout)
    assert data["agencies"] == 8 and data["isolated"] == []
    table = run("analyze", survey, "--round", "2").output
    assert "第一回ネットワーク会議 (令和7年7月15日) 時点" in table
