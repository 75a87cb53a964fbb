#!/usr/bin/env python3
"""Reads one of Dossier's graph exports back with the tools analysts use, and checks it.

    python3 tests/interop/read_back.py FORMAT PATH EXPECTED.json

FORMAT is graphml, gexf-1.3, gexf-1.2draft, csv (PATH is the folder with nodes.csv and
edges.csv) or json. EXPECTED.json is written by tests/interop.rs from the project itself:

    {"nodes": [{"id", "label", "kind", "aliases"}],
     "edges": [{"id", "source", "target", "label", "directed", "start", "end",
                "evidence", "sources", "disputed"}]}

Each reader must see exactly these nodes and edges, with these values. Every mismatch is
printed on its own line and the exit status is 1; on success one line says what was read.
"""

import csv
import json
import os
import sys
import xml.etree.ElementTree as ET

import igraph
import networkx as nx

EDGE_FIELDS = ("label", "directed", "start", "end", "evidence", "sources", "disputed")


class Checker:
    """Collects mismatches between what a reader saw and what was expected."""

    def __init__(self, fmt, expected):
        self.fmt = fmt
        self.nodes = {n["id"]: n for n in expected["nodes"]}
        self.edges = {e["id"]: e for e in expected["edges"]}
        self.any_directed = any(e["directed"] for e in expected["edges"])
        self.any_undirected = any(not e["directed"] for e in expected["edges"])
        # A map without relations, or with a directed one, is a directed graph.
        self.directed_graph = self.any_directed or not self.any_undirected
        self.failures = []
        self.readers = []

    def fail(self, reader, message):
        self.failures.append(f"{self.fmt} via {reader}: {message}")

    def same(self, reader, what, got, want):
        if got != want:
            self.fail(reader, f"{what}: got {got!r}, expected {want!r}")

    def node_ids(self, reader, ids):
        ids = list(ids)
        self.same(reader, "node count", len(ids), len(self.nodes))
        self.same(reader, "node ids", sorted(ids), sorted(self.nodes))

    def endpoints(self, reader, edge_id, source, target, ordered):
        want = self.edges[edge_id]
        pair, wanted = (source, target), (want["source"], want["target"])
        if not ordered:
            pair, wanted = tuple(sorted(pair)), tuple(sorted(wanted))
        self.same(reader, f"ends of edge {edge_id}", pair, wanted)

    def edge_values(self, reader, edge_id, values):
        """`values` maps each of EDGE_FIELDS to what the reader gave (None if missing)."""
        want = self.edges[edge_id]
        for field in EDGE_FIELDS:
            got = values.get(field)
            if isinstance(want[field], str) and got is None:
                got = ""  # readers drop empty text values
            if isinstance(want[field], bool):
                got = as_bool(got)
            elif isinstance(want[field], int) and isinstance(got, (int, float, str)):
                got = int(float(got))
            self.same(reader, f"{field} of edge {edge_id}", got, want[field])

    def edge_ids(self, reader, ids):
        ids = list(ids)
        self.same(reader, "edge count", len(ids), len(self.edges))
        self.same(reader, "edge ids", sorted(ids), sorted(self.edges))

    def node_values(self, reader, node_id, label, kind, aliases):
        want = self.nodes[node_id]
        self.same(reader, f"label of node {node_id}", label, want["label"])
        self.same(reader, f"kind of node {node_id}", kind, want["kind"])
        self.same(reader, f"aliases of node {node_id}", aliases or "", want["aliases"])


def edge_row(source, target, values, ordered):
    """One edge as a comparable tuple: its ends (sorted when direction does not count)
    and its values, with missing text as "" and numbers as ints."""
    ends = (source, target) if ordered else tuple(sorted((source, target)))
    row = []
    for field in EDGE_FIELDS:
        value = values.get(field)
        if field in ("evidence", "sources"):
            value = int(float(value))
        elif field in ("directed", "disputed"):
            value = as_bool(value)
        elif value is None:
            value = ""
        row.append(value)
    return (*ends, *row)


def as_bool(value):
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.lower(), value)
    return value


