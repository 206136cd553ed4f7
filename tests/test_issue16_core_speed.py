"""Issue 16 (speed): the array versions of crossings, rows, reciprocity, tooltips and suggestions give what
the per-agency Python before them gave, value for value and type for type.

Each test keeps the former code as a small reference (an oracle) and compares it with the current
function on seeded random inputs, the edge cases included: unknown ages, no upper age limit, resources,
empty referrals, missing values in every kind of column, numpy strings, ages of two types.
"""

from __future__ import annotations

import struct
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from hikinet_graph.core.ages import ACCOMPANYING_STYLES
from hikinet_graph.core.analysis import Analysis
from hikinet_graph.core.crossings import boundary_crossings
from hikinet_graph.core.structure import reciprocity
from hikinet_graph.core.suggestions import _Neighbours
from hikinet_graph.i18n import ages_label, gap_kind, t
from hikinet_graph.model import Agency
from hikinet_graph.render.tooltips import ATTRIBUTE_LABELS, WARNING_MARK, agency_tooltip, agency_tooltips

STYLES = ["accompaniment", "problem_solving", "both", ""]


def same(a, b) -> None:
    """Equal, with the same types all the way down and floats to the bit."""
    assert type(a) is type(b), (a, b)
    if isinstance(a, dict):
        assert list(a) == list(b)
        for key in a:
            same(a[key], b[key])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            same(x, y)
    elif isinstance(a, float):
        assert struct.pack("d", a) == struct.pack("d", b)
    else:
        assert a == b or repr(a) == repr(b)  # NaT is not equal to itself


def random_agencies(rng: np.random.Generator, n: int) -> list[Agency]:
    agencies = []
    for k in rng.permutation(n).tolist():
        lo = int(rng.integers(0, 60))
        hi = None if rng.random() < 0.2 else lo + int(rng.integers(0, 30))
        attrs = {"area": str(rng.choice(["north", "south", ""])),
                 "hikikomori_desk": str(rng.choice(["true", " False", ""]))}
        agencies.append(Agency(f"a{k:03d}", "" if rng.random() < 0.3 else f"name{k}", str(rng.choice(["x", "y", ""])),
                               lo, hi, str(rng.choice(STYLES)), bool(rng.random() < 0.2), bool(rng.random() < 0.15),
                               attrs))
    return agencies


def random_referrals(rng: np.random.Generator, n: int, rows: int) -> pd.DataFrame:
    ages = [None if rng.random() < 0.1 else int(a) for a in rng.integers(0, 90, rows)]
    return pd.DataFrame({"src": rng.integers(0, n, rows), "dst": rng.integers(0, n, rows),
                         "count": rng.integers(1, 5, rows), "client_age": pd.array(ages, dtype="Int64")})


def crossing_before(agencies: list[Agency], b: int, referrals: pd.DataFrame, window: int) -> dict:
    """The former per-agency code of one boundary's entry."""
    services = [(i, a) for i, a in enumerate(agencies) if not a.resource]
    leaving = {i for i, a in services if a.age_max == b - 1}
    receiving = {i for i, a in services if a.serves(b)}
    spanning = [a for i, a in services if a.serves(b - 1) and a.serves(b)]
    ages = referrals["client_age"]
    values = ages.fillna(-1).to_numpy(np.int64)
    near = referrals[ages.notna().to_numpy() & (values >= b - window) & (values <= b + window - 1)]
    src, dst = near["src"].to_numpy(np.int64), near["dst"].to_numpy(np.int64)
    count = near["count"].to_numpy(np.int64)
    to_receiving = np.isin(dst, list(receiving))
    carried: dict[int, int] = {}
    for k, c in zip(dst[to_receiving].tolist(), count[to_receiving].tolist()):
        carried[k] = carried.get(k, 0) + c
    ids = [a.id for a in agencies]
    return {
        "boundary": b, "leaving": sorted(ids[i] for i in leaving), "receiving": sorted(ids[i] for i in receiving),
        "spanning": sorted(a.id for a in spanning),
        "spanning_accompaniment": sorted(a.id for a in spanning if a.style in ACCOMPANYING_STYLES),
        "near_referrals": int(count.sum()),
        "carriers": [{"agency": ids[k], "referrals": v}
                     for k, v in sorted(carried.items(), key=lambda kv: (-kv[1], ids[kv[0]]))],
        "handed_over": sorted({ids[k] for k in src[to_receiving].tolist() if k in leaving}),
    }


@pytest.mark.parametrize("seed", range(6))
def test_crossings_as_before(seed):
    rng = np.random.default_rng(seed)
    agencies = random_agencies(rng, 40)
    referrals = random_referrals(rng, 40, int(rng.choice([0, 5, 400])))
    boundaries = sorted({int(b) for b in rng.integers(0, 95, 6)})
    window = int(rng.integers(1, 4))
    same(boundary_crossings(agencies, boundaries, referrals, window),
         [crossing_before(agencies, b, referrals, window) for b in boundaries])


def rows_before(frame: pd.DataFrame) -> list[dict]:
    """The former conversion: ``to_dict(orient="records")``, then numpy scalars and NaN cell by cell."""
    out = []
    for record in frame.reset_index().to_dict(orient="records"):
        row = {}
        for key, value in record.items():
            value = value.item() if isinstance(value, np.generic) else value
            row[key] = None if isinstance(value, float) and np.isnan(value) else value
        out.append(row)
    return out


