"""Deutsche Texte der Berichte: das Beschwerdeschreiben und alle Beschriftungen der PDFs."""

from __future__ import annotations

PLACEHOLDERS = {"name": "[Ihr Name]", "number": "[Kundennummer]", "address": "[Adresse]"}

LETTER = {
    "subject": "Betreff: Beschwerde über anhaltende Störungen meines Kabel-Internetanschlusses "
    "(Kundennummer {number})",
    "greeting_isp": "Sehr geehrtes Kundenservice-Team von {isp},",
    "greeting": "Sehr geehrte Damen und Herren,",
    "intro": "hiermit melde ich anhaltende Störungen meines Kabel-Internetanschlusses. Ich "
    "überwache die Leitung mit DOCSight, das die von meinem Kabelmodem gemeldeten Signalwerte "
    "aufzeichnet. Zwischen dem {start} und dem {end} hat DOCSight {count} erfasst.",
    "intro_no_data": "hiermit melde ich Störungen meines Kabel-Internetanschlusses. Für den "
    "Zeitraum zwischen dem {start} und dem {end} liegen keine DOCSIS-Signalmessungen meines "
    "Kabelmodems vor, die Verbindung bricht aber weiterhin ab oder wird langsam. Bitte prüfen "
    "Sie die Leitung trotzdem.",
    "intro_no_window": "hiermit melde ich Störungen meines Kabel-Internetanschlusses, wie sie "
    "in den beigefügten Tagebucheinträgen dokumentiert sind.",
    "findings": "Befunde:",
    "critical_share": "Bei {critical} von {count} ({share}) wurde die Verbindung als "
    "kritisch bewertet, bei weiteren {marginal} ({marginal_share}) als grenzwertig.",
    "ds_power": "Downstream-Empfangsleistung: ungünstigster Wert {value} dBmV; der Warnbereich "
    "der Spezifikation reicht von {low} bis {high} dBmV. {verdict}",
    "us_power": "Upstream-Sendeleistung: höchster Wert {value} dBmV; der Warnbereich der "
    "Spezifikation reicht von {low} bis {high} dBmV. {verdict}",
    "snr": "Downstream-Signal-Rausch-Abstand (SNR): niedrigster Wert {value} dB; die "
    "Warnschwelle liegt bei {limit} dB. {verdict}",
    "outside": "Der Wert liegt außerhalb dieses Bereichs.",
    "inside": "Der Wert liegt innerhalb dieses Bereichs.",
    "below": "Der Wert liegt unter dieser Schwelle.",
    "above": "Der Wert erreicht diese Schwelle.",
    "uncorrectable": "Höchststand der nicht korrigierbaren Fehler: {value} (Datenblöcke, die "
    "nicht repariert werden konnten; dabei gingen Daten verloren).",
    "diagnostics": "Kanäle außerhalb der Spezifikation (kritische Messungen):",
    "note": "{direction}-Kanal {channel}{frequency}: {problem}, ungünstigster Wert {value} "
    "{unit} bei einer Grenze von {limit} {unit} ({deviation} dB darüber hinaus), in {count}.",
    "comparison": "Vorher-Nachher-Vergleich:",
    "period": "Zeitraum {label} ({start} bis {end}): {count}, durchschnittliche "
    "Downstream-Leistung {ds_power} dBmV, SNR {ds_snr} dB, Upstream-Leistung {us_power} dBmV, "
    "nicht korrigierbare Fehler {uncorrectable}.",
    "verdict_improved": "Ergebnis: Die Verbindung hat sich verbessert.",
    "verdict_degraded": "Ergebnis: Die Verbindung hat sich verschlechtert.",
    "verdict_unchanged": "Ergebnis: Die Verbindung hat sich nicht wesentlich verändert.",
    "requests": "Ich bitte Sie daher,",
    "request_1": "1. meinen Anschluss und das versorgende Kabelnetz (Hausanschluss, Verstärker, "
    "Netzsegment) zu prüfen und die Störungen zu beheben,",
    "request_2": "2. bei Bedarf kostenfrei einen Techniker zu schicken, da die Ursache in "
    "Ihrem Netz liegt,",
    "request_3": "3. mir innerhalb von 14 Tagen schriftlich zu bestätigen, welche Maßnahmen "
    "Sie ergriffen haben.",
    "escalation": "Sollten die Störungen nicht innerhalb von 14 Tagen behoben sein, behalte ich "
    "mir vor, mich an die Bundesnetzagentur und deren Schlichtungsstelle zu wenden, das "
    "monatliche Entgelt für die Dauer der Störung zu mindern und den Vertrag außerordentlich "
    "zu kündigen.",
    "evidence": "Die Messprotokolle (einen PDF-Bericht) stelle ich Ihnen auf Wunsch gern zur "
    "Verfügung.",
    "closing": "Mit freundlichen Grüßen",
    "measurement": "Messung",
    "measurements": "Messungen",
    "customer_number": "Kundennummer: {number}",
}

