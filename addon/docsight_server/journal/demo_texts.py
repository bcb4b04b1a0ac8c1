"""What the demo journal says: three incidents and a dozen entries a user would write.

Each entry is (days after its incident's bad evening, icon, title, description); the seeder
dates them on the demo line's episodes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoEntry:
    """One entry, dated `days_after` the bad evening it belongs to."""

    days_after: int
    icon: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class DemoIncident:
    """One incident: its text, status, how many days it lasts (None: open) and its entries."""

    name: str
    description: str
    status: str
    days: int | None
    icon: str
    entries: tuple[DemoEntry, ...]


DEMO_INCIDENTS = (
    DemoIncident(
        "Evening dropouts",
        "The connection kept dropping in the evening; fixed after a technician replaced a "
        "corroded connector.",
        "resolved",
        12,
        "🔌",
        (
            DemoEntry(
                0,
                "📞",
                "Internet dropped during video call",
                "The video call froze twice and the router showed no internet for a few "
                "minutes. The modem page listed many uncorrectable errors.",
            ),
            DemoEntry(
                1,
                "☎️",
                "Called ISP hotline",
                "Reported the dropouts (ticket number on the email). Support saw noise on the "
                "line and booked a technician.",
            ),
            DemoEntry(
                6,
                "🔧",
                "Technician visit",
                "The technician replaced the corroded F-connector at the wall outlet and "
                "measured the line: values fine afterwards.",
            ),
            DemoEntry(
                12,
                "✅",
                "Line stable after repair",
                "No dropouts for a week; SNR back at its usual values.",
            ),
        ),
    ),
    DemoIncident(
        "Lag and slow speeds in the evening",
        "Packet loss and low speeds at peak time; the ISP has escalated the ticket.",
        "escalated",
        9,
        "🐢",
        (
            DemoEntry(
                0,
                "🎮",
                "Lag spikes in online game",
                "Ping jumped to several hundred ms for about two hours, the game disconnected.",
            ),
            DemoEntry(
                1,
                "📉",
                "Speed test far below booked tariff",
                "Evening speed tests reached only a fraction of the booked download speed.",
            ),
            DemoEntry(
                3,
                "✉️",
                "Complaint letter sent to ISP",
                "Sent the complaint with the DOCSight report of the last days attached.",
            ),
            DemoEntry(
                9,
                "📈",
                "ISP escalated the ticket",
                "The ISP forwarded the case to its network team; a segment check is planned.",
            ),
        ),
    ),
    DemoIncident(
        "Evening SNR drops again",
        "Signal quality drops again in the evenings; collecting evidence before calling.",
        "open",
        None,
        "📡",
        (
            DemoEntry(
                0,
                "📺",
                "Video stream buffering all evening",
                "Streaming kept buffering from about 6 pm; the modem's SNR was in the red.",
            ),
            DemoEntry(
                1,
                "📋",
                "Modem log shows uncorrectable errors",
                "The event log lists a burst of uncorrectable errors at the same time.",
            ),
            DemoEntry(
                2,
                "🔄",
                "Restarted modem, no improvement",
                "A restart did not help: the next evening looked the same.",
            ),
        ),
    ),
)

#: On a mild evening, in no incident.
LOOSE_ENTRY = DemoEntry(
    0,
    "⏳",
    "Short slowdown while streaming",
    "Picture quality dropped for a while in the evening, then recovered on its own.",
)