@pytest.mark.parametrize("names", [["p", "q", "r"], ["p", None, "r"], ["p", np.str_("q"), "r"]])
def test_rows_as_before(names):
    frame = pd.DataFrame({
        "id": ["a", "b", "c"], "name": names, "age_max": pd.array([1, None, 3], dtype="Int64"),
        "degree": np.array([1, 2, 3]), "flag": [True, False, True], "betweenness": [0.1, np.nan, 0.30000000000000004],
        "share": np.array([1.5, 2.5, np.nan], dtype=np.float32), "other": [1, "x", None],
        "when": pd.to_datetime(["2025-01-01", None, "2025-02-01"]),
        "sector": pd.Categorical(["x", "y", None]),
    }).set_index("id")
    same(Analysis.rows.func(SimpleNamespace(per_agency=frame)), rows_before(frame))
    same(Analysis.rows.func(SimpleNamespace(per_agency=frame.iloc[:0])), [])


@pytest.mark.parametrize("seed", range(4))
def test_reciprocity_as_before(seed):
    rng = np.random.default_rng(seed)
    rows = pd.DataFrame({"src": rng.integers(0, 30, 200), "dst": rng.integers(0, 30, 200)})
    pairs = np.unique(rows["src"].to_numpy() * 30 + rows["dst"].to_numpy())
    expected = round(float(np.isin((pairs % 30) * 30 + pairs // 30, pairs).mean()), 4)
    same(reciprocity(rows, 30), expected)
    same(reciprocity(rows, 6000), expected)  # too many possible pairs for a table: the sorting way


def tooltip_before(agency: Agency, row: dict, lang: str) -> str:
    """The former tooltip code, every word looked up for every line."""
    lines = [agency.label]
    if agency.name and agency.name != agency.id:
        lines.append(f"{t('agency_id', lang)}: {agency.id}")
    lines.append(f"{t('col_sector', lang)}: {agency.sector or '-'}")
    lines.append(f"{t('col_ages', lang)}: {ages_label(agency.age_min, agency.age_max, lang)}")
    if agency.style:
        lines.append(f"{t('col_style', lang)}: {t('style_' + agency.style, lang)}")
    if agency.core:
        lines.append(t("core_member", lang))
    for key, value in agency.attrs.items():
        if value:
            folded = value.strip().lower()
            shown = t("yes" if folded == "true" else "no", lang) if folded in ("true", "false") else value
            lines.append(f"{ATTRIBUTE_LABELS.get(key, {}).get(lang, key)}: {shown}")
    if agency.resource:
        lines.append(t("tip_resource", lang))
    lines += [f"{t('tip_working', lang)}: {row['referral_partners']}", f"{t('tip_linked', lang)}: {row['degree']}",
              f"{t('tip_referred_out', lang)}: {row['referrals_out']}",
              f"{t('tip_referred_in', lang)}: {row['referrals_in']}"]
    flags = {"isolated": "isolated", "no_referral": "no_referral", "cut_agencies": "cut"}
    warnings = [t(k, lang) for k in flags if row[flags[k]]]
    for entry in row["gaps"].split():
        b = int(entry.split(":")[0])
        warnings.append(f"{t('boundary', lang, b0=b - 1, b=b)} {gap_kind(entry.split(':')[1], lang)}")
    return "\n".join(lines + [f"{WARNING_MARK} {w}" for w in warnings])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_tooltips_as_before(lang):
    rng = np.random.default_rng(7)
    agencies = random_agencies(rng, 30)
    # the same ages as an int and as a float: the same key of a dict, not the same words
    agencies += [Agency("f1", "", "x", 6, 15, "", False), Agency("f2", "", "x", 6, 15.0, "", False)]
    rows = {a.id: {"referral_partners": int(rng.integers(0, 5)), "degree": int(rng.integers(0, 9)),
                   "referrals_out": int(rng.integers(0, 50)), "referrals_in": int(rng.integers(0, 50)),
                   "isolated": bool(rng.random() < 0.3), "no_referral": bool(rng.random() < 0.3),
                   "cut": bool(rng.random() < 0.3),
                   "gaps": " ".join(str(rng.choice(["16:handover", "40:weak_handover", "65:coverage"]))
                                    for _ in range(int(rng.integers(0, 3))))} for a in agencies}
    expected = {a.id: tooltip_before(a, rows[a.id], lang) for a in agencies}
    same(agency_tooltips(SimpleNamespace(agencies=agencies), rows, lang), expected)
    same({a.id: agency_tooltip(a, rows[a.id], lang) for a in agencies}, expected)


@pytest.mark.parametrize("pairs", [0, 1, 300])
def test_suggestion_neighbours_as_before(pairs):
    rng = np.random.default_rng(pairs)
    end_a, end_b = rng.integers(0, 25, pairs), rng.integers(0, 25, pairs)
    src, dst = np.concatenate([end_a, end_b]), np.concatenate([end_b, end_a])
    before = np.split(dst[np.argsort(src, kind="stable")], np.cumsum(np.bincount(src, minlength=25))[:-1])
    neighbours = _Neighbours(25, end_a, end_b)
    assert [neighbours[a].tolist() for a in range(25)] == [b.tolist() for b in before]
    assert neighbours.degree.tolist() == [len(b) for b in before]