PDF = {
    "report_title": "DOCSight-Störungsbericht",
    "incident_title": "DOCSight-Beschwerdeunterlagen",
    "subtitle": "Signalbericht des Kabelanschlusses, {start} bis {end}",
    "generated": "Erstellt am {when}",
    "page": "Seite {page} von {pages}",
    "footer": "DOCSight – Nachweis aus den Messwerten des eigenen Kabelmodems",
    "connection": "Anschlussdaten",
    "isp": "Internetanbieter",
    "modem_type": "Modemtyp",
    "modem": "Modem",
    "firmware": "Firmware",
    "tariff": "Gebuchter Tarif",
    "tariff_value": "{down} Mbit/s Download / {up} Mbit/s Upload",
    "connection_type": "Anschlussart",
    "customer_name": "Kundenname",
    "customer_number": "Kundennummer",
    "address": "Anschrift",
    "period": "Berichtszeitraum",
    "not_set": "nicht angegeben",
    "status": "Aktueller Zustand im Berichtszeitraum",
    "latest": "Letzte Messung im Zeitraum: {when}",
    "overall": "Gesamtzustand",
    "issues": "Auffälligkeiten",
    "no_issues": "Keine Auffälligkeiten in der letzten Messung.",
    "downstream": "Downstream-Kanäle",
    "upstream": "Upstream-Kanäle",
    "channel": "Kanal",
    "frequency": "Frequenz",
    "power": "Leistung (dBmV)",
    "snr": "SNR (dB)",
    "modulation": "Modulation",
    "corrected": "Korrigiert",
    "uncorrectable": "Nicht korrigierbar",
    "multiplex": "Multiplex",
    "health": "Zustand",
    "notes": "Diagnosehinweise",
    "notes_intro": "Kanäle, deren gespeicherter Zustand kritisch war, mit dem ungünstigsten "
    "Wert, der überschrittenen Grenze der Spezifikation und der Häufigkeit.",
    "no_notes": "Kein Kanal hat im Zeitraum einen kritischen Wert erreicht.",
    "direction": "Richtung",
    "problem": "Problem",
    "worst": "Ungünstigster Wert",
    "limit": "Grenze",
    "deviation": "Darüber (dB)",
    "count": "Anzahl",
    "comparison": "Vorher-Nachher-Vergleich",
    "metric": "Messgröße",
    "period_a": "Zeitraum A",
    "period_b": "Zeitraum B",
    "change": "Änderung (B − A)",
    "measurements": "Messungen",
    "avg_ds_power": "Mittlere Downstream-Leistung (dBmV)",
    "avg_ds_snr": "Mittlerer Downstream-SNR (dB)",
    "avg_us_power": "Mittlere Upstream-Leistung (dBmV)",
    "uncorrectable_total": "Nicht korrigierbare Fehler (Summe der Zähler)",
    "critical_share": "Kritische Messungen",
    "history": "Verlaufsanalyse",
    "first_last": "Erste / letzte Messung",
    "health_distribution": "Verteilung der Zustände",
    "worst_ds_power_max": "Höchste Downstream-Leistung (dBmV)",
    "worst_ds_power_min": "Niedrigste Downstream-Leistung (dBmV)",
    "worst_us_power_max": "Höchste Upstream-Leistung (dBmV)",
    "worst_ds_snr_min": "Niedrigster Downstream-SNR (dB)",
    "worst_uncorrectable": "Höchststand nicht korrigierbarer Fehler",
    "worst_correctable": "Höchststand korrigierter Fehler",
    "averages": "Mittelwerte (DS-Leistung / DS-SNR / US-Leistung)",
    "unhealthy_channels": "Kanäle, die am häufigsten im Warn- oder kritischen Bereich lagen",
    "no_unhealthy": "Kein Kanal lag im Warn- oder kritischen Bereich.",
    "share": "Anteil",
    "thresholds": "Referenzwerte",
    "thresholds_intro": "Profil: {name} (Version {version}). Die Grenzen gehören zum Bereich.",
    "ds_power_table": "Downstream-Leistung (dBmV)",
    "us_power_table": "Upstream-Leistung (dBmV)",
    "snr_table": "Downstream-SNR / MER (dB, Mindestwert)",
    "us_modulation_rule": "Upstream-Modulation: kritisch bei {critical}-QAM oder weniger, "
    "Warnung bei {warning}-QAM oder weniger.",
    "errors_rule": "Nicht korrigierbare Fehler: Warnung ab {warning} der Datenblöcke, kritisch "
    "ab {critical}.",
    "good": "Gut",
    "warning": "Warnung",
    "critical": "Kritisch",
    "charts": "Signalverlauf im Berichtszeitraum",
    "charts_intro": "Mittelwerte über alle Kanäle je Messung. Schattiert: der Warnbereich der "
    "Zeilen 256QAM / SC-QAM; gestrichelt: die SNR-Warnschwelle. Zeiten in {zone}.",
    "chart_ds_power": "Downstream-Leistung (Mittelwert)",
    "chart_ds_snr": "Downstream-SNR (Mittelwert)",
    "chart_us_power": "Upstream-Leistung (Mittelwert)",
    "chart_errors": "Nicht korrigierbare Fehler (neu je Intervall)",
    "warning_band": "Warnbereich",
    "warning_threshold": "Warnschwelle",
    "average": "Mittelwert",
    "new_errors": "neue Fehler",
    "letter": "Beschwerdeschreiben",
    "no_data": "Für diesen Zeitraum sind keine DOCSIS-Messungen gespeichert.",
    "incident": "Vorfall",
    "incident_name": "Bezeichnung",
    "incident_status": "Status",
    "incident_period": "Zeitraum",
    "incident_description": "Beschreibung",
    "incident_entries": "Tagebucheinträge",
    "incident_open_end": "{start} bis heute",
    "no_start_date": "Der Vorfall hat kein Startdatum, daher gibt es keinen Zeitraum zur "
    "Auswertung.",
    "signal_analysis": "Signalanalyse des Vorfallzeitraums",
    "window_capped": "Der Vorfall dauert länger als {days} Tage: Die Signalanalyse umfasst nur "
    "seine letzten {days} Tage, ab {start}.",
    "entries": "Tagebucheinträge",
    "no_entries": "Diesem Vorfall sind keine Tagebucheinträge zugeordnet.",
    "attachments": "Anhänge: {names}",
    "ds": "Downstream",
    "us": "Upstream",
}

