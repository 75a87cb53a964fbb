//! A map as a graph for other tools: `GraphML`, GEXF (1.3 and 1.2draft), CSV tables for
//! Gephi's spreadsheet import, and Cytoscape.js elements JSON.

use std::collections::BTreeSet;

use super::ExportError;
use super::scene::{NODE_RADIUS, edge_width, relations_between};
use super::style::{self, hex};
use super::xml::{XmlWriter, number};
use crate::model::{Entity, EntityId, Map, MapNode, Project, Relation};

/// The entities and relations of one map (or of the visible part of it).
pub struct MapGraph<'a> {
    /// The map.
    pub map: &'a Map,
    /// The project's title.
    pub title: &'a str,
    /// The entities on the map with their positions, in id order.
    pub nodes: Vec<(&'a Entity, MapNode)>,
    /// The relations between them, in id order.
    pub relations: Vec<&'a Relation>,
    /// The project, which says which relations are disputed.
    project: &'a Project,
}

impl<'a> MapGraph<'a> {
    /// The graph of `map`, limited to `visible` entities when given.
    pub fn new(project: &'a Project, map: &'a Map, visible: Option<&BTreeSet<EntityId>>) -> Self {
        let nodes: Vec<(&Entity, MapNode)> = map
            .nodes
            .iter()
            .filter(|(id, _)| visible.is_none_or(|v| v.contains(*id)))
            .filter_map(|(id, node)| project.entities.get(id).map(|entity| (entity, *node)))
            .collect();
        let ids: BTreeSet<&EntityId> = nodes.iter().map(|(entity, _)| &entity.id).collect();
        let relations = relations_between(project, |id| ids.contains(id));
        Self { map, title: &project.meta.title, nodes, relations, project }
    }

    /// Whether a relation is disputed: flagged, or tied to a contested claim.
    fn disputed(&self, relation: &Relation) -> bool {
        self.project.relation_is_disputed(relation)
    }

    fn all_directed(&self) -> bool {
        self.relations.iter().all(|r| r.directed)
    }

    fn none_directed(&self) -> bool {
        !self.relations.is_empty() && self.relations.iter().all(|r| !r.directed)
    }
}

/// How aliases are joined into one text field.
pub const ALIAS_SEPARATOR: &str = "; ";

