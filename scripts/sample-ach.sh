#!/bin/sh
# Rates the five claims of projects/syria-2024 against three competing hypotheses about
# how Bashar al-Assad left Syria (Heuer's analysis of competing hypotheses), with
# `dossier ach`. Run once on a sample without a matrix: a second run finds the matrix
# there already and only rates the cells again.
set -eu
dossier=${DOSSIER:-target/debug/dossier}
p=${1:-projects/syria-2024}

planned=assads-departure-from-syria-a2o7
resigned=assad-resigned-he-decided-to-zxcs
telegram=assads-statement-was-published-li27
evening=russia-evacuated-assad-from-8ejc
asylum=the-kremlin-officially-6lxb

if [ "$("$dossier" check "$p" --json | grep -o '"matrices":[0-9]*')" = '"matrices":0' ]; then
  "$dossier" ach new "$p" --question "How did Assad leave Syria?" >/dev/null
fi
plan="Assad left by plan"
evacuated="Russia evacuated him unplanned"
removed="He was removed by Moscow"
for title in "$plan" "$evacuated" "$removed"; do
  "$dossier" ach add-hypothesis "$p" --title "$title" >/dev/null
done

# If he resigned of his own will, he chose to go: that fits a plan, not a flight he did
# not see coming, nor being pushed out by Moscow.
"$dossier" ach rate "$p" --claim $resigned "$plan=CC" "$evacuated=I" "$removed=I"
# A planned departure is the first hypothesis itself and rules out an unplanned
# evacuation; a removal by Moscow would have been planned too, in Moscow.
"$dossier" ach rate "$p" --claim $planned "$plan=CC" "$evacuated=II" "$removed=C"
# Where the statement was published says nothing about how he left.
"$dossier" ach rate "$p" --claim $telegram "$plan=N" "$evacuated=N" "$removed=N"
# An evacuation ordered by Moscow at short notice, from a base under attack, is what the
# second hypothesis says; it fits a removal by Moscow; it sits badly with a plan.
"$dossier" ach rate "$p" --claim $evening "$plan=I" "$evacuated=CC" "$removed=C"
# Asylum in Russia follows from every one of them.
"$dossier" ach rate "$p" --claim $asylum "$plan=C" "$evacuated=C" "$removed=C"

"$dossier" check "$p"
