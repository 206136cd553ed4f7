"""Date cells as coordinators write them: 2025-04-01, 2025/4/1, 2025年4月1日, 令和7年4月1日, R7.4.1."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .i18n import bilingual

__all__ = ["DATE_STYLES", "DateParseError", "format_date", "parse_date"]

# era -> first day of its first year (gregorian year of era year 1)
_ERAS = {
    "令和": 2018, "r": 2018,
    "平成": 1988, "h": 1988,
    "昭和": 1925, "s": 1925,
}
_ERA_START = {
    2018: dt.date(2019, 5, 1),
    1988: dt.date(1989, 1, 8),
    1925: dt.date(1926, 12, 25),
}

_WESTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_ERA = re.compile(r"^(令和|平成|昭和|[rhs])\s*(\d{1,2}|元)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
# Excel date cells, and pandas, give datetimes such as "2025-04-01 14:00:00": the day is what counts
_WITH_TIME = re.compile(r"^(\d{4}[-/]\d{1,2}[-/]\d{1,2})[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


class DateParseError(ValueError):
    """The text is not a date in any accepted form, or names a day that does not exist."""


def parse_date(text: str) -> dt.date:
    """Parse one date cell, as coordinators write dates.

    Western (2025-04-01, 2025/4/1, 2025年4月1日) and era dates (令和7年4月1日, R7.4.1,
    令和元年5月1日; 令和/R, 平成/H, 昭和/S), in full-width digits too; a time of day
    after the date, as Excel date cells give it, is dropped.

    Parameters
    ----------
    text : str
        The cell as written.

    Returns
    -------
    datetime.date
        The day.

    Raises
    ------
    DateParseError
        When the text is no date, names a day that does not exist, a year outside
        1900-2200, or a day before its era began.

    Examples
    --------
    >>> parse_date("2025/4/1")
    datetime.date(2025, 4, 1)
    >>> parse_date("令和7年4月1日")
    datetime.date(2025, 4, 1)
    >>> parse_date("R7.4.1")
    datetime.date(2025, 4, 1)
    >>> parse_date("令和元年4月30日")
    Traceback (most recent call last):
    ...
    hikinet_graph.dates.DateParseError: 「令和元年4月30日」は元号の始まりより前です (date before the era began: '令和元年4月30日')
    """
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    with_time = _WITH_TIME.match(folded)
    if with_time:
        folded = with_time.group(1)
    m = _WESTERN.match(folded)
    if m:
        year, month, day = (int(g) for g in m.groups())
        return _make(year, month, day, text)
    m = _ERA.match(folded)
    if m:
        era, era_year, month, day = m.groups()
        offset = _ERAS[era]
        year = offset + (1 if era_year == "元" else int(era_year))
        if era_year != "元" and int(era_year) < 1:
            raise DateParseError(_no_such_date(text))
        date = _make(year, int(month), int(day), text)
        if date < _ERA_START[offset]:
            raise DateParseError(bilingual(f"「{text}」は元号の始まりより前です",
                                           f"date before the era began: {text!r}"))
        return date
    raise DateParseError(bilingual(
        f"日付「{text}」を読めません。2025-04-01 / 2025/4/1 / 令和7年4月1日 の形で書いてください",
        f"cannot read date {text!r}; write it as 2025-04-01, 2025/4/1 or 令和7年4月1日"))


# dates outside these years are typing mistakes (and beyond what the analysis's timestamps hold)
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _make(year: int, month: int, day: int, text: str) -> dt.date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateParseError(bilingual(f"「{text}」の年が {FIRST_YEAR}〜{LAST_YEAR} 年の外です",
                                       f"the year of {text!r} is outside {FIRST_YEAR}-{LAST_YEAR}"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateParseError(_no_such_date(text)) from None


# how dates may be shown: 西暦 (2024/10/22) or 和暦 (令和6年10月22日)
DATE_STYLES = ("western", "wareki")


def format_date(day: dt.date, style: str = "western") -> str:
    """A day as people read it: ``2024/10/22`` (western) or ``令和6年10月22日`` (wareki; the first year is 元年).

    A day before the Shōwa era began is shown in the western style.

    Examples
    --------
    >>> format_date(dt.date(2024, 10, 22)), format_date(dt.date(2024, 10, 22), "wareki")
    ('2024/10/22', '令和6年10月22日')
    >>> format_date(dt.date(2019, 5, 1), "wareki"), format_date(dt.date(2019, 4, 30), "wareki")
    ('令和元年5月1日', '平成31年4月30日')
    """
    if style == "wareki":
        for era, offset in (("令和", 2018), ("平成", 1988), ("昭和", 1925)):
            if day >= _ERA_START[offset]:
                year = day.year - offset
                return f"{era}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return f"{day.year}/{day.month:02d}/{day.day:02d}"


def _no_such_date(text: str) -> str:
    return bilingual(f"「{text}」は存在しない日付です", f"no such date: {text!r}")
