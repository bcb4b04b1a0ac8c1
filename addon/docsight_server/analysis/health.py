"""Health vocabularies and how issue lists roll up into one health value."""

from __future__ import annotations

from collections.abc import Iterable

from .records import Record

#: Per-channel vocabulary, best first.
CHANNEL_HEALTH = ("good", "tolerated", "warning", "critical")
#: Overall (summary) vocabulary, best first.
SUMMARY_HEALTH = ("good", "tolerated", "marginal", "critical")
SUMMARY_RANK = {name: rank for rank, name in enumerate(SUMMARY_HEALTH)}
CHANNEL_RANK = {name: rank for rank, name in enumerate(CHANNEL_HEALTH)}

UNCORR_ISSUES = ("uncorr_errors_critical", "uncorr_errors_high")


def channel_health(issues: Iterable[str]) -> str:
    """Return a channel's health from its issue texts ("power warning", "snr critical", ...)."""
    found = list(issues)
    if any("critical" in issue for issue in found):
        return "critical"
    if any("warning" in issue for issue in found):
        return "warning"
    return "tolerated" if found else "good"


def overall_health(issues: Iterable[str]) -> str:
    """Return the summary health from summary issue ids ("ds_power_critical", ...)."""
    found = list(issues)
    if not found:
        return "good"
    if any("critical" in issue for issue in found):
        return "critical"
    if any("marginal" in issue for issue in found):
        return "marginal"
    return "tolerated"


def uncorrectable_issues(ratio_pct: float | None, warning: float, critical: float) -> list[str]:
    """Return the summary issue for an uncorrectable ratio (empty when below the warning level)."""
    if ratio_pct is None:
        return []
    if ratio_pct >= critical:
        return ["uncorr_errors_critical"]
    if ratio_pct >= warning:
        return ["uncorr_errors_high"]
    return []


def replace_uncorrectable_issues(summary: Record, new_issues: list[str]) -> None:
    """Swap the uncorrectable-error issues of a summary and recompute its health."""
    kept = [issue for issue in summary.get("health_issues", []) if issue not in UNCORR_ISSUES]
    summary["health_issues"] = kept + new_issues
    summary["health"] = overall_health(summary["health_issues"])
