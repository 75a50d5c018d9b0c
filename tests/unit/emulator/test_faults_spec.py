"""The `--faults` spec language: what it accepts, what it refuses and how it says so."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactbridge.emulator.faults import EXAMPLE, KEYS, FaultSpec, parse_faults
from exactbridge.errors import ConfigurationError


def test_the_documented_example_parses_to_every_kind() -> None:
    spec = parse_faults(EXAMPLE)
    assert spec == FaultSpec(
        seed=7, server_error=0.1, storm=0.01, storm_calls=20, storm_reset=5.0,
        latency_min=0.02, latency_max=0.08, reset=0.02, slow=0.05, slow_seconds=2.0,
        html=0.02, expect100=0.5,
    )  # fmt: skip
    assert spec.active


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", FaultSpec()),
        ("none", FaultSpec()),
        ("  OFF ", FaultSpec()),
        ("seed=-3", FaultSpec(seed=-3)),
        ("5xx=10%", FaultSpec(server_error=0.1)),
        ("5xx=1", FaultSpec(server_error=1.0)),
        ("storm=0.5:3:1500ms", FaultSpec(storm=0.5, storm_calls=3, storm_reset=1.5)),
        ("latency=50ms", FaultSpec(latency_min=0.05, latency_max=0.05)),
        ("latency=1-2s", FaultSpec(latency_min=1.0, latency_max=2.0)),
        ("latency=500ms-1s", FaultSpec(latency_min=0.5, latency_max=1.0)),
        ("slow=1:0.5s", FaultSpec(slow=1.0, slow_seconds=0.5)),
        (" HTML = 0.2 , Expect100=0.3 ", FaultSpec(html=0.2, expect100=0.3)),
        ("token=1,reset=0.25", FaultSpec(token=True, reset=0.25)),
    ],
)
def test_valid_specs(text: str, expected: FaultSpec) -> None:
    assert parse_faults(text) == expected


def test_no_spec_is_inactive_and_seed_alone_injects_nothing() -> None:
    assert not FaultSpec().active
    assert not parse_faults("seed=9,token=1").active
    assert parse_faults("latency=1ms").active


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("bogus=1", "unknown key 'bogus'"),
        ("5xx", "'5xx' is not key=value"),
        ("=0.1", "'=0.1' is not key=value"),
        ("5xx=0.1,5xx=0.2", "'5xx' is given twice"),
        ("5xx=1.5", "a probability is a number from 0 to 1"),
        ("5xx=-0.1", "a probability is a number from 0 to 1"),
        ("5xx=nan", "a probability is a number from 0 to 1"),
        ("html=lots", "a probability is a number from 0 to 1"),
        ("storm=0.1", "expected P:N or P:N:RESET"),
        ("storm=0.1:0", "must be at least 1"),
        ("storm=0.1:2.5", "is not a whole number"),
        ("storm=0.1:2:0s", "the reset must be later than now"),
        ("latency=80", "is not a duration like 80ms or 2s"),
        ("latency=80-20ms", "the range must go from low to high"),
        ("latency=1h", "is not a duration"),
        ("slow=0.1", "expected P:D"),
        ("slow=0.1:fast", "is not a duration"),
        ("seed=x", "is not a whole number"),
        ("token=yes", "expected 0 or 1"),
    ],
)
def test_invalid_specs_name_the_problem_and_list_the_valid_keys(text: str, problem: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        parse_faults(text)
    message = str(caught.value)
    assert problem in message
    assert f"invalid --faults spec {text!r}" in message
    assert "Valid keys: " + ", ".join(KEYS) in message
    assert EXAMPLE in message


probabilities = st.sampled_from([0.0, 0.001, 0.01, 0.05, 0.1, 0.25, 1 / 3, 0.5, 1.0])
durations = st.sampled_from([0.001, 0.02, 0.08, 0.5, 1.0, 2.0, 2.5, 30.0])


@st.composite
def specs(draw: st.DrawFn) -> FaultSpec:
    low, high = sorted((draw(durations), draw(durations)))
    latency = draw(st.booleans())
    storm = draw(probabilities)
    slow = draw(probabilities)
    return FaultSpec(
        seed=draw(st.integers(-(2**40), 2**40)),
        server_error=draw(probabilities),
        storm=storm,
        storm_calls=draw(st.integers(1, 500)) if storm else 0,
        storm_reset=draw(durations) if storm else 5.0,
        latency_min=low if latency else 0.0,
        latency_max=high if latency else 0.0,
        reset=draw(probabilities),
        slow=slow,
        slow_seconds=draw(durations) if slow else 0.0,
        html=draw(probabilities),
        expect100=draw(probabilities),
        token=draw(st.booleans()),
    )


@given(specs())
def test_the_canonical_text_parses_back_to_the_same_spec(spec: FaultSpec) -> None:
    assert parse_faults(str(spec)) == spec
