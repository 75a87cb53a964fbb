#!/usr/bin/env python3
"""Quality of a map's layout, the same way for Dossier's and igraph's results.

    python3 scripts/layout_quality.py PROJECT MAP_ID [--radius 18] [--pairs 400000]

Reads the node positions of map MAP_ID from PROJECT/maps.ron and the relations from
PROJECT/relations.ron (plain text patterns; the files are what `dossier` writes), and
prints one line of JSON with:

- `ratio`: the mean length of the relations between nodes of the map divided by the
  mean distance between two random nodes of the map (lower is tighter; scale-free).
  Random pairs are drawn with a fixed seed (`--pairs` of them, 400,000 by default; the
  figure moves by well under 0.001 between seeds at 10,000 nodes).
- `overlaps`: how many pairs of node discs overlap once the layout is drawn at a fixed
  size: scaled so that the mean distance between two random nodes is what it would be
  if the nodes were spread evenly over a disc that gives each of them a square of 100 by
  100 map units (`0.9054 · R` for a disc of radius `R = 100 · √(n/π)`, about
  `51.08 · √n`). Scaling every layout by the same rule keeps the count fair: a layout
  cannot lower it just by being drawn larger, so it measures how evenly the nodes fill
  the picture. A disc has the radius the map draws a node with (`NODE_RADIUS`, 18 map
  units, in src/ui/map/scene.rs), so two discs overlap when their centres are less than
  36 units apart.
- `giant_ratio`: `ratio` over the largest connected component alone (`giant_nodes`
  nodes, its relations only), which leaves out where a layout puts the separate groups
  and lone nodes: a layout that scatters them far out lengthens the random pairs and so
  lowers `ratio` without shortening a single relation.
- `overlaps_as_saved`: the same count at the positions as they are in the file.
- `median_relation`: the median relation length as saved, in map units.

Only the Python standard library is used.
"""

import argparse
import json
import math
import random
import re
import sys
from pathlib import Path

# Mean distance between two random points of a disc of radius R is 128 R / (45 π).
PAIR_DISTANCE_PER_ROOT_NODE = 128.0 / (45.0 * math.pi) * 100.0 / math.sqrt(math.pi)

NODE = re.compile(r'"([^"]+)": \(\s*x: ([-+0-9.eE]+),\s*y: ([-+0-9.eE]+),')
RELATION = re.compile(r'\bfrom: "([^"]+)",\s*to: "([^"]+)",')
MAP_START = re.compile(r'^  \(\n    id: "([^"]+)",', re.M)


def map_positions(maps_text, map_id):
    """The {entity id: (x, y)} of the map with this id."""
    starts = [(m.start(), m.group(1)) for m in MAP_START.finditer(maps_text)]
    for k, (start, found) in enumerate(starts):
        if found == map_id:
            end = starts[k + 1][0] if k + 1 < len(starts) else len(maps_text)
            block = maps_text[start:end]
            return {m.group(1): (float(m.group(2)), float(m.group(3))) for m in NODE.finditer(block)}
    sys.exit(f"layout_quality: no map `{map_id}` in maps.ron (maps: {', '.join(s for _, s in starts)})")


def overlapping_pairs(points, radius):
    """Pairs of points closer than two radii, found through a grid of that cell size."""
    cell = 2.0 * radius
    grid = {}
    for k, (x, y) in enumerate(points):
        grid.setdefault((math.floor(x / cell), math.floor(y / cell)), []).append(k)
    limit2 = cell * cell
    count = 0
    for (gx, gy), members in grid.items():
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                others = grid.get((gx + dx, gy + dy))
                if others is None:
                    continue
                for a in members:
                    ax, ay = points[a]
                    for b in others:
                        if b <= a:
                            continue
                        bx, by = points[b]
                        if (ax - bx) ** 2 + (ay - by) ** 2 < limit2:
                            count += 1
    return count


def mean_pair_distance(points, pairs):
    """The mean distance between `pairs` random pairs of distinct points (seeded)."""
    rng = random.Random(1)
    n = len(points)
    total = 0.0
    for _ in range(pairs):
        a = rng.randrange(n)
        b = rng.randrange(n - 1)
        if b >= a:
            b += 1
        total += math.dist(points[a], points[b])
    return total / pairs


def largest_component(ids, pairs):
    """The ids of the largest connected component (ties: the one met first in `ids`)."""
    parent = {i: i for i in ids}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    members = {}
    for i in ids:
        members.setdefault(find(i), []).append(i)
    return max(members.values(), key=len)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project")
    parser.add_argument("map_id")
    parser.add_argument("--radius", type=float, default=18.0)
    parser.add_argument("--pairs", type=int, default=400_000)
    args = parser.parse_args()
    project = Path(args.project)

    positions = map_positions((project / "maps.ron").read_text(encoding="utf-8"), args.map_id)
    ids = sorted(positions)
    points = [positions[i] for i in ids]
    ends = [
        (a, b)
        for a, b in RELATION.findall((project / "relations.ron").read_text(encoding="utf-8"))
        if a in positions and b in positions and a != b
    ]
    lengths = sorted(math.dist(positions[a], positions[b]) for a, b in ends)
    mean_relation = sum(lengths) / len(lengths)
    n = len(points)
    mean_pair = mean_pair_distance(points, args.pairs)

    giant = set(largest_component(ids, ends))
    giant_lengths = [math.dist(positions[a], positions[b]) for a, b in ends if a in giant]
    giant_pair = mean_pair_distance([positions[i] for i in ids if i in giant], args.pairs)
    giant_ratio = sum(giant_lengths) / len(giant_lengths) / giant_pair

    median = lengths[len(lengths) // 2]
    scale = PAIR_DISTANCE_PER_ROOT_NODE * math.sqrt(n) / mean_pair
    scaled = [(x * scale, y * scale) for x, y in points]
    print(
        json.dumps(
            {
                "nodes": n,
                "relations": len(lengths),
                "ratio": round(mean_relation / mean_pair, 4),
                "mean_pair_distance": round(mean_pair, 1),
                "overlaps": overlapping_pairs(scaled, args.radius),
                "giant_nodes": len(giant),
                "giant_ratio": round(giant_ratio, 4),
                "overlaps_as_saved": overlapping_pairs(points, args.radius),
                "median_relation": round(median, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
