"""English texts of the reports: the complaint letter and every label of the PDFs."""

from __future__ import annotations

PLACEHOLDERS = {"name": "[Your Name]", "number": "[Customer Number]", "address": "[Address]"}

LETTER = {
    "subject": "Subject: Complaint about persistent faults on my cable internet connection "
    "(customer number {number})",
    "greeting_isp": "Dear {isp} customer service team,",
    "greeting": "Dear Sir or Madam,",
    "intro": "I am writing to report persistent faults on my cable internet connection. I "
    "monitor the line with DOCSight, which records the signal values my cable modem reports. "
    "Between {start} and {end} it collected {count}.",
    "intro_no_data": "I am writing to report faults on my cable internet connection. For the "
    "period between {start} and {end} no DOCSIS signal measurements of my cable modem are "
    "available, but the connection keeps failing or slowing down. Please check the line "
    "nevertheless.",
    "intro_no_window": "I am writing to report faults on my cable internet connection, as "
    "documented in the attached journal entries.",
    "findings": "Findings:",
    "critical_share": "In {critical} of {count} ({share}) the connection was "
    "rated critical; in another {marginal} ({marginal_share}) it was marginal.",
    "ds_power": "Downstream receive power: worst value {value} dBmV; the warning band of the "
    "specification is {low} to {high} dBmV. {verdict}",
    "us_power": "Upstream transmit power: highest value {value} dBmV; the warning band of the "
    "specification is {low} to {high} dBmV. {verdict}",
    "snr": "Downstream signal-to-noise ratio (SNR): lowest value {value} dB; the warning "
    "threshold is {limit} dB. {verdict}",
    "outside": "This is outside the band.",
    "inside": "This is within the band.",
    "below": "This is below the threshold.",
    "above": "This meets the threshold.",
    "uncorrectable": "Peak of uncorrectable errors: {value} (data blocks that could not be "
    "repaired, so data was lost).",
    "diagnostics": "Channels outside the specification (critical measurements):",
    "note": "{direction} channel {channel}{frequency}: {problem}, worst value {value} {unit} "
    "against a limit of {limit} {unit} ({deviation} dB beyond), in {count}.",
    "comparison": "Before/after comparison:",
    "period": "Period {label} ({start} to {end}): {count}, average downstream "
    "power {ds_power} dBmV, SNR {ds_snr} dB, upstream power {us_power} dBmV, uncorrectable "
    "errors {uncorrectable}.",
    "verdict_improved": "Result: the connection has improved.",
    "verdict_degraded": "Result: the connection has deteriorated.",
    "verdict_unchanged": "Result: the connection has not changed significantly.",
    "requests": "I therefore ask you to:",
    "request_1": "1. check my connection and the cable network serving it (house connection, "
    "amplifiers, network segment) and correct the faults;",
    "request_2": "2. send a technician if required, free of charge, as the cause lies in your "
    "network;",
    "request_3": "3. confirm in writing within 14 days which measures you have taken.",
    "escalation": "If the faults are not corrected within 14 days, I reserve the right to "
    "contact the Federal Network Agency (Bundesnetzagentur) and its arbitration body, to "
    "reduce my monthly fee for the duration of the fault and to terminate the contract "
    "without notice.",
    "evidence": "I will gladly provide the measurement records (a PDF report) on request.",
    "closing": "Kind regards,",
    "measurement": "measurement",
    "measurements": "measurements",
    "customer_number": "Customer number: {number}",
}