fn bool_text(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

/// `GraphML`: every attribute declared with `<key>` before the graph; positions and colour
/// as node data.
pub fn graphml(graph: &MapGraph) -> String {
    let mut xml = XmlWriter::new();
    xml.open(
        "graphml",
        &[
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    );
    let keys: [(&str, &str, &str, &str); 15] = [
        ("g_title", "graph", "title", "string"),
        ("g_map", "graph", "map", "string"),
        ("n_name", "node", "name", "string"),
        ("n_kind", "node", "kind", "string"),
        ("n_aliases", "node", "aliases", "string"),
        ("n_x", "node", "x", "double"),
        ("n_y", "node", "y", "double"),
        ("n_color", "node", "color", "string"),
        ("e_label", "edge", "label", "string"),
        ("e_directed", "edge", "directed", "boolean"),
        ("e_start", "edge", "start", "string"),
        ("e_end", "edge", "end", "string"),
        ("e_evidence", "edge", "evidence", "int"),
        ("e_sources", "edge", "sources", "int"),
        ("e_disputed", "edge", "disputed", "boolean"),
    ];
    for (id, domain, name, kind) in keys {
        xml.empty("key", &[("id", id), ("for", domain), ("attr.name", name), ("attr.type", kind)]);
    }
    let default = if graph.none_directed() { "undirected" } else { "directed" };
    xml.open("graph", &[("id", graph.map.id.as_str()), ("edgedefault", default)]);
    xml.text_element("data", &[("key", "g_title")], graph.title);
    xml.text_element("data", &[("key", "g_map")], &graph.map.name);
    for (entity, node) in &graph.nodes {
        xml.open("node", &[("id", entity.id.as_str())]);
        xml.text_element("data", &[("key", "n_name")], &entity.name);
        xml.text_element("data", &[("key", "n_kind")], entity.kind.label());
        xml.text_element("data", &[("key", "n_aliases")], &entity.aliases.join(ALIAS_SEPARATOR));
        xml.text_element("data", &[("key", "n_x")], &number(node.x));
        xml.text_element("data", &[("key", "n_y")], &number(node.y));
        xml.text_element("data", &[("key", "n_color")], &hex(style::kind_rgb(entity.kind)));
        xml.close();
    }
    for relation in &graph.relations {
        // No GraphML `directed` attribute on the edge, even on a map that mixes both kinds:
        // networkx refuses `directed="false"` in a directed graph (and the reverse), and
        // igraph ignores it. The direction is data (`e_directed`), which every reader keeps.
        xml.open(
            "edge",
            &[
                ("id", relation.id.as_str()),
                ("source", relation.from.as_str()),
                ("target", relation.to.as_str()),
            ],
        );
        xml.text_element("data", &[("key", "e_label")], &relation.label);
        xml.text_element("data", &[("key", "e_directed")], bool_text(relation.directed));
        xml.text_element("data", &[("key", "e_start")], &relation.start);
        xml.text_element("data", &[("key", "e_end")], &relation.end);
        xml.text_element("data", &[("key", "e_evidence")], &relation.evidence.len().to_string());
        xml.text_element("data", &[("key", "e_sources")], &relation.source_count().to_string());
        xml.text_element("data", &[("key", "e_disputed")], bool_text(graph.disputed(relation)));
        xml.close();
    }
    xml.finish()
}

/// Which GEXF to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GexfVersion {
    /// GEXF 1.3, as Gephi 0.9 and later write it.
    #[default]
    V1_3,
    /// GEXF 1.2draft, which networkx and older tools read.
    V1_2Draft,
}

impl GexfVersion {
    /// The version as written on the command line and in the file (`1.3`, `1.2draft`).
    pub fn name(self) -> &'static str {
        match self {
            Self::V1_3 => "1.3",
            Self::V1_2Draft => "1.2draft",
        }
    }

    /// The version with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "1.3" => Some(Self::V1_3),
            "1.2draft" | "1.2" => Some(Self::V1_2Draft),
            _ => None,
        }
    }

    /// The GEXF namespace.
    pub fn namespace(self) -> &'static str {
        match self {
            Self::V1_3 => "http://gexf.net/1.3",
            Self::V1_2Draft => "http://www.gexf.net/1.2draft",
        }
    }

    /// The namespace of the `viz:` elements.
    pub fn viz_namespace(self) -> &'static str {
        match self {
            Self::V1_3 => "http://gexf.net/1.3/viz",
            Self::V1_2Draft => "http://www.gexf.net/1.2draft/viz",
        }
    }

    /// The root element's `version` attribute.
    fn version_attribute(self) -> &'static str {
        match self {
            Self::V1_3 => "1.3",
            Self::V1_2Draft => "1.2",
        }
    }
}

