// Die Einträge des Glossars auf Deutsch. [[key|Text]] verweist auf einen anderen Eintrag.
export default {
  "term.docsis.name": "DOCSIS",
  "term.docsis.full": "Data Over Cable Service Interface Specification",
  "term.docsis.text": "Der Standard, mit dem Internet über das Koaxialkabel eines Kabelfernsehnetzes läuft. Dein Kabelmodem und das [[cmts|CMTS]] deines Anbieters verständigen sich damit. Heute im Einsatz sind [[docsis30|DOCSIS 3.0]] und [[docsis31|DOCSIS 3.1]]; EuroDOCSIS ist die europäische Variante mit 8 MHz breiten Downstream-Kanälen.",

  "term.docsis30.name": "DOCSIS 3.0",
  "term.docsis30.text": "Die DOCSIS-Version, die die [[bonding|Kanalbündelung]] eingeführt hat: Das Modem nutzt viele [[scqam|SC-QAM]]-Kanäle zugleich, zum Beispiel 24 oder 32 im Downstream und 4 bis 8 im Upstream. Downstream-Kanäle arbeiten meist mit 256-QAM, Upstream-Kanäle mit 64-QAM.",

  "term.docsis31.name": "DOCSIS 3.1",
  "term.docsis31.text": "Die neuere DOCSIS-Version. Zusätzlich zu den 3.0-Kanälen bringt sie breite [[ofdm|OFDM]]-Kanäle im Downstream und [[ofdma|OFDMA]]-Kanäle im Upstream, höhere [[modulation|Modulationsstufen]] (im Downstream meist bis 4096-QAM) und eine stärkere Fehlerkorrektur (LDPC). Gigabit-Tarife im Kabelnetz brauchen sie.",

  "term.cmts.name": "CMTS",
  "term.cmts.full": "Cable Modem Termination System",
  "term.cmts.text": "Die Technik deines Anbieters am anderen Ende des Kabels, meist in einem örtlichen Verteilpunkt. Sie sendet den [[downstream|Downstream]], empfängt den [[upstream|Upstream]] aller Modems im Gebiet, teilt jedem Modem seine Kanäle und seine Sendestärke zu und bestimmt, wann welches Modem senden darf.",

  "term.downstream.name": "Downstream",
  "term.downstream.text": "Die Richtung vom Anbieter zu dir: alles, was du herunterlädst, streamst oder empfängst. Downstream-Kanäle liegen im oberen Teil des Frequenzbereichs im Kabel. DOCSight beurteilt jeden nach [[power|Pegel]], [[snr|SNR]] oder [[mer|MER]], [[modulation|Modulation]] und Fehlerzählern.",

  "term.upstream.name": "Upstream",
  "term.upstream.text": "Die Richtung von dir zum Anbieter: Uploads, gesendete Mails, deine Seite von Videoanrufen und Eingaben im Spiel. Upstream-Kanäle nutzen das untere Ende des Frequenzbereichs (in Europa oft 5 bis 65 MHz), wo Störungen leichter eindringen. DOCSight beurteilt sie nach dem [[power|Sendepegel]] des Modems und der [[modulation|Modulation]].",

  "term.channel.name": "Kanal",
  "term.channel.text": "Ein Ausschnitt des Frequenzbereichs im Kabel, der Daten trägt. Das Modem führt jeden Kanal mit einer Nummer (seiner ID), seiner [[frequency|Frequenz]], [[modulation|Modulation]] und seinen Messwerten. Die IDs vergibt das Modem; nach einem Neustart können sie sich ändern.",

  "term.bonding.name": "Kanalbündelung",
  "term.bonding.text": "Mehrere Kanäle werden gemeinsam als eine Verbindung genutzt, ihre Kapazität addiert sich. Fällt ein gebündelter Kanal weg, läuft die Verbindung mit weniger Kapazität weiter. DOCSight zeichnet ein Ereignis auf, wenn sich die Zahl der Kanäle ändert.",

  "term.frequency.name": "Frequenz",
  "term.frequency.text": "Wo ein Kanal im Kabel liegt, in MHz. Bei [[scqam|SC-QAM]]-Kanälen ist es die Mittenfrequenz; [[ofdm|OFDM]]- und [[ofdma|OFDMA]]-Kanäle belegen einen Bereich, angezeigt als von – bis. Probleme nur auf einzelnen Frequenzen deuten auf eine bestimmte Störung hin, etwa durch Funk.",

  "term.scqam.name": "SC-QAM",
  "term.scqam.full": "Single-Carrier QAM (Einzelträger-QAM)",
  "term.scqam.text": "Der klassische DOCSIS-Kanal: ein Träger pro Kanal, moduliert mit [[qam|QAM]]. Downstream-Kanäle sind in Europa 8 MHz breit (in Nordamerika 6 MHz) und tragen mit 256-QAM je etwa 55 Mbit/s. Upstream-Kanäle dieser Art sind schmaler.",

  "term.ofdm.name": "OFDM",
  "term.ofdm.full": "Orthogonal Frequency-Division Multiplexing",
  "term.ofdm.text": "Der Downstream-Kanaltyp von [[docsis31|DOCSIS 3.1]]: ein breiter Kanal (bis 192 MHz) aus Tausenden schmaler Unterträger. Gruppen von Unterträgern können verschiedene [[modulation|Modulationen]] nutzen, festgelegt durch [[profile|Profile]]. Die Qualität des Kanals meldet das Modem als [[mer|MER]].",

  "term.ofdma.name": "OFDMA",
  "term.ofdma.full": "Orthogonal Frequency-Division Multiple Access",
  "term.ofdma.text": "Der Upstream-Kanaltyp von DOCSIS 3.1. Wie [[ofdm|OFDM]] besteht er aus vielen Unterträgern, die sich aber mehrere Modems teilen: Das [[cmts|CMTS]] gibt jedem Modem eigene Unterträger und Sendezeiten. DOCSight zeigt die Modulation des aktuellen [[profile|Profils]] des Modems.",

  "term.profile.name": "Profil",
  "term.profile.text": "Bei DOCSIS 3.1 legt ein Profil fest, welche [[modulation|Modulation]] jeder Teil eines [[ofdm|OFDM]]- oder [[ofdma|OFDMA]]-Kanals nutzt. Das CMTS kann ein Modem mit schwächerem Signal auf ein robusteres Profil mit niedrigerer Modulation setzen: Es läuft weiter, aber langsamer. DOCSight bewertet ein OFDMA-Profil mit 32-QAM oder weniger als kritisch, mit 64-QAM als Warnung und mit 128-QAM als toleriert.",

  "term.modulation.name": "Modulation",
  "term.modulation.text": "Wie Daten auf einen Träger gebracht werden. Höhere Stufen übertragen mehr Bits pro Symbol, brauchen aber ein saubereres Signal. Wird das Signal schlechter, schaltet die Technik des Anbieters auf eine niedrigere Stufe, was Geschwindigkeit kostet; DOCSight zeichnet das als Modulationswechsel auf. Ein Upstream-Kanal mit QPSK gilt als kritisch, mit 16-QAM als Warnung; ein DOCSIS-3.1-Downstream gilt ab 1024-QAM als gut.",

  "term.qam.name": "QAM",
  "term.qam.full": "Quadraturamplitudenmodulation",
  "term.qam.text": "Ein Verfahren, mehrere Bits auf einmal zu senden, indem Stärke und Phase eines Trägers verändert werden. Die Zahl gibt an, wie viele Zustände ein Symbol annehmen kann: 64-QAM trägt 6 Bit pro Symbol, 256-QAM 8, 1024-QAM 10 und 4096-QAM 12. QPSK entspricht 4-QAM (2 Bit). Je zwei Bit mehr pro Symbol brauchen etwa 6 dB mehr [[snr|SNR]].",

  "term.power.name": "Pegel",
  "term.power.text": "Die Stärke des Signals eines Kanals in dBmV (Dezibel bezogen auf ein Millivolt). Im Downstream ist es das, was dein Modem empfängt; DOCSight wertet −4 bis +13 dBmV bei einem 256-QAM-Kanal als gut. Im Upstream ist es, wie laut dein Modem senden muss, damit das [[cmts|CMTS]] es hört; 41,1 bis 47 dBmV sind bei SC-QAM-Kanälen gut. Ein sehr hoher Upstream-Pegel heißt, dass unterwegs viel Signal verloren geht, etwa in alten Kabeln, Verteilern oder losen Steckern.",

  "term.snr.name": "SNR",
  "term.snr.full": "Signal-Rausch-Abstand",
  "term.snr.text": "Wie weit das Signal eines Kanals über dem Grundrauschen liegt, in dB; mehr ist besser. Bei einem 256-QAM-Downstream-Kanal wertet DOCSight 33 dB und mehr als gut; unter 33 dB ist er toleriert, unter 31 dB eine Warnung und unter 29 dB kritisch. Viele Modems melden unter diesem Namen eigentlich den [[mer|MER]].",

  "term.mer.name": "MER",
  "term.mer.full": "Modulation Error Ratio (Modulationsfehlerverhältnis)",
  "term.mer.text": "Wie genau die empfangenen Symbole dort landen, wo sie hingehören, in dB; mehr ist besser. Anders als ein reiner Rauschwert erfasst er auch Verzerrungen. DOCSIS-3.1-Modems melden ihn für [[ofdm|OFDM]]-Kanäle; DOCSight wertet dort 27 dB und mehr als gut, unter 25,5 dB als Warnung und unter 24,5 dB als kritisch.",

  "term.capacity.name": "Kapazität",
  "term.capacity.full": "theoretische Bitrate",
  "term.capacity.text": "Die größte Datenmenge, die ein Kanal tragen könnte: seine Symbolrate mal die Bits pro Symbol. Ein 8-MHz-Kanal mit 256-QAM ergibt etwa 55,6 Mbit/s. DOCSight addiert die [[scqam|SC-QAM]]-Kanäle; OFDM- und OFDMA-Kanäle bleiben außen vor, weil ihre Kapazität vom [[profile|Profil]] abhängt. Der echte Durchsatz ist geringer, da die Kanäle Verwaltungsdaten tragen und mit den Nachbarn geteilt werden.",

  "term.codewords.name": "Codewörter",
  "term.codewords.text": "DOCSIS überträgt Daten in Blöcken, den Codewörtern. Jeder Block enthält zusätzliche Prüfdaten (Reed-Solomon bei SC-QAM, LDPC bei OFDM), mit denen der Empfänger einige beschädigte Bits reparieren kann. Das Modem zählt, wie viele Blöcke [[correctable|repariert]] ankamen und wie viele sich [[uncorrectable|nicht reparieren]] ließen.",

  "term.correctable.name": "Korrigierbare Fehler",
  "term.correctable.text": "[[codewords|Codewörter]], die mit beschädigten Bits ankamen, aber repariert werden konnten. Es gehen keine Daten verloren. Ein stetig steigender Zähler zeigt Rauschen auf der Leitung, ist für sich allein aber kein Fehler.",

  "term.uncorrectable.name": "Nicht korrigierbare Fehler",
  "term.uncorrectable.text": "[[codewords|Codewörter]], die zu stark beschädigt waren: Ihre Daten sind verloren und müssen neu gesendet werden oder verursachen Aussetzer bei Anrufen und Spielen. DOCSight betrachtet den Anteil nicht korrigierbarer Codewörter an allen gezählten (ab 1.000 Stück): ab 1 % ist er hoch, ab 3 % kritisch. Ein Anstieg um mehr als 1.000 zwischen zwei Messungen wird als Fehlerspitze aufgezeichnet.",

  "term.t3.name": "T3-Timeout",
  "term.t3.text": "Das Modem hat im [[upstream|Upstream]] eine Einmessanfrage (Ranging) gesendet und vom [[cmts|CMTS]] nicht rechtzeitig (binnen 200 ms) eine Antwort erhalten. Einzelne kommen vor; viele hintereinander deuten auf einen gestörten Upstream hin, etwa eindringendes Rauschen oder einen Upstream-[[power|Pegel]] an seiner Grenze. Nach 16 erfolglosen Versuchen in Folge baut das Modem seine Verbindung neu auf. Modems führen diese Timeouts in ihrem eigenen Ereignisprotokoll.",

  "term.t4.name": "T4-Timeout",
  "term.t4.text": "Das [[cmts|CMTS]] hat dem Modem seine regelmäßige Gelegenheit zur Einmessung nicht innerhalb der T4-Zeit (30 Sekunden) gegeben. Das Modem geht dann davon aus, den Kontakt verloren zu haben, und baut die Verbindung neu auf; das Internet ist eine Minute oder länger weg. T4-Timeouts bedeuten meist ein ernstes Problem im Downstream oder Upstream.",

  "term.latency.name": "Latenz",
  "term.latency.text": "Die Zeit, die ein kleines Paket bis zu einem Ziel und zurück braucht (Hin und Rückweg), in Millisekunden. Der Verbindungsmonitor misst sie zu jedem seiner Ziele; der Speedtest meldet sie als Ping. Niedrige, gleichmäßige Latenz zählt vor allem bei Spielen und Anrufen; der [[gaming_score|Gaming-Score]] gibt unter 20 ms die volle Punktzahl.",

  "term.jitter.name": "Jitter",
  "term.jitter.text": "Wie stark die [[latency|Latenz]] von Paket zu Paket schwankt, in Millisekunden. Hoher Jitter lässt Anrufe abgehackt klingen und Spiele ungleichmäßig laufen, auch wenn die mittlere Latenz niedrig ist. Der [[gaming_score|Gaming-Score]] gibt unter 5 ms die volle Punktzahl.",

  "term.packet_loss.name": "Paketverlust",
  "term.packet_loss.text": "Der Anteil der Pakete oder Proben, die keine Antwort bekommen. Schon kleine Verluste stören Anrufe und Spiele; Downloads werden langsamer, weil verlorene Daten neu gesendet werden. Der Verbindungsmonitor warnt, wenn der Verlust zu einem Ziel in der letzten Minute die Warnschwelle erreicht (2 %, sofern nicht geändert).",

  "term.outage.name": "Ausfall",
  "term.outage.text": "Eine Zeit, in der ein Ziel des Verbindungsmonitors gar nicht antwortete. Er beginnt, wenn mehrere Proben in Folge ohne Antwort blieben (5, sofern nicht geändert), und endet mit der ersten Antwort. DOCSight zeichnet Beginn und Ende samt Dauer als Ereignisse auf.",

  "term.traceroute.name": "Traceroute",
  "term.traceroute.text": "Eine Liste der Router (Hops) zwischen dir und einem Ziel, mit der Verzögerung zu jedem. Sie zeigt, wo unterwegs Pakete verloren gehen oder langsam werden: in deinem Heimnetz, bei deinem Anbieter oder dahinter. Der Verbindungsmonitor startet eine, wenn ein [[outage|Ausfall]] beginnt oder [[packet_loss|Paketverlust]] auftritt; du kannst auch selbst eine starten.",

  "term.rtd.name": "Umlaufzeit",
  "term.rtd.full": "RTD, Round-Trip Delay",
  "term.rtd.text": "Die Zeit, die eine Probe bis zu einem Gerät in deinem Heimnetz und zurück braucht. DOCSight fasst sie in 10-Minuten-Blöcken zusammen und vergleicht den Median und den Verlust jedes Blocks mit zwei Grenzen (100 ms und 10 %, sofern nicht geändert). Für [[importance|wichtige]] Geräte zeichnet es ein Ereignis auf, wenn eine Grenze überschritten wird, und ein weiteres, wenn beide Werte wieder in Ordnung sind.",

  "term.grace.name": "Karenzzeit",
  "term.grace.text": "Wie lange ein LAN-Gerät schweigen darf, bevor DOCSight es als nicht erreichbar wertet: 5 Minuten, sofern nicht geändert, oder die eigene Einstellung des Geräts. So lösen Geräte, die kurz schlafen, etwa Handys, keinen Alarm aus.",

  "term.importance.name": "Wichtigkeit",
  "term.importance.full": "wichtig / wechselnd",
  "term.importance.text": "Wie sehr ein LAN-Gerät für dich zählt. Wichtige Geräte (VITAL) wie Router, NAS oder Repeater werden überwacht: Ausfall nach der [[grace|Karenzzeit]], Rückkehr und Probleme mit der [[rtd|Umlaufzeit]] werden zu Ereignissen. Wechselnde Geräte (FLOATING) wie Handys und Laptops kommen und gehen ohne Meldung. Neue Geräte und geänderte IP-Adressen werden bei beiden aufgezeichnet.",

  "term.health.name": "Zustand",
  "term.health.text": "Die Bewertung deiner Leitung durch DOCSight, anhand seiner [[thresholds|Grenzwerte]] für Pegel, SNR/MER, Modulation und Fehler. Die Leitung als Ganzes ist gut, toleriert (etwas neben dem Ideal, aber in Ordnung), grenzwertig (im Auge behalten) oder kritisch (verursacht wahrscheinlich Probleme). Ein einzelner Kanal ist gut, toleriert, Warnung oder kritisch.",

  "term.thresholds.name": "Grenzwerte",
  "term.thresholds.full": "Schwellenprofil",
  "term.thresholds.text": "Die Bereiche, nach denen DOCSight Messwerte bewertet. Das eingebaute Profil folgt den Werten, die Vodafone für sein Kabelnetz in Deutschland nutzt (EuroDOCSIS). Es legt je Modulation fest, welche [[power|Pegel]] und [[snr|SNR/MER]]-Werte als gut, toleriert, Warnung oder kritisch gelten.",

  "term.gaming_score.name": "Gaming-Score",
  "term.gaming_score.text": "Eine Punktzahl von 0 bis 100 mit einer Note von A bis F, die zusammenfasst, wie gut die Leitung für Onlinespiele taugt. Sie gewichtet [[latency|Latenz]] (30 %), [[jitter|Jitter]] (25 %) und [[packet_loss|Paketverlust]] (20 %) aus dem letzten Speedtest, den [[health|Zustand]] der Leitung (15 %) und den SNR-Spielraum, also wie weit der schwächste Downstream-SNR über 33 dB liegt (10 %). Ohne Speedtest zählen nur die Teile der Leitung. Note A beginnt bei 90, B bei 75, C bei 50, D bei 25.",

  "term.event.name": "Ereignis",
  "term.event.text": "Etwas, das DOCSight bemerkt und mit Zeit und Schweregrad (Info, Warnung oder kritisch) aufgezeichnet hat: ein geänderter Leitungszustand, ein Modemneustart, ein Ausfall und mehr. Bestätige ein Ereignis, sobald du es gesehen hast; bis dahin gilt es als offen.",
};