HEALTH = {
    "good": "gut",
    "tolerated": "toleriert",
    "marginal": "grenzwertig",
    "warning": "Warnung",
    "critical": "kritisch",
}

STATUS = {"open": "offen", "resolved": "behoben", "escalated": "eskaliert"}

NOTE_PROBLEMS = {
    "us_power_high": "Sendeleistung zu hoch",
    "us_power_low": "Sendeleistung zu niedrig",
    "ds_power_high": "Empfangsleistung zu hoch",
    "ds_power_low": "Empfangsleistung zu niedrig",
    "snr_low": "Signal-Rausch-Abstand zu niedrig",
}

#: Wörter für die Teile einer Auffälligkeit wie "us_power_marginal_low".
ISSUE_SUBJECTS = {
    "ds_power": "Downstream-Leistung",
    "ds_modulation": "Downstream-Modulation",
    "us_power": "Upstream-Leistung",
    "us_modulation": "Upstream-Modulation",
    "snr": "Downstream-SNR",
    "uncorr_errors": "Nicht korrigierbare Fehler",
}
ISSUE_LEVELS = {
    "critical": "kritisch",
    "marginal": "grenzwertig",
    "tolerated": "toleriert",
    "high": "erhöht",
}
ISSUE_SIDES = {"low": "zu niedrig", "high": "zu hoch"}