/// GEXF: node and edge attributes declared in `<attributes>`, positions, colours and
/// sizes as `viz:` elements. Gephi's y axis points up, so y is written negated, and the
/// map looks the same way up in Gephi as in Dossier.
pub fn gexf(graph: &MapGraph, version: GexfVersion) -> String {
    let mut xml = XmlWriter::new();
    xml.open(
        "gexf",
        &[
            ("xmlns", version.namespace()),
            ("xmlns:viz", version.viz_namespace()),
            ("version", version.version_attribute()),
        ],
    );
    xml.open("meta", &[]);
    xml.text_element("creator", &[], concat!("Dossier ", env!("CARGO_PKG_VERSION")));
    let description = if graph.title.is_empty() {
        graph.map.name.clone()
    } else {
        format!("{}: {}", graph.title, graph.map.name)
    };
    xml.text_element("description", &[], &description);
    xml.close();

    let default = if graph.none_directed() { "undirected" } else { "directed" };
    // Relations with a time make the graph dynamic, so that Gephi's timeline plays them.
    let spells: Vec<Option<(String, String)>> = graph.relations.iter().map(|r| spell(r)).collect();
    if spells.iter().any(Option::is_some) {
        xml.open("graph", &[("defaultedgetype", default), ("mode", "dynamic"), ("timeformat", "date")]);
    } else {
        xml.open("graph", &[("defaultedgetype", default)]);
    }
    xml.open("attributes", &[("class", "node")]);
    for (id, kind) in [("kind", "string"), ("aliases", "string")] {
        xml.empty("attribute", &[("id", id), ("title", id), ("type", kind)]);
    }
    xml.close();
    xml.open("attributes", &[("class", "edge")]);
    for (id, kind) in [
        ("directed", "boolean"),
        ("start", "string"),
        ("end", "string"),
        ("evidence", "integer"),
        ("sources", "integer"),
        ("disputed", "boolean"),
    ] {
        xml.empty("attribute", &[("id", id), ("title", id), ("type", kind)]);
    }
    xml.close();

    xml.open("nodes", &[("count", &graph.nodes.len().to_string())]);
    for (entity, node) in &graph.nodes {
        xml.open("node", &[("id", entity.id.as_str()), ("label", &entity.name)]);
        xml.open("attvalues", &[]);
        xml.empty("attvalue", &[("for", "kind"), ("value", entity.kind.label())]);
        xml.empty("attvalue", &[("for", "aliases"), ("value", &entity.aliases.join(ALIAS_SEPARATOR))]);
        xml.close();
        let [r, g, b] = style::kind_rgb(entity.kind);
        xml.empty("viz:color", &[("r", &r.to_string()), ("g", &g.to_string()), ("b", &b.to_string())]);
        xml.empty("viz:position", &[("x", &number(node.x)), ("y", &number(-node.y)), ("z", "0")]);
        xml.empty("viz:size", &[("value", &number(NODE_RADIUS))]);
        xml.close();
    }
    xml.close();

    let all_directed = graph.all_directed();
    let none_directed = graph.none_directed();
    xml.open("edges", &[("count", &graph.relations.len().to_string())]);
    for (relation, spell) in graph.relations.iter().zip(&spells) {
        let mut attributes = vec![
            ("id", relation.id.as_str()),
            ("source", relation.from.as_str()),
            ("target", relation.to.as_str()),
            ("label", relation.label.as_str()),
        ];
        if let Some((start, end)) = spell {
            attributes.extend([("start", start.as_str()), ("end", end.as_str())]);
        }
        if !all_directed
            && !none_directed
            && let Some(kind) = mixed_edge_type(relation.directed, version)
        {
            attributes.push(("type", kind));
        }
        xml.open("edge", &attributes);
        xml.open("attvalues", &[]);
        let evidence = relation.evidence.len().to_string();
        let sources = relation.source_count().to_string();
        for (id, value) in [
            ("directed", bool_text(relation.directed)),
            ("start", relation.start.as_str()),
            ("end", relation.end.as_str()),
            ("evidence", evidence.as_str()),
            ("sources", sources.as_str()),
            ("disputed", bool_text(graph.disputed(relation))),
        ] {
            xml.empty("attvalue", &[("for", id), ("value", value)]);
        }
        xml.close();
        let [r, g, b] = if graph.disputed(relation) { style::WARNING } else { style::RELATION };
        xml.empty("viz:color", &[("r", &r.to_string()), ("g", &g.to_string()), ("b", &b.to_string())]);
        xml.empty("viz:thickness", &[("value", &number(edge_width(relation.source_count())))]);
        xml.empty("viz:shape", &[("value", if relation.evidence.is_empty() { "dashed" } else { "solid" })]);
        xml.close();
    }
    xml.finish()
}

/// A relation's time as GEXF edge `start` and `end` dates (both included): the first day
/// of its start and the last day of its end ("2018"–"2019" is 2018-01-01 to 2019-12-31).
fn spell(relation: &Relation) -> Option<(String, String)> {
    let span = crate::model::period_interval(&relation.start, &relation.end)?;
    let day = |minute: i64| crate::model::minute_label(minute)[..10].to_owned();
    Some((day(span.earliest), day(span.latest - 1)))
}

/// The `type` of an edge on a map that mixes directed and undirected relations, if it
/// gets one. GEXF 1.3, for Gephi, says `undirected` or `directed`, which Gephi draws as
/// such. The 1.2draft variant, for networkx, says nothing: networkx refuses an undirected
/// edge in a directed graph, and reads `mutual` as two edges (Gephi refuses `mutual` on an
/// edge), so there the direction is only the `directed` attribute value.
fn mixed_edge_type(directed: bool, version: GexfVersion) -> Option<&'static str> {
    match (directed, version) {
        (_, GexfVersion::V1_2Draft) => None,
        (true, GexfVersion::V1_3) => Some("directed"),
        (false, GexfVersion::V1_3) => Some("undirected"),
    }
}

