"""Gaming Quality Index components, score, grade and genres."""

from __future__ import annotations

import pytest

from docsight_server.analysis.gaming import gaming_score, genres, grade


def summary(health: str | None = "good", snr_min: float | None = 40.0) -> dict:
    """Return the two summary fields the index reads."""
    return {"health": health, "ds_snr_min": snr_min}


def speedtest(ping: float = 10.0, jitter: float = 1.0, loss: float = 0.0) -> dict:
    """Return a speed-test record."""
    return {"ping_ms": ping, "jitter_ms": jitter, "packet_loss_pct": loss}


def component(result: dict, name: str) -> int:
    """Return one component's score."""
    return result["components"][name]["score"]


def test_without_analysis() -> None:
    """No summary: null score and grade, empty components and raw, every genre bad."""
    assert gaming_score(None, speedtest(), enabled=True) == {
        "enabled": True,
        "score": None,
        "grade": None,
        "has_speedtest": False,
        "components": {},
        "genres": {"fps": "bad", "moba": "bad", "mmo": "bad", "strategy": "bad"},
        "raw": {},
    }


def test_upstream_sample() -> None:
    """The demo sample of Appendix B scores 94 (A)."""
    result = gaming_score(summary("tolerated", 35.6), speedtest(12.4, 1.7, 0.0), enabled=True)
    assert result == {
        "enabled": True,
        "score": 94,
        "grade": "A",
        "has_speedtest": True,
        "components": {
            "docsis_health": {"score": 90, "weight": 15},
            "snr_headroom": {"score": 55, "weight": 10},
            "latency": {"score": 100, "weight": 30},
            "jitter": {"score": 100, "weight": 25},
            "packet_loss": {"score": 100, "weight": 20},
        },
        "genres": {"fps": "ok", "moba": "ok", "mmo": "ok", "strategy": "ok"},
        "raw": {
            "docsis_health": "tolerated",
            "ds_snr_min": 35.6,
            "ping_ms": 12.4,
            "jitter_ms": 1.7,
            "packet_loss_pct": 0.0,
        },
    }


def test_docsis_only_without_speedtest() -> None:
    """Without a speed test only the two DOCSIS components count."""
    result = gaming_score(summary("marginal", 36.0), None, enabled=False)
    assert result["enabled"] is False
    assert result["has_speedtest"] is False
    assert set(result["components"]) == {"docsis_health", "snr_headroom"}
    assert result["raw"] == {"docsis_health": "marginal", "ds_snr_min": 36.0}
    # (50·15 + 85·10) / 25 = 64
    assert result["score"] == 64
    assert result["grade"] == "C"


@pytest.mark.parametrize("record", [{"jitter_ms": 1.0}, {"ping_ms": None}, {}])
def test_speedtest_needs_a_ping(record: dict) -> None:
    """A speed test without a ping value is ignored."""
    result = gaming_score(summary(), record, enabled=True)
    assert result["has_speedtest"] is False
    assert "latency" not in result["components"]


def test_missing_jitter_and_loss_count_as_zero() -> None:
    """Only ping is required; absent jitter and loss score as perfect, like upstream."""
    result = gaming_score(summary(), {"ping_ms": 30}, enabled=True)
    assert component(result, "latency") == 80
    assert component(result, "jitter") == 100
    assert component(result, "packet_loss") == 100
    assert result["raw"]["jitter_ms"] is None


@pytest.mark.parametrize(
    ("health", "score"),
    [("good", 100), ("tolerated", 90), ("marginal", 50), ("critical", 0), (None, 0)],
)
def test_docsis_health_component(health: str | None, score: int) -> None:
    """Health maps to 100/90/50/0."""
    assert component(gaming_score(summary(health), None, enabled=True), "docsis_health") == score


@pytest.mark.parametrize(
    ("snr_min", "score"),
    [
        (39.1, 100),
        (39.0, 85),
        (36.0, 85),
        (35.9, 55),
        (34.0, 55),
        (33.9, 0),
        (20.0, 0),
        (None, 0),
    ],
)
def test_snr_headroom_component(snr_min: float | None, score: int) -> None:
    """Headroom above 33 dB: >6 → 100, ≥3 → 85, ≥1 → 55, else 0."""
    result = gaming_score(summary("good", snr_min), None, enabled=True)
    assert component(result, "snr_headroom") == score


