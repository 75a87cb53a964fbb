#!/usr/bin/env python3
"""igraph's Fruchterman–Reingold layout of one Dossier map, saved back into the project,
to compare with `dossier layout` (figures in BENCHMARKS.md).

    dossier export PROJECT --format graphml --map MAP_ID -o map.graphml
    /usr/bin/time -f "%e s %M KB" python3 scripts/igraph_layout.py map.graphml PROJECT MAP_ID

Reads the GraphML, runs `Graph.layout_fruchterman_reingold()` with igraph's defaults
(random start, 500 iterations; seeded with `--seed` so runs repeat), scales the result so
that its median relation is 170 map units long (what `dossier layout` does with its
own), and writes PROJECT/maps.ron with the map's nodes at the new positions. It prints
how long the layout call alone took. The project must have that one map only (as a
project made by `dossier synth` has): the file is written whole.
"""

import argparse
import random
import sys
import time
from pathlib import Path

import igraph

TARGET_EDGE_LENGTH = 170.0


def ron_string(s):
    """A RON string literal as Dossier writes it (ids and names here have no quotes)."""
    if '"' in s or "\\" in s:
        sys.exit(f"igraph_layout: cannot write the name {s!r}")
    return f'"{s}"'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graphml")
    parser.add_argument("project")
    parser.add_argument("map_id")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    graph = igraph.Graph.Read_GraphML(args.graphml)
    random.seed(args.seed)
    started = time.perf_counter()
    layout = graph.layout_fruchterman_reingold()
    took = time.perf_counter() - started

    coords = layout.coords
    lengths = sorted(
        ((coords[a][0] - coords[b][0]) ** 2 + (coords[a][1] - coords[b][1]) ** 2) ** 0.5
        for a, b in graph.get_edgelist()
        if a != b
    )
    scale = TARGET_EDGE_LENGTH / lengths[len(lengths) // 2]
    name = graph["map"] if "map" in graph.attributes() else args.map_id
    ids = graph.vs["id"]
    order = sorted(range(len(ids)), key=lambda k: ids[k])
    out = ["[", "  (", f"    id: {ron_string(args.map_id)},", f"    name: {ron_string(name)},", "    nodes: {"]
    for k in order:
        x, y = coords[k]
        out.append(f"      {ron_string(ids[k])}: (")
        out.append(f"        x: {x * scale!r},")
        out.append(f"        y: {y * scale!r},")
        out.append("      ),")
    out += ["    },", "  ),", "]", ""]
    Path(args.project, "maps.ron").write_text("\n".join(out), encoding="utf-8")
    print(f"igraph {igraph.__version__}: Fruchterman-Reingold of {graph.vcount()} nodes, "
          f"{graph.ecount()} relations in {took:.3f} s")


if __name__ == "__main__":
    main()