def read_graphml(check, path):
    reader = f"networkx {nx.__version__} read_graphml"
    check.readers.append(reader)
    graph = nx.read_graphml(path, force_multigraph=True)
    check.same(reader, "directed graph", graph.is_directed(), check.directed_graph)
    check.node_ids(reader, graph.nodes)
    for node_id, data in graph.nodes(data=True):
        if node_id in check.nodes:
            check.node_values(reader, node_id, data.get("name"), data.get("kind"), data.get("aliases"))
    edges = list(graph.edges(keys=True, data=True))
    check.edge_ids(reader, (key for _, _, key, _ in edges))
    for source, target, key, data in edges:
        if key in check.edges:
            check.endpoints(reader, key, source, target, graph.is_directed())
            check.edge_values(reader, key, data)

    reader = f"igraph {igraph.__version__} Graph.Read_GraphML"
    check.readers.append(reader)
    graph = igraph.Graph.Read_GraphML(path)
    check.same(reader, "directed graph", graph.is_directed(), check.directed_graph)
    ids = graph.vs["id"]
    check.node_ids(reader, ids)
    for vertex in graph.vs:
        if vertex["id"] in check.nodes:
            check.node_values(reader, vertex["id"], vertex["name"], vertex["kind"], vertex["aliases"])
    # igraph 1.0.0 fills the edges' "id" attribute with wrong values (vertex ids, shifted),
    # so its edges are compared as a multiset of (ends, values) instead of by id.
    got = sorted(
        edge_row(ids[edge.source], ids[edge.target], edge.attributes(), graph.is_directed())
        for edge in graph.es
    )
    want = sorted(
        edge_row(e["source"], e["target"], e, check.directed_graph) for e in check.edges.values()
    )
    check.same(reader, "edge count", len(got), len(want))
    for row in sorted(set(got) ^ set(want)):
        side = "read but not expected" if row in got else "expected but not read"
        check.fail(reader, f"edge {side}: {row!r}")
    if set(got) == set(want) and got != want:
        check.fail(reader, "edges differ in how often they occur")


def gexf_spell(start, end):
    """The (start, end) dates a dynamic GEXF edge carries for a relation's ISO partial
    dates: the first day of the start, the last day of the end (or of the start)."""
    import calendar

    def period(text):
        parts = [int(p) for p in text.split("-")] if text else []
        if not parts:
            return None
        year, month, day = (parts + [0, 0])[:3]
        first = f"{year:04}-{month or 1:02}-{day or 1:02}"
        last_month = month or 12
        last_day = day or calendar.monthrange(year, last_month)[1]
        return first, f"{year:04}-{last_month:02}-{last_day:02}"

    a, b = period(start), period(end)
    if a is None and b is None:
        return None
    return ((a or b)[0], (b or a)[1])


def read_gexf(check, path, version):
    reader = f"networkx {nx.__version__} read_gexf"
    check.readers.append(reader)
    mixed = check.any_directed and check.any_undirected
    if version == "1.3" and mixed:
        # Gephi's way of writing a mixed graph; networkx refuses it, which is why the
        # 1.2draft variant exists. Should networkx learn to read it, this says so.
        try:
            nx.read_gexf(path)
            check.fail(reader, "read a mixed GEXF 1.3, which it refused before; update docs/EXPORT.md")
        except nx.NetworkXError as error:
            check.same(reader, "refusal", str(error), "Undirected edge found in directed graph.")
    else:
        graph = nx.read_gexf(path)
        check.same(reader, "directed graph", graph.is_directed(), check.directed_graph)
        check.node_ids(reader, graph.nodes)
        for node_id, data in graph.nodes(data=True):
            if node_id in check.nodes:
                check.node_values(reader, node_id, data.get("label"), data.get("kind"), data.get("aliases"))
        edges = list(graph.edges(keys=True, data=True))
        check.edge_ids(reader, (key for _, _, key, _ in edges))
        for source, target, key, data in edges:
            if key in check.edges:
                check.endpoints(reader, key, source, target, graph.is_directed())
                # A dated relation is a dynamic edge: networkx reads the edge's own
                # start and end (whole days) over the attributes of the same names; an
                # undated one keeps the attributes (empty).
                want = check.edges[key]
                spell = gexf_spell(want["start"], want["end"]) or (want["start"], want["end"])
                got = (data.pop("start", None), data.pop("end", None))
                check.same(reader, f"time of edge {key}", got, spell)
                check.edge_values(reader, key, {**data, "start": want["start"], "end": want["end"]})

    # What Gephi's importer reads for direction: the graph's defaultedgetype and each
    # edge's type (it accepts only "directed" and "undirected" there).
    reader = "the GEXF edge types Gephi reads"
    check.readers.append(reader)
    root = ET.parse(path).getroot()
    namespace = root.tag[: root.tag.index("}") + 1]
    graph = root.find(f"{namespace}graph")
    default = graph.get("defaultedgetype")
    check.same(reader, "defaultedgetype", default, "directed" if check.directed_graph else "undirected")
    for edge in graph.iter(f"{namespace}edge"):
        edge_id = edge.get("id")
        kind = edge.get("type")
        if version == "1.2draft" or not mixed:
            check.same(reader, f"type of edge {edge_id}", kind, None)
        elif edge_id in check.edges:
            want = "directed" if check.edges[edge_id]["directed"] else "undirected"
            check.same(reader, f"type of edge {edge_id}", kind, want)