/// The column names of `nodes.csv`, as Gephi's spreadsheet import reads them.
pub const NODE_COLUMNS: [&str; 7] = ["Id", "Label", "Kind", "Aliases", "X", "Y", "Color"];

/// The column names of `edges.csv`, as Gephi's spreadsheet import reads them.
pub const EDGE_COLUMNS: [&str; 10] =
    ["Source", "Target", "Type", "Id", "Label", "Start", "End", "Evidence", "Sources", "Disputed"];

/// `nodes.csv` and `edges.csv`: one row per entity and per relation.
pub fn csv_tables(graph: &MapGraph) -> Result<(String, String), ExportError> {
    let mut nodes = csv::Writer::from_writer(Vec::new());
    nodes.write_record(NODE_COLUMNS)?;
    for (entity, node) in &graph.nodes {
        nodes.write_record([
            entity.id.as_str(),
            &entity.name,
            entity.kind.label(),
            &entity.aliases.join(ALIAS_SEPARATOR),
            &number(node.x),
            &number(node.y),
            &hex(style::kind_rgb(entity.kind)),
        ])?;
    }
    let mut edges = csv::Writer::from_writer(Vec::new());
    edges.write_record(EDGE_COLUMNS)?;
    for relation in &graph.relations {
        edges.write_record([
            relation.from.as_str(),
            relation.to.as_str(),
            if relation.directed { "Directed" } else { "Undirected" },
            relation.id.as_str(),
            &relation.label,
            &relation.start,
            &relation.end,
            &relation.evidence.len().to_string(),
            &relation.source_count().to_string(),
            bool_text(graph.disputed(relation)),
        ])?;
    }
    Ok((csv_text(nodes)?, csv_text(edges)?))
}

fn csv_text(writer: csv::Writer<Vec<u8>>) -> Result<String, ExportError> {
    let bytes = writer.into_inner().map_err(|e| ExportError::Io(e.into_error()))?;
    String::from_utf8(bytes).map_err(|e| ExportError::Io(std::io::Error::other(e)))
}

/// Cytoscape.js elements: `{"elements": {"nodes": [...], "edges": [...]}}`, with each
/// node's position, so `cy.add(json.elements)` with the `preset` layout shows the map.
/// The node `value` and `name`, the edge `key` and the top-level `directed` and
/// `multigraph` are what networkx's `cytoscape_graph` needs to read it back.
pub fn cytoscape_json(graph: &MapGraph) -> serde_json::Value {
    let nodes: Vec<serde_json::Value> = graph
        .nodes
        .iter()
        .map(|(entity, node)| {
            serde_json::json!({
                "data": {
                    "id": entity.id.as_str(),
                    "value": entity.id.as_str(),
                    "name": entity.name,
                    "label": entity.name,
                    "kind": entity.kind.label(),
                    "aliases": entity.aliases,
                    "color": hex(style::kind_rgb(entity.kind)),
                    "icon": style::kind_icon(entity.kind),
                },
                "position": { "x": node.x, "y": node.y },
                "classes": entity.kind.label().to_lowercase(),
            })
        })
        .collect();
    let edges: Vec<serde_json::Value> = graph
        .relations
        .iter()
        .map(|relation| {
            let mut classes = vec![if relation.directed { "directed" } else { "undirected" }];
            if relation.evidence.is_empty() {
                classes.push("no-evidence");
            }
            if graph.disputed(relation) {
                classes.push("disputed");
            }
            serde_json::json!({
                "data": {
                    "id": relation.id.as_str(),
                    "key": relation.id.as_str(),
                    "source": relation.from.as_str(),
                    "target": relation.to.as_str(),
                    "label": relation.label,
                    "directed": relation.directed,
                    "start": relation.start,
                    "end": relation.end,
                    "evidence": relation.evidence.len(),
                    "sources": relation.source_count(),
                    "disputed": graph.disputed(relation),
                    "width": edge_width(relation.source_count()),
                },
                "classes": classes.join(" "),
            })
        })
        .collect();
    serde_json::json!({
        "data": { "title": graph.title, "map": graph.map.id.as_str(), "name": graph.map.name },
        // For networkx's `cytoscape_graph`: a multigraph (relations may run in parallel),
        // directed unless no relation is; each edge's `directed` says which it is.
        "directed": !graph.none_directed(),
        "multigraph": true,
        "elements": { "nodes": nodes, "edges": edges },
    })
}
