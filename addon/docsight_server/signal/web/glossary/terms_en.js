// The glossary's entries in English. [[key|text]] links to another entry.
export default {
  "term.docsis.name": "DOCSIS",
  "term.docsis.full": "Data Over Cable Service Interface Specification",
  "term.docsis.text": "The standard that carries internet over the coaxial cable of a cable TV network. Your cable modem and your provider's [[cmts|CMTS]] use it to talk to each other. In use today are [[docsis30|DOCSIS 3.0]] and [[docsis31|DOCSIS 3.1]]; EuroDOCSIS is the European variant with 8 MHz wide downstream channels.",

  "term.docsis30.name": "DOCSIS 3.0",
  "term.docsis30.text": "The DOCSIS version that introduced [[bonding|channel bonding]]: the modem uses many [[scqam|SC-QAM]] channels at once, for example 24 or 32 downstream and 4 to 8 upstream. Downstream channels usually carry 256-QAM, upstream channels 64-QAM.",

  "term.docsis31.name": "DOCSIS 3.1",
  "term.docsis31.text": "The newer DOCSIS version. Besides the 3.0 channels it brings wide [[ofdm|OFDM]] channels downstream and [[ofdma|OFDMA]] channels upstream, higher [[modulation|modulation]] orders (commonly up to 4096-QAM downstream) and a stronger error correction (LDPC). Gigabit tariffs on cable need it.",

  "term.cmts.name": "CMTS",
  "term.cmts.full": "Cable Modem Termination System",
  "term.cmts.text": "Your provider's equipment at the other end of the cable, usually in a local hub. It sends the [[downstream|downstream]], receives the [[upstream|upstream]] of all modems in the area, tells each modem which channels to use and how loudly to transmit, and decides when each modem may send.",

  "term.downstream.name": "Downstream",
  "term.downstream.text": "The direction from your provider to you: everything you download, stream or receive. Downstream channels sit in the upper part of the cable's frequency range. DOCSight judges each of them by its [[power|power level]], [[snr|SNR]] or [[mer|MER]], [[modulation|modulation]] and error counters.",

  "term.upstream.name": "Upstream",
  "term.upstream.text": "The direction from you to your provider: uploads, sent mail, your side of video calls and game input. Upstream channels use the low end of the cable's frequency range (in Europe often 5 to 65 MHz), where interference gets in more easily. DOCSight judges them by the modem's transmit [[power|power]] and the [[modulation|modulation]].",

  "term.channel.name": "Channel",
  "term.channel.text": "A slice of the cable's frequency range that carries data. The modem lists each channel with a number (its id), its [[frequency|frequency]], [[modulation|modulation]] and measurements. The modem chooses the ids; they can change after a restart.",

  "term.bonding.name": "Channel bonding",
  "term.bonding.text": "Using several channels together as one connection, so that their capacity adds up. If a bonded channel is lost, the connection keeps working with less capacity. DOCSight records an event when the number of channels changes.",

  "term.frequency.name": "Frequency",
  "term.frequency.text": "Where on the cable a channel sits, in MHz. For [[scqam|SC-QAM]] channels it is the centre frequency; [[ofdm|OFDM]] and [[ofdma|OFDMA]] channels cover a range, shown as from – to. Problems on only some frequencies point to a specific disturbance, such as radio interference.",

  "term.scqam.name": "SC-QAM",
  "term.scqam.full": "Single-Carrier QAM",
  "term.scqam.text": "The classic DOCSIS channel: one carrier per channel, modulated with [[qam|QAM]]. Downstream SC-QAM channels are 8 MHz wide in Europe (6 MHz in North America) and carry about 55 Mbit/s each with 256-QAM. Upstream SC-QAM channels are narrower.",

  "term.ofdm.name": "OFDM",
  "term.ofdm.full": "Orthogonal Frequency-Division Multiplexing",
  "term.ofdm.text": "The downstream channel type of [[docsis31|DOCSIS 3.1]]: one wide channel (up to 192 MHz) made of thousands of narrow subcarriers. Groups of subcarriers can use different [[modulation|modulations]], set by [[profile|profiles]]. The modem reports the channel's quality as [[mer|MER]].",

  "term.ofdma.name": "OFDMA",
  "term.ofdma.full": "Orthogonal Frequency-Division Multiple Access",
  "term.ofdma.text": "The upstream channel type of DOCSIS 3.1. Like [[ofdm|OFDM]] it consists of many subcarriers, but several modems share them: the [[cmts|CMTS]] gives each modem its own subcarriers and times to send. DOCSight shows the modulation of the modem's current [[profile|profile]].",

  "term.profile.name": "Profile",
  "term.profile.text": "In DOCSIS 3.1 a profile sets which [[modulation|modulation]] each part of an [[ofdm|OFDM]] or [[ofdma|OFDMA]] channel uses. The CMTS can move a modem with a weaker signal to a more robust profile with a lower modulation: it keeps working, but more slowly. DOCSight rates an OFDMA profile of 32-QAM or lower as critical, 64-QAM as warning and 128-QAM as tolerated.",

  "term.modulation.name": "Modulation",
  "term.modulation.text": "How data is put onto a carrier. Higher orders carry more bits per symbol but need a cleaner signal. When the signal gets worse, the provider's equipment switches to a lower order, which costs speed; DOCSight records that as a modulation change. An upstream channel at QPSK counts as critical and at 16-QAM as warning; a DOCSIS 3.1 downstream counts as good from 1024-QAM.",

  "term.qam.name": "QAM",
  "term.qam.full": "Quadrature Amplitude Modulation",
  "term.qam.text": "A way to send several bits at once by changing both the strength and the phase of a carrier. The number says how many states a symbol can take: 64-QAM carries 6 bits per symbol, 256-QAM 8, 1024-QAM 10 and 4096-QAM 12. QPSK is the same as 4-QAM (2 bits). Every two extra bits per symbol need about 6 dB more [[snr|SNR]].",

  "term.power.name": "Power level",
  "term.power.text": "The strength of a channel's signal in dBmV (decibels relative to one millivolt). Downstream it is what your modem receives; DOCSight counts −4 to +13 dBmV as good for a 256-QAM channel. Upstream it is how loudly your modem has to transmit for the [[cmts|CMTS]] to hear it; 41.1 to 47 dBmV is good for SC-QAM channels. A very high upstream level means much signal is lost on the way, for example in old cables, splitters or loose connectors.",

  "term.snr.name": "SNR",
  "term.snr.full": "Signal-to-Noise Ratio",
  "term.snr.text": "How far a channel's signal stands above the background noise, in dB; higher is better. For a 256-QAM downstream channel DOCSight counts 33 dB and more as good; below 33 dB it is tolerated, below 31 dB a warning and below 29 dB critical. Many modems actually report [[mer|MER]] under this name.",

  "term.mer.name": "MER",
  "term.mer.full": "Modulation Error Ratio",
  "term.mer.text": "How precisely the received symbols land where they should, in dB; higher is better. Unlike a pure noise figure it also includes distortion. DOCSIS 3.1 modems report it for [[ofdm|OFDM]] channels; DOCSight counts 27 dB and more as good there, below 25.5 dB as a warning and below 24.5 dB as critical.",

  "term.capacity.name": "Capacity",
  "term.capacity.full": "Theoretical bitrate",
  "term.capacity.text": "The most data a channel could carry: its symbol rate times the bits per symbol. An 8 MHz channel with 256-QAM gives about 55.6 Mbit/s. DOCSight adds up the [[scqam|SC-QAM]] channels; OFDM and OFDMA channels are left out because their capacity depends on the [[profile|profile]]. Real throughput is lower, as the channels carry overhead and are shared with neighbours.",

  "term.codewords.name": "Codewords",
  "term.codewords.text": "DOCSIS sends data in blocks called codewords. Each block carries extra check data (Reed-Solomon on SC-QAM, LDPC on OFDM) so that the receiver can repair a few damaged bits. The modem counts how many blocks arrived [[correctable|repaired]] and how many could [[uncorrectable|not be repaired]].",

  "term.correctable.name": "Correctable errors",
  "term.correctable.text": "[[codewords|Codewords]] that arrived with damaged bits but could be repaired. No data is lost. A count that keeps rising shows noise on the line, but on its own it is not a fault.",

  "term.uncorrectable.name": "Uncorrectable errors",
  "term.uncorrectable.text": "[[codewords|Codewords]] too damaged to repair: their data is lost and has to be sent again, or it causes a glitch in calls and games. DOCSight looks at the share of uncorrectable codewords among all counted ones (once there are at least 1,000): from 1 % it is high, from 3 % critical. A rise of more than 1,000 between two readings is recorded as an error spike.",

  "term.t3.name": "T3 timeout",
  "term.t3.text": "The modem sent a ranging request [[upstream|upstream]] and got no answer from the [[cmts|CMTS]] in time (200 ms). Single ones happen; many in a row point to a disturbed upstream, for example noise entering the cable or an upstream [[power|power level]] at its limit. After 16 failed attempts in a row the modem restarts its connection. Modems list these timeouts in their own event log.",

  "term.t4.name": "T4 timeout",
  "term.t4.text": "The [[cmts|CMTS]] did not give the modem its regular maintenance opportunity within the T4 time (30 seconds). The modem then assumes it has lost contact and restarts its connection, so the internet is gone for a minute or more. T4 timeouts usually mean a serious downstream or upstream problem.",

  "term.latency.name": "Latency",
  "term.latency.text": "The time a small packet needs to reach a destination and come back (round trip), in milliseconds. The connection monitor measures it to each of its targets; the speed test reports it as ping. Low, steady latency matters most for games and calls; the [[gaming_score|gaming score]] gives full marks below 20 ms.",

  "term.jitter.name": "Jitter",
  "term.jitter.text": "How much the [[latency|latency]] varies from one packet to the next, in milliseconds. High jitter makes calls choppy and games uneven even when the average latency is low. The [[gaming_score|gaming score]] gives full marks below 5 ms.",

  "term.packet_loss.name": "Packet loss",
  "term.packet_loss.text": "The share of packets or probes that get no answer. Small losses already disturb calls and games; downloads slow down because lost data is sent again. The connection monitor warns when the loss to a target over the last minute reaches the warning level (2 % unless changed).",

  "term.outage.name": "Outage",
  "term.outage.text": "A time in which a connection-monitor target did not answer at all. It begins when several probes in a row have timed out (5 unless changed) and ends with the first answer. DOCSight records its start and its end, with the duration, as events.",

  "term.traceroute.name": "Traceroute",
  "term.traceroute.text": "A list of the routers (hops) between you and a target, with the delay to each of them. It shows where on the way packets get lost or slow down: in your home network, at your provider or beyond. The connection monitor runs one when an [[outage|outage]] begins or [[packet_loss|packet loss]] appears, and you can start one yourself.",

  "term.rtd.name": "Round-trip delay",
  "term.rtd.full": "RTD",
  "term.rtd.text": "The time a probe needs to reach a device in your home network and come back. DOCSight collects it in 10-minute blocks and compares each block's median delay and loss with two limits (100 ms and 10 % unless changed). For [[importance|vital]] devices it records an event when a limit is crossed and another when both are fine again.",

  "term.grace.name": "Grace period",
  "term.grace.text": "How long a LAN device may stay silent before DOCSight counts it as down: 5 minutes unless changed, or the device's own setting. It keeps devices that sleep for a moment, such as phones, from raising alarms.",

  "term.importance.name": "Importance",
  "term.importance.full": "vital / floating",
  "term.importance.text": "How much a LAN device matters to you. Vital devices (VITAL), such as the router, a NAS or a repeater, are watched: going down after the [[grace|grace period]], coming back and [[rtd|delay]] problems become events. Floating devices (FLOATING), such as phones and laptops, come and go quietly. New devices and IP address changes are recorded for both.",

  "term.health.name": "Health",
  "term.health.text": "DOCSight's judgement of your line, based on its [[thresholds|limits]] for power, SNR/MER, modulation and errors. The line as a whole is good, tolerated (a little off the ideal, but fine), marginal (worth watching) or critical (likely to cause problems). A single channel is good, tolerated, warning or critical.",

  "term.thresholds.name": "Limits",
  "term.thresholds.full": "threshold profile",
  "term.thresholds.text": "The ranges DOCSight judges measurements against. The built-in profile follows the values Vodafone uses for its cable network in Germany (EuroDOCSIS). For each modulation it says which [[power|power levels]] and [[snr|SNR/MER]] values count as good, tolerated, warning or critical.",

  "term.gaming_score.name": "Gaming score",
  "term.gaming_score.text": "A score from 0 to 100, with a grade from A to F, that sums up how well the line suits online games. It weighs [[latency|latency]] (30 %), [[jitter|jitter]] (25 %) and [[packet_loss|packet loss]] (20 %) from the latest speed test, the line's [[health|health]] (15 %) and the SNR headroom, the weakest downstream SNR above 33 dB (10 %). Without a speed test only the line's parts count. Grade A starts at 90, B at 75, C at 50, D at 25.",

  "term.event.name": "Event",
  "term.event.text": "Something DOCSight noticed and recorded with a time and a severity (info, warning or critical): a change of the line's health, a modem reboot, an outage and more. Acknowledge an event once you have seen it; until then it counts as open.",
};
