#!/bin/sh
# Records the disagreements of the five reports of projects/syria-2024 as claims, with
# quotes taken exactly from the texts (`dossier claim add` anchors each one). Run once on
# a sample without claims: a claim with the same statement only gets the quotes again.
set -eu
dossier=${DOSSIER:-target/debug/dossier}
p=${1:-projects/syria-2024}
moscow=assad-assures-from-moscow-m4t8
leaders=assad-denies-fleeing-leaders-v3n5
facebook=assad-facebook-statement-peskov-b6r4
erbil=assad-first-message-erbil-q7k2
commentary=telegram-statement-commentary-h9w1

claim() { "$dossier" claim add "$p" "$@" >/dev/null; }

planned="Assad's departure from Syria was planned"
claim --statement "$planned" --entity "Bashar al-Assad" --credibility 3 \
  --supports "$moscow=decided to leave the presidential office and left the country, giving instructions to carry out the transfer of power peacefully"
claim --statement "$planned" --credibility 3 \
  --contradicts "$erbil=My departure from Syria was neither planned nor did it occur during the final hours of the battles" \
  --contradicts "$facebook=I did not leave the country as part of a plan as it was reported earlier." \
  --contradicts "$moscow=denies that his escape was something “planned”"

resigned="Assad resigned: he decided to leave office"
claim --statement "$resigned" --entity "Bashar al-Assad" --entity Russia --relation russia-announced-the-vf7b --credibility 3 \
  --supports "$moscow=Assad “decided to leave the presidential office and left the country" \
  --supports "$commentary=the Kremlin communicated on December 8 that Assad had decided to resign"
claim --statement "$resigned" --credibility 3 \
  --contradicts "$erbil=Assad claimed that he never considered stepping down or seeking refuge" \
  --contradicts "$leaders=at no point did he consider fleeing or stepping down" \
  --contradicts "$commentary=he vehemently denied resigning or abandoning his soldiers"

telegram="Assad's statement was published on Telegram"
claim --statement "$telegram" --entity "Bashar al-Assad" --credibility 2 \
  --supports "$moscow=In a letter published on his Telegram channel" \
  --supports "$leaders=The statement, which appeared on the Telegram channel of the Syrian presidency" \
  --supports "$commentary=In a recent statement circulated through Telegram"
claim --statement "$telegram" \
  --mentions "$erbil=The Syrian presidency media office on Monday published a letter attributed to Assad"
claim --statement "$telegram" --credibility 3 \
  --contradicts "$facebook=On his Facebook page, Assad said in a statement"

asylum="The Kremlin officially announced Assad's asylum in Russia"
claim --statement "$asylum" --entity "Dmitry Peskov" --entity "Bashar al-Assad" --relation dmitry-peskov-announced-the-p4qs --credibility 2 \
  --supports "$erbil=Kremlin spokesperson Dmitry Peskov a day later officially announced that Russian President Vladimir Putin had personally granted asylum to Assad and his family"
claim --statement "$asylum" --credibility 3 \
  --contradicts "$leaders=Russian media reported that Assad had been granted asylum in Russia, though no official confirmation has been made"

evening="Russia evacuated Assad from Hmeimim on the evening of 8 December"
claim --statement "$evening" --entity "Bashar al-Assad" --entity "Hmeimim air base" --relation russia-evacuated-to-moscow-0idf --credibility 3 \
  --supports "$erbil=Moscow requested that the base's command arrange an immediate evacuation to Russia on the evening of Sunday 8. December"
claim --statement "$evening" --credibility 3 \
  --contradicts "$moscow=Moscow requested that the command coordinate an immediate evacuation on the afternoon of December 8" \
  --contradicts "$facebook=the Russians decided to move him on the night of December 8 to Moscow"

"$dossier" check "$p"
