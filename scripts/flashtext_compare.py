#!/usr/bin/env python3
"""Times flashtext, the usual Python keyword extractor, on a Dossier project's texts and
entity names, for comparison with `dossier tag` (see BENCHMARKS.md, "Tagging end to end").

    pip install flashtext
    python3 scripts/flashtext_compare.py PROJECT [--dossier target/release/dossier]

The project is read through `dossier dump` (one JSON document with every source's text and
every entity's name and aliases). Only flashtext's scan of the texts is timed: building
its keyword trie and reading the project are reported apart. flashtext maps a keyword to
one value, so a name shared by several entities keeps the last one; it matches case-
insensitively on its own word boundaries, without folding accents or apostrophes, so its
hit count is close to but not the same as Dossier's.
"""

import argparse
import json
import subprocess
import sys
import time

from flashtext import KeywordProcessor


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", help="the project folder")
    parser.add_argument("--dossier", default="target/release/dossier", help="the dossier binary")
    parser.add_argument("--runs", type=int, default=3, help="scans to time; the least is reported")
    args = parser.parse_args()

    started = time.perf_counter()
    dump = json.loads(subprocess.run([args.dossier, "dump", args.project], check=True,
                                     capture_output=True).stdout)
    texts = [source["text"] for source in dump["sources"]]
    read_secs = time.perf_counter() - started

    started = time.perf_counter()
    keywords = KeywordProcessor(case_sensitive=False)
    names = 0
    for entity in dump["entities"]:
        for name in [entity["name"], *entity["aliases"]]:
            if name.strip():
                keywords.add_keyword(name.strip(), entity["id"])
                names += 1
    build_secs = time.perf_counter() - started

    best = None
    hits = 0
    for _ in range(args.runs):
        started = time.perf_counter()
        hits = sum(len(keywords.extract_keywords(text)) for text in texts)
        secs = time.perf_counter() - started
        best = secs if best is None else min(best, secs)

    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    print(json.dumps({
        "sources": len(texts),
        "megabytes": round(megabytes, 2),
        "names": names,
        "hits": hits,
        "read_secs": round(read_secs, 3),
        "build_secs": round(build_secs, 3),
        "scan_secs": round(best, 3),
        "runs": args.runs,
    }))


if __name__ == "__main__":
    sys.exit(main())
