"""Seeded generator of large, realistic network folders in the data contract.

A prefecture: municipalities of different sizes, each with the agencies a city
has (social welfare council, lead department, health centre, schools, child
and family services, youth support, elderly, disability, livelihood support,
NPOs, family associations, employers); rounds of meetings per municipality
plus a few prefecture-wide ones; referrals mostly inside a municipality,
between a few busy partners (heavy-tailed), dated between meetings.

    python bench/generate.py OUT_DIR --agencies 3000 --areas 50 --referrals 300000 \
        --meetings 240 --rounds 12 --attendance 6000 --seed 1
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

import numpy as np

# (sector, age_min, age_max, style, share of agencies, name)
KINDS = [
    ("福祉", "", "", "both", 0.04, "社会福祉協議会"),
    ("行政", "", "", "problem_solving", 0.03, "ひきこもり支援主管課"),
    ("保健", "", "", "both", 0.03, "保健センター"),
    ("教育", 6, 15, "problem_solving", 0.18, "学校"),
    ("教育", 6, 18, "problem_solving", 0.03, "教育相談室"),
    ("子ども家庭", 0, 17, "problem_solving", 0.08, "子ども家庭支援センター"),
    ("若者", 15, 39, "problem_solving", 0.04, "若者サポートステーション"),
    ("高齢", 65, "", "problem_solving", 0.15, "地域包括支援センター"),
    ("障害", "", "", "problem_solving", 0.12, "障害福祉サービス事業所"),
    ("生活困窮", 18, 64, "problem_solving", 0.05, "自立相談支援機関"),
    ("民間", 15, "", "accompaniment", 0.12, "NPO居場所"),
    ("民間", "", "", "accompaniment", 0.05, "家族会"),
    ("民間", 18, 64, "", 0.08, "協力企業"),
]


def generate(out: Path, agencies: int = 3000, areas: int = 50, referrals: int = 300_000,
             meetings: int = 240, rounds: int = 12, attendance: int = 6000, relations: int | None = None,
             seed: int = 1) -> Path:
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    relations = agencies * 2 if relations is None else relations

    # municipality sizes are skewed: a few cities, many towns (log-normal, largest about 10x the median)
    weights = rng.lognormal(0.0, 0.9, areas)
    area_of = rng.choice(areas, size=agencies, p=weights / weights.sum())
    kind_p = np.array([k[4] for k in KINDS])
    kind_of = rng.choice(len(KINDS), size=agencies, p=kind_p / kind_p.sum())
    ids = [f"ag{i:06d}" for i in range(agencies)]
    with (out / "agencies.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "sector", "age_min", "age_max", "style", "core", "area"])
        for i in range(agencies):
            sector, lo, hi, style, _, name = KINDS[kind_of[i]]
            core = kind_of[i] in (0, 1, 2) and rng.random() < 0.5
            w.writerow([ids[i], f"第{area_of[i] + 1}市{name}{i}", sector, lo, hi, style,
                        "true" if core else "false", f"第{area_of[i] + 1}市"])

    members = [np.flatnonzero(area_of == a) for a in range(areas)]
    start = dt.date(2024, 4, 1)
    round_days = 365 * 2 // max(rounds, 1)
    per_meeting = max(2, attendance // max(meetings, 1))
    meeting_rows, attendance_rows = [], []
    for m in range(meetings):
        round_ = m * rounds // meetings
        date = start + dt.timedelta(days=round_ * round_days + int(rng.integers(0, round_days)))
        area = int(rng.integers(areas)) if m % 10 else -1  # every tenth meeting is prefecture-wide
        pool = np.arange(agencies) if area < 0 or len(members[area]) < 2 else members[area]
        chosen = rng.choice(pool, size=min(per_meeting, len(pool)), replace=False)
        kind = "network_meeting" if m % 3 else "working_group"
        meeting_rows.append([f"mt{m:05d}", round_, date.isoformat(), kind, f"会議{m}"])
        attendance_rows += [[f"mt{m:05d}", ids[a]] for a in chosen]
    with (out / "meetings.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "round", "date", "kind", "title"])
        w.writerows(meeting_rows)
    with (out / "attendance.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["meeting_id", "agency_id"])
        w.writerows(attendance_rows)

    # referrals: a source picks a partner in its own municipality (90 %) with heavy-tailed popularity
    popularity = rng.pareto(1.5, agencies) + 0.1
    src = rng.choice(agencies, size=referrals, p=popularity / popularity.sum())
    dst = np.empty(referrals, dtype=np.int64)
    local = rng.random(referrals) < 0.9
    for a in range(areas):
        pool = members[a]
        if len(pool) < 2:
            local[area_of[src] == a] = False
            continue
        pick = local & (area_of[src] == a)
        p = popularity[pool] / popularity[pool].sum()
        dst[pick] = rng.choice(pool, size=int(pick.sum()), p=p)
    far = ~local
    dst[far] = rng.choice(agencies, size=int(far.sum()), p=popularity / popularity.sum())
    same = dst == src
    dst[same] = (dst[same] + 1) % agencies
    span_days = rounds * round_days
    days = rng.integers(0, span_days, size=referrals)
    undated = rng.random(referrals) < 0.02
    counts = 1 + rng.geometric(0.7, size=referrals) - 1
    ages = rng.integers(10, 70, size=referrals)
    date_text = {d: (start + dt.timedelta(days=int(d))).isoformat() for d in np.unique(days)}
    with (out / "referrals.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["from", "to", "date", "count", "client_age"])
        for i in range(referrals):
            w.writerow([ids[src[i]], ids[dst[i]], "" if undated[i] else date_text[days[i]], counts[i], ages[i]])

    r_src = rng.integers(agencies, size=relations)
    r_dst = np.array([rng.choice(members[area_of[s]]) if len(members[area_of[s]]) > 1
                      else rng.integers(agencies) for s in r_src])
    keep = r_src != r_dst
    survey = (start + dt.timedelta(days=round_days * 2)).isoformat()
    with (out / "relations.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["from", "to", "level", "date"])
        for s, d, level in zip(r_src[keep], r_dst[keep], rng.integers(1, 5, size=int(keep.sum()))):
            w.writerow([ids[s], ids[d], level, survey])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--agencies", type=int, default=3000)
    parser.add_argument("--areas", type=int, default=50)
    parser.add_argument("--referrals", type=int, default=300_000)
    parser.add_argument("--meetings", type=int, default=240)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--attendance", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=1)
    a = parser.parse_args()
    generate(a.out, a.agencies, a.areas, a.referrals, a.meetings, a.rounds, a.attendance, seed=a.seed)
    print(a.out)


if __name__ == "__main__":
    main()