PDF = {
    "report_title": "DOCSight incident report",
    "incident_title": "DOCSight complaint dossier",
    "subtitle": "Cable connection signal report, {start} to {end}",
    "generated": "Generated {when}",
    "page": "Page {page} of {pages}",
    "footer": "DOCSight – evidence from the cable modem's own measurements",
    "connection": "Connection information",
    "isp": "Internet provider",
    "modem_type": "Modem type",
    "modem": "Modem",
    "firmware": "Firmware",
    "tariff": "Booked tariff",
    "tariff_value": "{down} Mbit/s down / {up} Mbit/s up",
    "connection_type": "Connection type",
    "customer_name": "Customer name",
    "customer_number": "Customer number",
    "address": "Address",
    "period": "Report period",
    "not_set": "not set",
    "status": "Current status in the report period",
    "latest": "Latest measurement in the period: {when}",
    "overall": "Overall health",
    "issues": "Issues",
    "no_issues": "No issues in the latest measurement.",
    "downstream": "Downstream channels",
    "upstream": "Upstream channels",
    "channel": "Channel",
    "frequency": "Frequency",
    "power": "Power (dBmV)",
    "snr": "SNR (dB)",
    "modulation": "Modulation",
    "corrected": "Corrected",
    "uncorrectable": "Uncorrectable",
    "multiplex": "Multiplex",
    "health": "Health",
    "notes": "Diagnostic notes",
    "notes_intro": "Channels whose stored health was critical, with the worst value, the "
    "specification boundary it crossed and how often.",
    "no_notes": "No channel reached a critical value in the period.",
    "direction": "Direction",
    "problem": "Problem",
    "worst": "Worst",
    "limit": "Limit",
    "deviation": "Beyond (dB)",
    "count": "Count",
    "comparison": "Before/after comparison",
    "metric": "Metric",
    "period_a": "Period A",
    "period_b": "Period B",
    "change": "Change (B − A)",
    "measurements": "Measurements",
    "avg_ds_power": "Average downstream power (dBmV)",
    "avg_ds_snr": "Average downstream SNR (dB)",
    "avg_us_power": "Average upstream power (dBmV)",
    "uncorrectable_total": "Uncorrectable errors (sum of counters)",
    "critical_share": "Critical measurements",
    "history": "Historical analysis",
    "first_last": "First / last measurement",
    "health_distribution": "Health distribution",
    "worst_ds_power_max": "Highest downstream power (dBmV)",
    "worst_ds_power_min": "Lowest downstream power (dBmV)",
    "worst_us_power_max": "Highest upstream power (dBmV)",
    "worst_ds_snr_min": "Lowest downstream SNR (dB)",
    "worst_uncorrectable": "Peak uncorrectable errors",
    "worst_correctable": "Peak corrected errors",
    "averages": "Averages (DS power / DS SNR / US power)",
    "unhealthy_channels": "Channels most often in warning or critical state",
    "no_unhealthy": "No channel was in warning or critical state.",
    "share": "Share",
    "thresholds": "Threshold reference",
    "thresholds_intro": "Profile: {name} (version {version}). Bands are inclusive.",
    "ds_power_table": "Downstream power (dBmV)",
    "us_power_table": "Upstream power (dBmV)",
    "snr_table": "Downstream SNR / MER (dB, minimum)",
    "us_modulation_rule": "Upstream modulation: critical at {critical}-QAM or below, warning at "
    "{warning}-QAM or below.",
    "errors_rule": "Uncorrectable errors: warning from {warning} of the data blocks, critical "
    "from {critical}.",
    "good": "Good",
    "warning": "Warning",
    "critical": "Critical",
    "charts": "Signal over the report period",
    "charts_intro": "Averages over all channels per measurement. Shaded: the warning band of "
    "the 256QAM / SC-QAM rows; dashed: the SNR warning threshold. Times in {zone}.",
    "chart_ds_power": "Downstream power (average)",
    "chart_ds_snr": "Downstream SNR (average)",
    "chart_us_power": "Upstream power (average)",
    "chart_errors": "Uncorrectable errors (new per interval)",
    "warning_band": "warning band",
    "warning_threshold": "warning threshold",
    "average": "average",
    "new_errors": "new errors",
    "letter": "Complaint letter",
    "no_data": "No DOCSIS measurements are stored for this period.",
    "incident": "Incident",
    "incident_name": "Name",
    "incident_status": "Status",
    "incident_period": "Period",
    "incident_description": "Description",
    "incident_entries": "Journal entries",
    "incident_open_end": "{start} until today",
    "no_start_date": "The incident has no start date, so there is no period to analyse.",
    "signal_analysis": "Signal analysis of the incident period",
    "window_capped": "The incident lasts longer than {days} days: the signal analysis covers "
    "only its newest {days} days, from {start}.",
    "entries": "Journal entries",
    "no_entries": "No journal entries are assigned to this incident.",
    "attachments": "Attachments: {names}",
    "ds": "Downstream",
    "us": "Upstream",
}

HEALTH = {
    "good": "good",
    "tolerated": "tolerated",
    "marginal": "marginal",
    "warning": "warning",
    "critical": "critical",
}

STATUS = {"open": "open", "resolved": "resolved", "escalated": "escalated"}

NOTE_PROBLEMS = {
    "us_power_high": "transmit power too high",
    "us_power_low": "transmit power too low",
    "ds_power_high": "receive power too high",
    "ds_power_low": "receive power too low",
    "snr_low": "signal-to-noise ratio too low",
}

#: Words for the parts of a summary issue id such as "us_power_marginal_low".
ISSUE_SUBJECTS = {
    "ds_power": "Downstream power",
    "ds_modulation": "Downstream modulation",
    "us_power": "Upstream power",
    "us_modulation": "Upstream modulation",
    "snr": "Downstream SNR",
    "uncorr_errors": "Uncorrectable errors",
}
ISSUE_LEVELS = {
    "critical": "critical",
    "marginal": "marginal",
    "tolerated": "tolerated",
    "high": "elevated",
}
ISSUE_SIDES = {"low": "too low", "high": "too high"}
