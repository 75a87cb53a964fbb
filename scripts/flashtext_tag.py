#!/usr/bin/env python3
"""flashtext doing `dossier tag`'s job end to end, for timing the whole process beside it.

    pip install flashtext
    dossier dump PROJECT > /tmp/dump.json        # once, not timed: the name list
    /usr/bin/time python3 scripts/flashtext_tag.py PROJECT /tmp/dump.json

What an analyst with a keyword list and a folder of texts would run instead of Dossier:
start Python, read the entity names and aliases (from the JSON that `dossier dump`
wrote, standing in for the analyst's own list), build flashtext's keyword table, read
every text file of the project (`texts/*.txt`), scan each, and write the hit counts per
entity to stdout as JSON. The whole process is what is timed, as `dossier tag --json` is.
"""

import json
import os
import sys
from collections import Counter

from flashtext import KeywordProcessor


def main():
    project, dump_path = sys.argv[1], sys.argv[2]
    with open(dump_path, encoding="utf-8") as f:
        entities = json.load(f)["entities"]
    keywords = KeywordProcessor(case_sensitive=False)
    for entity in entities:
        for name in [entity["name"], *entity["aliases"]]:
            if name.strip():
                keywords.add_keyword(name.strip(), entity["id"])
    texts_dir = os.path.join(project, "texts")
    hits = Counter()
    for name in sorted(os.listdir(texts_dir)):
        with open(os.path.join(texts_dir, name), encoding="utf-8") as f:
            hits.update(keywords.extract_keywords(f.read()))
    json.dump({"hits": sum(hits.values()), "entities": hits}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    sys.exit(main())
