"""Gaming Quality Index: a 0-100 score and A-F grade from DOCSIS health and latency."""

from __future__ import annotations

from typing import Any

from .records import Record

#: SNR headroom is measured above the 256QAM "good" minimum (dB).
SNR_256QAM_GOOD_MIN = 33.0

WEIGHTS = {"docsis_health": 15, "snr_headroom": 10, "latency": 30, "jitter": 25, "packet_loss": 20}
HEALTH_SCORES = {"good": 100, "tolerated": 90, "marginal": 50}
GENRES = ("fps", "moba", "mmo", "strategy")


def _number(value: Any) -> float:
    """Return a measurement as float; missing values count as 0 like upstream."""
    if value is None or isinstance(value, bool):
        return 0.0
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _snr_headroom_score(snr_min: float) -> int:
    """Score the headroom of the weakest downstream SNR above the 256QAM good minimum."""
    headroom = snr_min - SNR_256QAM_GOOD_MIN
    if headroom > 6:
        return 100
    if headroom >= 3:
        return 85
    if headroom >= 1:
        return 55
    return 0


def _latency_score(ping_ms: float) -> int:
    """Score the speed-test ping."""
    if ping_ms < 20:
        return 100
    if ping_ms <= 50:
        return 80
    if ping_ms <= 80:
        return 60
    if ping_ms <= 120:
        return 30
    return 0


def _jitter_score(jitter_ms: float) -> int:
    """Score the speed-test jitter."""
    if jitter_ms < 5:
        return 100
    if jitter_ms <= 15:
        return 80
    if jitter_ms <= 30:
        return 60
    if jitter_ms <= 50:
        return 30
    return 0


def _packet_loss_score(loss_pct: float) -> int:
    """Score the speed-test packet loss."""
    if loss_pct == 0:
        return 100
    if loss_pct < 0.5:
        return 80
    if loss_pct < 1:
        return 60
    if loss_pct < 2:
        return 30
    return 0


def grade(score: int) -> str:
    """Return the letter grade of a score."""
    if score >= 90:
        return "A"
    if score >= 75:
        return "B"
    if score >= 50:
        return "C"
    if score >= 25:
        return "D"
    return "F"


def genres(letter: str | None) -> dict[str, str]:
    """Return the ok/warn/bad verdict per game genre for a grade (all "bad" without one)."""
    return {
        "fps": "ok" if letter in ("A", "B") else "bad",
        "moba": "ok" if letter in ("A", "B", "C") else "bad",
        "mmo": "ok" if letter in ("A", "B", "C", "D") else "bad",
        "strategy": "ok" if letter in ("A", "B", "C") else ("warn" if letter == "D" else "bad"),
    }


def gaming_score(summary: Record | None, speedtest: Record | None, *, enabled: bool) -> Record:
    """Return the GET /api/gaming-score body for an analysis summary and the latest speed test.

    Without a summary there is nothing to rate: score and grade are null, components and raw
    are empty, and genres keeps its four keys, all "bad" (upstream's shape, so clients can
    always read every genre). A speed test counts only when it carries a ``ping_ms`` value;
    missing jitter or packet loss then count as 0, as upstream does. The index is computed
    even when the feature is disabled; ``enabled`` only reports the setting.
    """
    if summary is None:
        return {
            "enabled": enabled,
            "score": None,
            "grade": None,
            "has_speedtest": False,
            "components": {},
            "genres": genres(None),
            "raw": {},
        }
    scores = {
        "docsis_health": HEALTH_SCORES.get(str(summary.get("health")), 0),
        "snr_headroom": _snr_headroom_score(_number(summary.get("ds_snr_min"))),
    }
    raw: dict[str, Any] = {
        "docsis_health": summary.get("health"),
        "ds_snr_min": summary.get("ds_snr_min"),
    }
    has_speedtest = False
    if isinstance(speedtest, dict) and speedtest.get("ping_ms") is not None:
        has_speedtest = True
        scores["latency"] = _latency_score(_number(speedtest.get("ping_ms")))
        scores["jitter"] = _jitter_score(_number(speedtest.get("jitter_ms")))
        scores["packet_loss"] = _packet_loss_score(_number(speedtest.get("packet_loss_pct")))
        for key in ("ping_ms", "jitter_ms", "packet_loss_pct"):
            raw[key] = speedtest.get(key)
    components = {name: {"score": value, "weight": WEIGHTS[name]} for name, value in scores.items()}
    total_weight = sum(WEIGHTS[name] for name in scores)
    score = round(sum(value * WEIGHTS[name] for name, value in scores.items()) / total_weight)
    letter = grade(score)
    return {
        "enabled": enabled,
        "score": score,
        "grade": letter,
        "has_speedtest": has_speedtest,
        "components": components,
        "genres": genres(letter),
        "raw": raw,
    }