def read_csv(check, folder):
    reader = "Gephi's spreadsheet columns"
    check.readers.append(reader)
    with open(os.path.join(folder, "nodes.csv"), encoding="utf-8", newline="") as file:
        nodes = list(csv.DictReader(file))
    with open(os.path.join(folder, "edges.csv"), encoding="utf-8", newline="") as file:
        edges = list(csv.DictReader(file))
    for name, rows, columns in (
        ("nodes.csv", nodes, ["Id", "Label"]),
        ("edges.csv", edges, ["Source", "Target", "Type", "Id", "Label"]),
    ):
        header = list(rows[0].keys()) if rows else []
        if rows:
            check.same(reader, f"first columns of {name}", header[: len(columns)], columns)
    check.node_ids(reader, (row["Id"] for row in nodes))
    for row in nodes:
        if row["Id"] in check.nodes:
            check.node_values(reader, row["Id"], row["Label"], row["Kind"], row["Aliases"])
    check.edge_ids(reader, (row["Id"] for row in edges))
    for row in edges:
        if row["Type"] not in ("Directed", "Undirected"):
            check.fail(reader, f"Type of edge {row['Id']} is {row['Type']!r}")
        if row["Id"] in check.edges:
            check.endpoints(reader, row["Id"], row["Source"], row["Target"], True)
            values = {field: row[field.capitalize()] for field in EDGE_FIELDS if field != "directed"}
            values["directed"] = row["Type"] == "Directed"
            check.edge_values(reader, row["Id"], values)

    reader = f"networkx {nx.__version__} from the CSV rows"
    check.readers.append(reader)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((row["Id"], row) for row in nodes)
    for row in edges:
        graph.add_edge(row["Source"], row["Target"], key=row["Id"], directed=row["Type"] == "Directed")
    # An edge to an Id that nodes.csv lacks would add a node here.
    check.same(reader, "node count", graph.number_of_nodes(), len(check.nodes))
    check.same(reader, "edge count", graph.number_of_edges(), len(check.edges))

    reader = f"igraph {igraph.__version__} Graph.DictList"
    check.readers.append(reader)
    graph = igraph.Graph.DictList(
        vertices=nodes,
        edges=edges,
        directed=True,
        vertex_name_attr="Id",
        edge_foreign_keys=("Source", "Target"),
    )
    check.same(reader, "node count", graph.vcount(), len(check.nodes))
    check.same(reader, "edge count", graph.ecount(), len(check.edges))
    ids = graph.vs["Id"]
    for edge in graph.es:
        if edge["Id"] in check.edges:
            check.endpoints(reader, edge["Id"], ids[edge.source], ids[edge.target], True)


def read_json(check, path):
    reader = f"networkx {nx.__version__} cytoscape_graph"
    check.readers.append(reader)
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    graph = nx.cytoscape_graph(data)
    check.same(reader, "directed graph", graph.is_directed(), check.directed_graph)
    check.node_ids(reader, graph.nodes)
    for node_id, node in graph.nodes(data=True):
        if node_id in check.nodes:
            aliases = "; ".join(node.get("aliases", []))
            check.node_values(reader, node_id, node.get("name"), node.get("kind"), aliases)
    edges = list(graph.edges(keys=True, data=True))
    check.edge_ids(reader, (key for _, _, key, _ in edges))
    for source, target, key, edge in edges:
        if key in check.edges:
            check.endpoints(reader, key, source, target, graph.is_directed())
            check.edge_values(reader, key, edge)
            want = "directed" if check.edges[key]["directed"] else "undirected"
            classes = data_classes(data, key)
            if want not in classes:
                check.fail(reader, f"classes of edge {key} are {classes!r}, without {want!r}")


def data_classes(data, edge_id):
    for edge in data["elements"]["edges"]:
        if edge["data"]["id"] == edge_id:
            return edge.get("classes", "").split()
    return []


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: read_back.py graphml|gexf-1.3|gexf-1.2draft|csv|json PATH EXPECTED.json")
    fmt, path, expected_path = sys.argv[1:]
    with open(expected_path, encoding="utf-8") as file:
        check = Checker(fmt, json.load(file))
    if fmt == "graphml":
        read_graphml(check, path)
    elif fmt.startswith("gexf-"):
        read_gexf(check, path, fmt.removeprefix("gexf-"))
    elif fmt == "csv":
        read_csv(check, path)
    elif fmt == "json":
        read_json(check, path)
    else:
        sys.exit(f"unknown format {fmt}")
    for failure in check.failures:
        print(failure)
    if check.failures:
        sys.exit(1)
    print(f"{fmt} {path}: {len(check.nodes)} nodes, {len(check.edges)} edges read by {'; '.join(check.readers)}")


if __name__ == "__main__":
    main()