@pytest.mark.parametrize(
    ("ping", "score"),
    [
        (0.0, 100),
        (19.9, 100),
        (20.0, 80),
        (50.0, 80),
        (50.1, 60),
        (80.0, 60),
        (80.1, 30),
        (120.0, 30),
        (120.1, 0),
    ],
)
def test_latency_component(ping: float, score: int) -> None:
    """Ping: <20 → 100, ≤50 → 80, ≤80 → 60, ≤120 → 30, else 0."""
    result = gaming_score(summary(), speedtest(ping=ping), enabled=True)
    assert component(result, "latency") == score


@pytest.mark.parametrize(
    ("jitter", "score"),
    [
        (4.9, 100),
        (5.0, 80),
        (15.0, 80),
        (15.1, 60),
        (30.0, 60),
        (30.1, 30),
        (50.0, 30),
        (50.1, 0),
    ],
)
def test_jitter_component(jitter: float, score: int) -> None:
    """Jitter: <5 → 100, ≤15 → 80, ≤30 → 60, ≤50 → 30, else 0."""
    result = gaming_score(summary(), speedtest(jitter=jitter), enabled=True)
    assert component(result, "jitter") == score


@pytest.mark.parametrize(
    ("loss", "score"),
    [
        (0.0, 100),
        (0.01, 80),
        (0.49, 80),
        (0.5, 60),
        (0.99, 60),
        (1.0, 30),
        (1.99, 30),
        (2.0, 0),
    ],
)
def test_packet_loss_component(loss: float, score: int) -> None:
    """Loss: 0 → 100, <0.5 → 80, <1 → 60, <2 → 30, else 0."""
    result = gaming_score(summary(), speedtest(loss=loss), enabled=True)
    assert component(result, "packet_loss") == score


@pytest.mark.parametrize(
    ("score", "letter"),
    [
        (100, "A"),
        (90, "A"),
        (89, "B"),
        (75, "B"),
        (74, "C"),
        (50, "C"),
        (49, "D"),
        (25, "D"),
        (24, "F"),
        (0, "F"),
    ],
)
def test_grade_boundaries(score: int, letter: str) -> None:
    """≥90 A, ≥75 B, ≥50 C, ≥25 D, else F."""
    assert grade(score) == letter


@pytest.mark.parametrize(
    ("letter", "verdicts"),
    [
        ("A", ("ok", "ok", "ok", "ok")),
        ("B", ("ok", "ok", "ok", "ok")),
        ("C", ("bad", "ok", "ok", "ok")),
        ("D", ("bad", "bad", "ok", "warn")),
        ("F", ("bad", "bad", "bad", "bad")),
        (None, ("bad", "bad", "bad", "bad")),
    ],
)
def test_genres(letter: str | None, verdicts: tuple[str, str, str, str]) -> None:
    """fps ok for A/B, moba A to C, mmo A to D, strategy A to C and warn for D."""
    assert genres(letter) == dict(zip(("fps", "moba", "mmo", "strategy"), verdicts, strict=True))


def test_worst_case_scores_zero() -> None:
    """Everything at its worst gives 0 / F with every genre bad."""
    result = gaming_score(summary("critical", 20.0), speedtest(200, 80, 5), enabled=True)
    assert (result["score"], result["grade"]) == (0, "F")
    assert set(result["genres"].values()) == {"bad"}


def test_weighted_score_and_grade_d() -> None:
    """Score is the weighted mean, rounded; the grade follows it."""
    # (0·15 + 0·10 + 30·30 + 60·25 + 30·20) / 100 = 30
    result = gaming_score(summary("critical", 20.0), speedtest(100, 20, 1.5), enabled=True)
    assert (result["score"], result["grade"]) == (30, "D")
    assert result["genres"] == {"fps": "bad", "moba": "bad", "mmo": "ok", "strategy": "warn"}
