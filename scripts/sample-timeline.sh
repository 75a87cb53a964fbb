#!/usr/bin/env bash
# Records the timeline of 7–16 December 2024 in projects/syria-2024 through
# `dossier event`, so every quote is anchored exactly as the app anchors it.
# Run from the repository root after `cargo build`; running it again adds nothing new.
set -euo pipefail
P=projects/syria-2024
D=${DOSSIER:-target/debug/dossier}
M4=assad-assures-from-moscow-m4t8
V3=assad-denies-fleeing-leaders-v3n5
B6=assad-facebook-statement-peskov-b6r4
Q7=assad-first-message-erbil-q7k2
H9=telegram-statement-commentary-h9w1
ev() { "$D" event "$P" "$@" >/dev/null; }

T="Assad meets his military chiefs"
ev --title "$T" --entity "Bashar al-Assad" --time 2024-12-07 \
  --quote "$M4=On December 7 – the day before the rebels entered Damascus -, Assad met with military chiefs"

T="HTS takes Damascus"
ev --title "$T" --entity "Hay'at Tahrir al-Sham" --entity Damascus --time 2024-12-08 \
  --quote "$Q7=took over the Syrian capital city of Damascus on December 8" \
  --quote "$M4=the day before the rebels entered Damascus"
ev --title "$T" --time 2024-12-07 \
  --quote "$V3=the day after Damascus fell" \
  --quote "$M4=This took place one day after the fall of Damascus" \
  --notes "The reports disagree on the day: the 8th, or the 7th when the evacuation of the 8th is 'the day after'."

T="Assad leaves Damascus for Latakia"
ev --title "$T" --entity "Bashar al-Assad" --entity Damascus --entity Latakia \
  --time 2024-12-08T00:00/2024-12-08T06:00 \
  --quote "$Q7=he remained in Damascus until the early hours of December 8"
ev --title "$T" --time 2024-12-08 --part morning \
  --quote "$B6=he left Damascus on the morning of December 8"

T="Evacuation from Hmeimim to Moscow"
ev --title "$T" --entity "Bashar al-Assad" --entity Russia --entity "Hmeimim air base" --entity Moscow \
  --time 2024-12-08 --part afternoon \
  --quote "$M4=an immediate evacuation on the afternoon of December 8"
ev --title "$T" --time 2024-12-08 --part evening \
  --quote "$V3=airlift him to Moscow on the evening of December 8th" \
  --quote "$Q7=an immediate evacuation to Russia on the evening of Sunday 8. December"
ev --title "$T" --time 2024-12-08 --part night \
  --quote "$B6=move him on the night of December 8 to Moscow" \
  --notes "Afternoon, evening or night of 8 December, depending on the report."

T="The Kremlin says Assad decided to leave office"
ev --title "$T" --entity Russia --entity "Bashar al-Assad" --time 2024-12-08 \
  --quote "$H9=As the Kremlin communicated on December 8 that Assad had decided to resign" \
  --quote "$M4=last Sunday the 8th"

T="Asylum in Russia announced"
ev --title "$T" --entity Russia --entity "Bashar al-Assad" --entity "Dmitry Peskov" --entity "Vladimir Putin" \
  --time 2024-12-09 \
  --quote "$V3=On December 9th, Russian media reported that Assad had been granted asylum in Russia" \
  --quote "$Q7=Kremlin spokesperson Dmitry Peskov a day later officially announced"

T="Assad's statement from Moscow is published"
ev --title "$T" --entity "Bashar al-Assad" --entity Moscow --time 2024-12-16 \
  --quote "$M4=it was written in Moscow on December 16, 2024" \
  --quote "$Q7=The Syrian presidency media office on Monday published a letter"
