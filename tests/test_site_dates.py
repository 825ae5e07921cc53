"""
The dates on cards and posts read as Django's `date` filter would write
them, in the site's time zone, for every moment.
"""

from datetime import UTC, date, datetime

from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from pusteblume_site.templatetags.site_dates import long_date, machine_datetime

moments = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.just(UTC),
)


@given(moments)
def test_a_moment_reads_as_the_date_filter_writes_it_in_a_template(moment):
    # Templates hand the `date` filter the moment in the site's time zone.
    local = timezone.localtime(moment)
    assert long_date(moment) == date_filter(local, "j. F Y")
    assert machine_datetime(moment) == date_filter(local, r"Y-m-d\TH:i:sO")


def test_the_date_is_the_one_in_germany():
    # 23:30 UTC on New Year's Eve is already the new year in Berlin.
    moment = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert long_date(moment) == "1. Januar 2027"
    assert machine_datetime(moment) == "2027-01-01T00:30:00+0100"


def test_a_day_without_a_time_and_no_date_at_all():
    assert long_date(date(2026, 3, 8)) == "8. März 2026"
    assert long_date(None) == machine_datetime(None) == ""


def test_summer_time_shows_in_the_offset():
    summer = timezone.make_aware(datetime(2026, 7, 1, 9, 0))
    assert machine_datetime(summer) == "2026-07-01T09:00:00+0200"
