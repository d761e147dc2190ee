"""What people may type into a form, for the property tests that drive fields through the dispatcher:
any Unicode, huge integers, float spellings (inf, nan, 1e+20) and the edges seen in the wild."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EDGES = [
    "²",
    "①",
    "٣",
    "-5",
    "inf",
    "1e999",
    "1e20",
    "nan",
    "\u200b",
    "ㅤ",
    ".",
    "9" * 50,
    "1 500,50",
    "12",
    "0",
    "100 %",
]
# A command ("/cancel") leaves the form by design, and Telegram sends no empty message.
typed = st.one_of(
    st.text(min_size=1, max_size=40),
    st.integers(-(10**25), 10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(EDGES),
).filter(lambda t: t.strip() and not t.startswith("/"))
# Few examples: each one feeds several updates through the dispatcher, and the suite must stay fast.
FORM_EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
