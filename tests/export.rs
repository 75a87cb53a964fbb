//! Exports of the sample project with a small map built here: every format is read back
//! and checked against the project (and, for GEXF, against the structure its schema
//! requires); the CLI is run as the real binary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output as ProcessOutput};

use dossier::export::scene::{Emphasis, Rect, STRESS_RING_GAP, Scene, SceneOptions, TextLine};
use dossier::export::{self, ExportOptions, Format, GexfVersion, Output};
use dossier::model::{
    Anchor, Credibility, EntityId, Evidence, Map, MapGroup, MapId, MapNode, MapNote, ParallelRelations,
    Project, Relation, RelationId, SourceId,
};
use quick_xml::events::Event;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");
const ASSURES: &str = "assad-assures-from-moscow-m4t8";
const ERBIL: &str = "assad-first-message-erbil-q7k2";

const ASSAD: &str = "bashar-al-assad-2rj8";
const RUSSIA: &str = "russia-ppm1";
const PUTIN: &str = "vladimir-putin-cwuq";
const LATAKIA: &str = "latakia-6v42";
const HTS: &str = "hayat-tahrir-al-sham-aw1j";
const DAMASCUS: &str = "damascus-s55n";
const HMEIMIM: &str = "hmeimim-air-base-emc5";

/// The evidence quoting `phrase` (its first occurrence) in `source`.
fn quote(project: &Project, source: &str, phrase: &str) -> Evidence {
    let text = &project.sources[&SourceId::from(source)].text;
    let start = text.find(phrase).unwrap_or_else(|| panic!("{phrase:?} is in {source}"));
    let anchor = Anchor::from_span(text, start, start + phrase.len()).expect("a span of the text");
    Evidence { source: SourceId::from(source), anchor, credibility: None }
}

/// The evidence from the first occurrence of `first` to the end of the first `last`
/// after it, so that the quote crosses a paragraph break.
fn quote_across(project: &Project, source: &str, first: &str, last: &str) -> Evidence {
    let text = &project.sources[&SourceId::from(source)].text;
    let start = text.find(first).expect("first phrase");
    let end = start + text[start..].find(last).expect("last phrase") + last.len();
    let anchor = Anchor::from_span(text, start, end).expect("a span of the text");
    assert!(anchor.exact.contains('\n'), "the quote crosses a line break");
    Evidence { source: SourceId::from(source), anchor, credibility: Some(Credibility::PossiblyTrue) }
}

fn relation(id: &str, from: &str, to: &str, label: &str, evidence: Vec<Evidence>) -> Relation {
    let mut relation = Relation::new(RelationId::from(id), EntityId::from(from), EntityId::from(to), label);
    relation.evidence = evidence;
    relation
}

/// The sample project with only a map of seven entities, six relations (two between the same
/// pair, a loop, one without evidence, one disputed and undirected), a note and a group.
fn sample_with_map() -> Project {
    let mut project = dossier::store::load(Path::new(SAMPLE)).expect("the sample loads");
    // The sample's sources, entities and mentions; the relations and the map are this test's.
    project.relations.clear();
    // The sample's claims bear on its relations; they go with them, and so does the matrix
    // of hypotheses that rates them.
    project.claims.clear();
    project.matrices.clear();
    project.maps.clear();
    let mut relations = vec![
        relation(
            "evacuated-r1",
            RUSSIA,
            ASSAD,
            "evacuated",
            vec![
                quote(
                    &project,
                    ASSURES,
                    "Moscow requested that the command coordinate an immediate evacuation",
                ),
                quote(&project, ERBIL, "Putin had personally granted asylum to Assad and his family"),
            ],
        ),
        relation("asked-asylum-r2", ASSAD, RUSSIA, "asked for asylum", Vec::new()),
        relation(
            "transferred-r3",
            ASSAD,
            LATAKIA,
            "transferred to",
            vec![quote_across(
                &project,
                ASSURES,
                "in coordination with Russian allies",
                "intense drone attack",
            )],
        ),
        relation("took-r4", HTS, DAMASCUS, "took", Vec::new()),
        relation(
            "never-resigned-r5",
            ASSAD,
            ASSAD,
            "never considered resigning",
            vec![quote(&project, ASSURES, "at no time")],
        ),
        relation(
            "ally-r6",
            ASSAD,
            PUTIN,
            "ally of",
            vec![quote(&project, ASSURES, "an ally of Putin for decades")],
        ),
    ];
    relations[2].disputed = true;
    relations[5].directed = false;
    relations[5].start = "2000".into();
    for relation in relations {
        project.relations.insert(relation.id.clone(), relation);
    }
    let mut map = Map::new(MapId::from("escape-map"), "Assad's escape");
    let positions = [
        (ASSAD, 0.0, 0.0),
        (RUSSIA, 260.0, -40.0),
        (PUTIN, 300.0, 160.0),
        (LATAKIA, -220.0, 120.0),
        (HMEIMIM, -260.0, 260.0),
        (HTS, -40.0, 340.0),
        (DAMASCUS, 180.0, 380.0),
    ];
    for (id, x, y) in positions {
        map.nodes.insert(EntityId::from(id), MapNode { x, y, pinned: false });
    }
    map.notes.push(MapNote {
        x: 60.0,
        y: -200.0,
        text: "The reports disagree on when the evacuation happened: afternoon, evening or night?".into(),
    });
    map.groups.push(MapGroup {
        x: -320.0,
        y: 60.0,
        width: 180.0,
        height: 280.0,
        label: "Russian footprint".into(),
    });
    project.maps.insert(map.id.clone(), map);
    assert_eq!(project.validate(), [], "the test map is valid");
    project
}

fn export_file(project: &Project, options: &ExportOptions) -> Vec<u8> {
    match export::export(project, options).expect("the export runs") {
        Output::File(bytes) => bytes,
        Output::Folder(_) => panic!("{:?} writes one file", options.format),
    }
}

fn export_text(project: &Project, format: Format) -> String {
    String::from_utf8(export_file(project, &ExportOptions::new(format))).expect("UTF-8")
}

fn export_folder(project: &Project, format: Format) -> BTreeMap<String, String> {
    match export::export(project, &ExportOptions::new(format)).expect("the export runs") {
        Output::Folder(files) => {
            files.into_iter().map(|(name, bytes)| (name, String::from_utf8(bytes).expect("UTF-8"))).collect()
        }
        Output::File(_) => panic!("{format:?} writes a folder"),
    }
}

/// An element read back with quick-xml: name as written (with prefix), attributes,
/// children and text.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> &str {
        self.attributes.get(name).map_or("", String::as_str)
    }

    fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn child(&self, name: &str) -> &Element {
        self.children
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("<{}> has a <{name}>", self.name))
    }

    fn descendants(&self) -> Vec<&Element> {
        let mut all = vec![self];
        for child in &self.children {
            all.extend(child.descendants());
        }
        all
    }
}

fn element_from_start(start: &quick_xml::events::BytesStart) -> Element {
    let attributes = start
        .attributes()
        .map(|a| {
            let a = a.expect("a well-formed attribute");
            let value = a
                .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                .expect("an escaped value")
                .into_owned();
            (String::from_utf8(a.key.as_ref().to_vec()).expect("UTF-8 name"), value)
        })
        .collect();
    Element {
        name: String::from_utf8(start.name().as_ref().to_vec()).expect("UTF-8 name"),
        attributes,
        ..Element::default()
    }
}

/// Parses a whole document; panics on anything that is not well-formed XML.
fn parse_xml(text: &str) -> Element {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => stack.push(element_from_start(&start)),
            Event::Empty(start) => {
                let element = element_from_start(&start);
                stack.last_mut().expect("a parent").children.push(element);
            }
            Event::End(_) => {
                let element = stack.pop().expect("an open element");
                stack.last_mut().expect("a parent").children.push(element);
            }
            Event::Text(text) => {
                let text = text.decode().expect("text");
                stack.last_mut().expect("an element").text.push_str(&text);
            }
            Event::GeneralRef(reference) => {
                let resolved = if let Some(c) = reference.resolve_char_ref().expect("a valid reference") {
                    c.to_string()
                } else {
                    let name = reference.decode().expect("a reference");
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .expect("a predefined entity")
                        .to_owned()
                };
                stack.last_mut().expect("an element").text.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut document = stack.pop().expect("the document");
    assert!(stack.is_empty(), "every element is closed");
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.remove(0)
}

/// Whether two coordinates are the same to the precision the exports write (0.01).
fn near(written: f32, expected: f32) -> bool {
    (written - expected).abs() < 0.01
}

fn map_of(project: &Project) -> &Map {
    project.maps.values().next().expect("a map")
}

#[test]
fn graphml_declares_every_key_before_the_graph_and_matches_the_project() {
    let project = sample_with_map();
    let map = map_of(&project);
    let root = parse_xml(&export_text(&project, Format::GraphMl));
    assert_eq!(root.name, "graphml");
    assert_eq!(root.attribute("xmlns"), "http://graphml.graphdrawing.org/xmlns");

    // <key> elements come first, then exactly one graph.
    let graph_at = root.children.iter().position(|c| c.name == "graph").expect("a graph");
    assert!(root.children[..graph_at].iter().all(|c| c.name == "key"));
    assert_eq!(root.children.len(), graph_at + 1, "nothing after the graph");
    let keys: BTreeMap<&str, (&str, &str)> = root
        .children_named("key")
        .map(|k| (k.attribute("id"), (k.attribute("for"), k.attribute("attr.name"))))
        .collect();
    for key in root.children_named("key") {
        assert!(["string", "int", "double", "boolean"].contains(&key.attribute("attr.type")), "{key:?}");
    }
    let names = |domain: &str| -> BTreeSet<&str> {
        keys.values().filter(|(d, _)| *d == domain).map(|(_, name)| *name).collect()
    };
    assert_eq!(names("node"), BTreeSet::from(["name", "kind", "aliases", "x", "y", "color"]));
    assert_eq!(
        names("edge"),
        BTreeSet::from(["label", "directed", "start", "end", "evidence", "sources", "disputed"])
    );

    let graph = &root.children[graph_at];
    assert_eq!(graph.attribute("edgedefault"), "directed");
    let nodes: Vec<&Element> = graph.children_named("node").collect();
    let edges: Vec<&Element> = graph.children_named("edge").collect();
    assert_eq!(nodes.len(), map.nodes.len());
    assert_eq!(edges.len(), project.relations.len(), "every relation's ends are on the map");
    let data = |element: &Element, domain: &str| -> BTreeMap<String, String> {
        element
            .children_named("data")
            .map(|d| {
                let (key_domain, name) = keys.get(d.attribute("key")).expect("every data key is declared");
                assert_eq!(*key_domain, domain);
                ((*name).to_owned(), d.text.clone())
            })
            .collect()
    };
    for node in &nodes {
        let id = EntityId::from(node.attribute("id"));
        let entity = &project.entities[&id];
        let values = data(node, "node");
        assert_eq!(values["name"], entity.name);
        assert_eq!(values["kind"], entity.kind.label());
        assert!(near(values["x"].parse().expect("x"), map.nodes[&id].x));
        assert!(near(values["y"].parse().expect("y"), map.nodes[&id].y));
    }
    let node_ids: BTreeSet<&str> = nodes.iter().map(|n| n.attribute("id")).collect();
    for edge in &edges {
        let relation = &project.relations[&RelationId::from(edge.attribute("id"))];
        assert!(node_ids.contains(edge.attribute("source")) && node_ids.contains(edge.attribute("target")));
        assert_eq!(edge.attribute("source"), relation.from.as_str());
        let values = data(edge, "edge");
        assert_eq!(values["label"], relation.label);
        assert_eq!(values["evidence"], relation.evidence.len().to_string());
        assert_eq!(values["sources"], relation.source_count().to_string());
        assert_eq!(values["disputed"], relation.disputed.to_string());
        assert_eq!(values["directed"], relation.directed.to_string());
        // The map mixes directed and undirected relations, but the direction is data only:
        // networkx refuses a GraphML `directed="false"` edge in a directed graph.
        assert!(!edge.attributes.contains_key("directed"), "edge {} has no directed attribute", relation.id);
    }
}

/// Checks what the GEXF grammar (gexf.rng, viz.rng) requires of our output.
fn check_gexf_structure(root: &Element, namespace: &str, viz_namespace: &str, version: &str) {
    assert_eq!(root.name, "gexf");
    assert_eq!(root.attribute("xmlns"), namespace);
    assert_eq!(root.attribute("xmlns:viz"), viz_namespace);
    assert_eq!(root.attribute("version"), version);
    for name in root.attributes.keys() {
        assert!(["xmlns", "xmlns:viz", "version", "variant"].contains(&name.as_str()), "gexf has no {name}");
    }
    // Optional meta, then the graph, nothing else.
    let names: Vec<&str> = root.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["meta", "graph"]);
    let graph = root.child("graph");
    assert!(["directed", "undirected", "mutual"].contains(&graph.attribute("defaultedgetype")));
    // attributes*, then nodes, then edges.
    let names: Vec<&str> = graph.children.iter().map(|c| c.name.as_str()).collect();
    let first_non_attributes = names.iter().position(|n| *n != "attributes").expect("nodes");
    assert_eq!(&names[first_non_attributes..], ["nodes", "edges"]);

    let attribute_types = ["integer", "long", "double", "float", "boolean", "string", "liststring", "anyURI"];
    let mut declared: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for attributes in graph.children_named("attributes") {
        let class = attributes.attribute("class");
        assert!(["node", "edge"].contains(&class));
        for attribute in attributes.children_named("attribute") {
            assert!(!attribute.attribute("id").is_empty() && attributes.attributes.contains_key("class"));
            assert!(attribute.attributes.contains_key("title"), "attribute needs a title");
            assert!(attribute_types.contains(&attribute.attribute("type")), "{attribute:?}");
            declared.entry(class).or_default().insert(attribute.attribute("id"));
        }
    }
    let check_attvalues = |element: &Element, class: &str| {
        for attvalues in element.children_named("attvalues") {
            for value in &attvalues.children {
                assert_eq!(value.name, "attvalue");
                assert!(
                    declared[class].contains(value.attribute("for")),
                    "{class} attribute {value:?} is declared"
                );
                assert!(value.attributes.contains_key("value"));
            }
        }
    };
    let channel = |e: &Element, c: &str| e.attribute(c).parse::<u8>().is_ok();

    let nodes = graph.child("nodes");
    let node_list: Vec<&Element> = nodes.children_named("node").collect();
    assert_eq!(nodes.attribute("count"), node_list.len().to_string());
    let mut ids = BTreeSet::new();
    for node in &node_list {
        assert!(ids.insert(node.attribute("id")), "node ids are unique and present");
        check_attvalues(node, "node");
        for child in &node.children {
            assert!(
                ["attvalues", "viz:color", "viz:position", "viz:size"].contains(&child.name.as_str()),
                "{child:?}"
            );
        }
        let color = node.child("viz:color");
        assert!(channel(color, "r") && channel(color, "g") && channel(color, "b"), "{color:?}");
        let position = node.child("viz:position");
        assert!(
            position.attribute("x").parse::<f32>().is_ok() && position.attribute("y").parse::<f32>().is_ok()
        );
        let size: f32 = node.child("viz:size").attribute("value").parse().expect("a size");
        assert!(size >= 0.0);
    }
    let edges = graph.child("edges");
    let edge_list: Vec<&Element> = edges.children_named("edge").collect();
    assert_eq!(edges.attribute("count"), edge_list.len().to_string());
    for edge in &edge_list {
        assert!(ids.contains(edge.attribute("source")) && ids.contains(edge.attribute("target")), "{edge:?}");
        if let Some(kind) = edge.attributes.get("type") {
            assert!(["directed", "undirected", "mutual"].contains(&kind.as_str()));
        }
        check_attvalues(edge, "edge");
        for child in &edge.children {
            assert!(["attvalues", "viz:color", "viz:thickness", "viz:shape"].contains(&child.name.as_str()));
        }
        let shape = edge.child("viz:shape").attribute("value");
        assert!(["solid", "dotted", "dashed", "double"].contains(&shape));
    }
}

#[test]
fn gexf_has_the_structure_its_schema_requires_and_matches_the_project() {
    let project = sample_with_map();
    let map = map_of(&project);
    let root = parse_xml(&export_text(&project, Format::Gexf));
    check_gexf_structure(&root, "http://gexf.net/1.3", "http://gexf.net/1.3/viz", "1.3");

    let graph = root.child("graph");
    let nodes: Vec<&Element> = graph.child("nodes").children_named("node").collect();
    assert_eq!(nodes.len(), map.nodes.len());
    for node in nodes {
        let id = EntityId::from(node.attribute("id"));
        assert_eq!(node.attribute("label"), project.entities[&id].name);
        let position = node.child("viz:position");
        assert!(near(position.attribute("x").parse().expect("x"), map.nodes[&id].x));
        // Gephi's y axis points up.
        assert!(near(position.attribute("y").parse().expect("y"), -map.nodes[&id].y));
    }
    let edges: Vec<&Element> = graph.child("edges").children_named("edge").collect();
    assert_eq!(edges.len(), project.relations.len());
    let disputed =
        edges.iter().find(|e| e.attribute("id") == "transferred-r3").expect("the disputed relation");
    let values: BTreeMap<&str, &str> = disputed
        .child("attvalues")
        .children
        .iter()
        .map(|v| (v.attribute("for"), v.attribute("value")))
        .collect();
    assert_eq!((values["disputed"], values["sources"], values["evidence"]), ("true", "1", "1"));
    let undirected = edges.iter().find(|e| e.attribute("id") == "ally-r6").expect("the undirected relation");
    assert_eq!(undirected.attribute("type"), "undirected");
    let undocumented = edges.iter().find(|e| e.attribute("id") == "took-r4").expect("no evidence");
    assert_eq!(undocumented.child("viz:shape").attribute("value"), "dashed");
}

#[test]
fn gexf_1_2draft_uses_its_own_namespaces() {
    let project = sample_with_map();
    let mut options = ExportOptions::new(Format::Gexf);
    options.gexf_version = GexfVersion::V1_2Draft;
    let text = String::from_utf8(export_file(&project, &options)).expect("UTF-8");
    let root = parse_xml(&text);
    check_gexf_structure(&root, "http://www.gexf.net/1.2draft", "http://www.gexf.net/1.2draft/viz", "1.2");
    // networkx refuses undirected edges in a directed graph and reads "mutual" as two
    // edges (which Gephi refuses), so no edge has a type; its `directed` value says it.
    let edges = root.child("graph").child("edges");
    for edge in edges.children_named("edge") {
        assert!(!edge.attributes.contains_key("type"), "edge {} has no type", edge.attribute("id"));
    }
    let ally = edges
        .children_named("edge")
        .find(|e| e.attribute("id") == "ally-r6")
        .expect("the undirected relation");
    let values: BTreeMap<&str, &str> =
        ally.child("attvalues").children.iter().map(|v| (v.attribute("for"), v.attribute("value"))).collect();
    assert_eq!(values["directed"], "false");
}

#[test]
fn svg_is_well_formed_with_every_entity_relation_note_and_group() {
    let mut project = sample_with_map();
    // Each relation on its own line, so that each can be looked at below.
    for map in project.maps.values_mut() {
        map.parallel = ParallelRelations::Expanded;
    }
    let map = map_of(&project);
    let svg = export_text(&project, Format::Svg);
    let root = parse_xml(&svg);
    assert_eq!(root.name, "svg");
    assert_eq!(root.attribute("xmlns"), "http://www.w3.org/2000/svg");
    let all = root.descendants();
    let with_class = |class: &str| all.iter().filter(|e| e.attribute("class") == class).count();
    assert_eq!(with_class("entity"), map.nodes.len());
    // Every relation is drawn, alone or in the bundle of its pair ("data-relations").
    let drawn: usize = all
        .iter()
        .filter(|e| e.attribute("class") == "relation" || e.attribute("class").starts_with("relation "))
        .map(|e| e.attributes.get("data-relations").map_or(1, |ids| ids.split(' ').count()))
        .sum();
    assert_eq!(drawn, project.relations.len());
    assert_eq!(with_class("relation disputed") + with_class("relation bundle disputed"), 1);
    assert_eq!(with_class("note"), 1);
    assert_eq!(with_class("group"), 1);
    let texts: Vec<&str> = all.iter().filter(|e| e.name == "text").map(|e| e.text.as_str()).collect();
    for name in ["Bashar al-Assad", "Hay'at Tahrir al-Sham", "Russian footprint", "Assad's escape"] {
        assert!(texts.contains(&name), "{name} is drawn: {texts:?}");
    }
    // The relation without evidence is dashed; the one with evidence is not.
    let relation = |id: &str| *all.iter().find(|e| e.attribute("data-id") == id).expect("the relation");
    assert!(relation("took-r4").child("path").attributes.contains_key("stroke-dasharray"));
    assert!(!relation("evacuated-r1").child("path").attributes.contains_key("stroke-dasharray"));
    // Two sources draw a thicker line than one.
    let width =
        |id: &str| relation(id).child("path").attribute("stroke-width").parse::<f32>().expect("width");
    assert!(width("evacuated-r1") > width("transferred-r3"));
    // Both sources of the evidence are listed.
    assert_eq!(all.iter().filter(|e| e.attribute("class") == "source").count(), 2);
}

#[test]
fn png_has_the_page_size_times_the_scale_and_is_the_same_every_time() {
    let project = sample_with_map();
    let svg = parse_xml(&export_text(&project, Format::Svg));
    let width: u32 = svg.attribute("width").parse().expect("whole width");
    let height: u32 = svg.attribute("height").parse().expect("whole height");
    for scale in [1.0, 2.0] {
        let mut options = ExportOptions::new(Format::Png);
        options.scale = scale;
        let first = export_file(&project, &options);
        let second = export_file(&project, &options);
        assert!(first == second, "the same PNG bytes every time");
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&first).expect("a PNG");
        let factor = scale as u32;
        assert_eq!((pixmap.width(), pixmap.height()), (width * factor, height * factor));
        // Something is drawn: the kind colour of a person is there.
        let person = dossier::export::style::kind_rgb(dossier::model::EntityKind::Person);
        let drawn =
            pixmap.pixels().iter().any(|p| [p.red(), p.green(), p.blue()] == person && p.alpha() == 255);
        assert!(drawn, "a person's node is drawn at scale {scale}");
    }
}

/// The characters `start..end` (code points) of `text`.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn every_web_annotation_selects_its_exact_quote_by_code_points() {
    let project = sample_with_map();
    let json: serde_json::Value =
        serde_json::from_slice(&export_file(&project, &ExportOptions::new(Format::WebAnnotation)))
            .expect("JSON");
    assert_eq!(json["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(json["type"], "AnnotationCollection");
    let items = json["first"]["items"].as_array().expect("items");
    let evidence_count: usize = project.relations.values().map(|r| r.evidence.len()).sum();
    assert_eq!(items.len(), project.mentions.len() + evidence_count);
    assert_eq!(json["total"], items.len());
    let mut non_ascii_before = 0;
    for item in items {
        assert_eq!(item["type"], "Annotation");
        assert!(item["id"].as_str().is_some_and(|id| id.starts_with("urn:dossier:")));
        let target = &item["target"];
        let source_id =
            target["source"].as_str().and_then(|s| s.strip_prefix("urn:dossier:source:")).expect("source");
        let text = &project.sources[&SourceId::from(source_id)].text;
        let [position, quote] = target["selector"].as_array().expect("selectors").as_slice() else {
            panic!("two selectors")
        };
        assert_eq!(position["type"], "TextPositionSelector");
        assert_eq!(quote["type"], "TextQuoteSelector");
        let start = position["start"].as_u64().expect("start") as usize;
        let end = position["end"].as_u64().expect("end") as usize;
        let exact = quote["exact"].as_str().expect("exact");
        assert_eq!(chars(text, start, end), exact, "{item}");
        let prefix = quote["prefix"].as_str().unwrap_or("");
        let suffix = quote["suffix"].as_str().unwrap_or("");
        assert!(chars(text, 0, start).ends_with(prefix) && chars(text, end, usize::MAX).starts_with(suffix));
        if !chars(text, 0, start).is_ascii() {
            non_ascii_before += 1;
        }
    }
    assert!(non_ascii_before > 10, "the test covers quotes after non-ASCII text");
    let mention = items.iter().find(|i| i["motivation"] == "identifying").expect("a mention");
    assert!(mention["body"][0]["id"].as_str().is_some_and(|id| id.starts_with("urn:dossier:entity:")));
    let disputed =
        items.iter().find(|i| i["id"] == "urn:dossier:relation:transferred-r3:evidence:1").expect("evidence");
    let purposes: Vec<&str> =
        disputed["body"].as_array().expect("bodies").iter().filter_map(|b| b["purpose"].as_str()).collect();
    assert_eq!(purposes, ["describing", "assessing", "tagging"]);
}

#[test]
fn every_brat_span_covers_its_text_and_never_a_line_break() {
    let project = sample_with_map();
    let files = export_folder(&project, Format::Brat);
    assert!(files["annotation.conf"].contains("[entities]\nPerson\n"));
    let mut spans_seen = 0;
    let mut split = 0;
    for source in project.sources.values() {
        let txt = &files[&format!("{}.txt", source.id)];
        assert_eq!(txt.as_str(), &*source.text, "the text is copied exactly");
        let ann = &files[&format!("{}.ann", source.id)];
        let evidence =
            project.relations.values().flat_map(|r| &r.evidence).filter(|e| e.source == source.id).count();
        let mentions = project.mentions_in_source(&source.id).count();
        let text_bound: Vec<&str> = ann.lines().filter(|l| l.starts_with('T')).collect();
        assert_eq!(text_bound.len(), mentions + evidence, "{}", source.id);
        for line in text_bound {
            let [_, type_and_spans, quoted] = line.split('\t').collect::<Vec<_>>()[..] else {
                panic!("three fields: {line:?}")
            };
            let (kind, spans) = type_and_spans.split_once(' ').expect("type and spans");
            assert!(!kind.contains(' ') && !kind.is_empty());
            let fragments: Vec<String> = spans
                .split(';')
                .map(|span| {
                    let (start, end) = span.split_once(' ').expect("start end");
                    let fragment = chars(txt, start.parse().expect("start"), end.parse().expect("end"));
                    assert!(!fragment.contains('\n'), "no fragment crosses a line: {line:?}");
                    fragment
                })
                .collect();
            split += usize::from(fragments.len() > 1);
            assert_eq!(fragments.join(" "), quoted, "{line:?}");
            spans_seen += 1;
        }
        assert_eq!(
            ann.lines().filter(|l| l.starts_with('#')).count(),
            mentions + evidence,
            "one note per span"
        );
    }
    assert_eq!(
        spans_seen,
        project.mentions.len() + project.relations.values().map(|r| r.evidence.len()).sum::<usize>()
    );
    assert_eq!(split, 1, "the quote across a paragraph break is split");
}

#[test]
fn csv_and_cytoscape_have_one_row_per_entity_and_relation() {
    let project = sample_with_map();
    let map = map_of(&project);
    let files = export_folder(&project, Format::Csv);
    let rows = |name: &str| -> (Vec<String>, Vec<csv::StringRecord>) {
        let mut reader = csv::Reader::from_reader(files[name].as_bytes());
        let header = reader.headers().expect("a header").iter().map(str::to_owned).collect();
        (header, reader.records().map(|r| r.expect("a row")).collect())
    };
    let (header, nodes) = rows("nodes.csv");
    assert_eq!(&header[..2], ["Id", "Label"]);
    assert_eq!(nodes.len(), map.nodes.len());
    let (header, edges) = rows("edges.csv");
    assert_eq!(&header[..5], ["Source", "Target", "Type", "Id", "Label"]);
    assert_eq!(edges.len(), project.relations.len());
    assert!(edges.iter().any(|e| &e[2] == "Undirected") && edges.iter().any(|e| &e[2] == "Directed"));

    let json: serde_json::Value = serde_json::from_str(&export_text(&project, Format::Json)).expect("JSON");
    let nodes = json["elements"]["nodes"].as_array().expect("nodes");
    let edges = json["elements"]["edges"].as_array().expect("edges");
    assert_eq!((nodes.len(), edges.len()), (map.nodes.len(), project.relations.len()));
    let assad = nodes.iter().find(|n| n["data"]["id"] == ASSAD).expect("Assad");
    assert_eq!(assad["data"]["label"], "Bashar al-Assad");
    // What networkx's cytoscape_graph needs: node value and name, a multigraph flag.
    assert_eq!(
        (assad["data"]["value"].as_str(), assad["data"]["name"].as_str()),
        (Some(ASSAD), Some("Bashar al-Assad"))
    );
    assert_eq!((json["directed"].as_bool(), json["multigraph"].as_bool()), (Some(true), Some(true)));
    assert_eq!((assad["position"]["x"].as_f64(), assad["position"]["y"].as_f64()), (Some(0.0), Some(0.0)));
    let evacuated = edges.iter().find(|e| e["data"]["id"] == "evacuated-r1").expect("relation");
    assert_eq!(
        (evacuated["data"]["source"].as_str(), evacuated["data"]["sources"].as_u64()),
        (Some(RUSSIA), Some(2))
    );
    assert_eq!(evacuated["data"]["key"], "evacuated-r1");
}

#[test]
fn only_the_visible_entities_are_exported() {
    let project = sample_with_map();
    let mut options = ExportOptions::new(Format::GraphMl);
    options.scene.visible = Some([ASSAD, RUSSIA].into_iter().map(EntityId::from).collect());
    let root = parse_xml(&String::from_utf8(export_file(&project, &options)).expect("UTF-8"));
    let graph = root.child("graph");
    assert_eq!(graph.children_named("node").count(), 2);
    // Russia → Assad, Assad → Russia and Assad's loop.
    assert_eq!(graph.children_named("edge").count(), 3);
}

fn dossier(args: &[&str]) -> ProcessOutput {
    Command::new(env!("CARGO_BIN_EXE_dossier")).args(args).output().expect("the binary runs")
}

fn stderr(output: &ProcessOutput) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn cli_exports_files_and_folders() {
    let tmp = tempfile::tempdir().expect("tmp");
    let project_dir = tmp.path().join("syria");
    dossier::store::save(&sample_with_map(), &project_dir).expect("save");
    let project = project_dir.to_str().expect("UTF-8");
    for (format, out) in
        [("svg", "map.svg"), ("png", "map.png"), ("gexf", "map.gexf"), ("webanno", "anno.jsonld")]
    {
        let path = tmp.path().join(out);
        let output = dossier(&["export", project, "--format", format, "-o", path.to_str().expect("UTF-8")]);
        assert_eq!(output.status.code(), Some(0), "{format}: {}", stderr(&output));
        assert!(std::fs::metadata(&path).expect("written").len() > 100, "{format}");
    }
    let png = tmp.path().join("map@2x.png");
    let output =
        dossier(&["export", project, "--format", "png", "--scale", "2", "-o", png.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let one = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(tmp.path().join("map.png")).expect("read"))
        .expect("png");
    let two = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(&png).expect("read")).expect("png");
    assert_eq!((two.width(), two.height()), (one.width() * 2, one.height() * 2));

    let csv_dir = tmp.path().join("tables");
    let output = dossier(&[
        "export",
        project,
        "--format",
        "csv",
        "--map",
        "escape-map",
        "-o",
        csv_dir.to_str().expect("UTF-8"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(csv_dir.join("nodes.csv").is_file() && csv_dir.join("edges.csv").is_file());
    let brat_dir = tmp.path().join("brat");
    let output = dossier(&["export", project, "--format", "brat", "-o", brat_dir.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(brat_dir.join(format!("{ASSURES}.ann")).is_file());
}

#[test]
fn cli_errors_are_one_clear_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out.svg");
    let out = out.to_str().expect("UTF-8");

    let empty = tmp.path().join("empty");
    let empty = empty.to_str().expect("UTF-8");
    assert!(dossier(&["new", empty]).status.success());
    let output = dossier(&["export", empty, "--format", "svg", "-o", out]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
    assert!(stderr(&output).contains("has no maps"), "{}", stderr(&output));

    let project_dir = tmp.path().join("syria");
    dossier::store::save(&sample_with_map(), &project_dir).expect("save");
    let project = project_dir.to_str().expect("UTF-8");
    let output = dossier(&["export", project, "--format", "graphml", "--map", "nope", "-o", out]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("no map `nope`") && message.contains("escape-map"), "{message}");

    let output = dossier(&["export", project, "--format", "svg", "--scale", "2", "-o", out]);
    assert_eq!(output.status.code(), Some(2), "--scale is for PNG only");
    let output = dossier(&["export", project, "--format", "png", "--scale", "50", "-o", out]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("scale"), "{}", stderr(&output));
    let output = dossier(&["export", project, "--format", "pdf", "-o", out]);
    assert_eq!(output.status.code(), Some(2), "unknown formats are usage errors");
    assert!(!Path::new(out).exists(), "nothing was written");
}

/// The sample project as shipped, with the storyboard of "Assad's exit".
fn sample_with_slides() -> (Project, MapId) {
    let project = dossier::store::load(Path::new(SAMPLE)).expect("the sample loads");
    let id = MapId::from("assads-exit-k14g");
    assert!(project.maps[&id].slides.len() >= 3, "the sample map has a storyboard");
    (project, id)
}

fn slide_svg(project: &Project, map: &MapId, index: usize) -> Element {
    let mut options = ExportOptions::new(Format::Svg);
    options.map = Some(map.clone());
    options.slide = Some(index);
    parse_xml(&String::from_utf8(export_file(project, &options)).expect("UTF-8"))
}

/// The `data-id`s of the elements whose class starts with `class`.
fn drawn_ids<'a>(all: &[&'a Element], class: &str) -> BTreeSet<&'a str> {
    all.iter()
        .filter(|e| e.attribute("class").split(' ').next() == Some(class))
        .map(|e| e.attribute("data-id"))
        .collect()
}

#[test]
fn a_slide_draws_its_nodes_and_relations_only_and_dims_what_it_does_not_stress() {
    let (project, map_id) = sample_with_slides();
    let map = &project.maps[&map_id];
    // Slide 2 (index 1): a subset of the nodes, two relations highlighted.
    let slide = &map.slides[1];
    let root = slide_svg(&project, &map_id, 1);
    let all = root.descendants();
    let entities = drawn_ids(&all, "entity");
    let expected: BTreeSet<&str> =
        slide.nodes.as_ref().expect("slide 2 picks its nodes").iter().map(EntityId::as_str).collect();
    assert_eq!(entities, expected);
    assert!(!entities.contains(ASSAD), "Assad is not on slide 2");
    for id in drawn_ids(&all, "relation") {
        let relation = &project.relations[&RelationId::from(id)];
        assert!(expected.contains(relation.from.as_str()) && expected.contains(relation.to.as_str()), "{id}");
    }
    let with_class =
        |class: &str| all.iter().filter(|e| e.attribute("class").split(' ').any(|c| c == class)).count();
    assert!(with_class("stressed") >= 2 && with_class("dimmed") > 0, "highlights stress and dim");
    let stressed = all
        .iter()
        .find(|e| e.attribute("data-id") == "hayat-tahrir-al-sham-took-2yid")
        .expect("the highlighted relation");
    assert_eq!(stressed.attribute("class"), "relation stressed");
    for dimmed in all.iter().filter(|e| e.attribute("class").ends_with(" dimmed")) {
        let opacity: f32 = dimmed.attribute("opacity").parse().expect("a dimmed shape has an opacity");
        assert!(opacity < 0.5, "{opacity}");
    }
    let texts: Vec<&str> = all.iter().filter(|e| e.name == "text").map(|e| e.text.as_str()).collect();
    assert!(texts.contains(&"HTS takes Damascus"), "the slide's title: {texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("Assad's exit · slide 2 of")), "{texts:?}");
    let caption = root.children.iter().find(|e| e.attribute("id") == "caption").expect("a caption");
    let caption: Vec<&str> = caption.children.iter().map(|line| line.text.as_str()).collect();
    assert_eq!(caption.join(" "), slide.caption);

    // The sources listed are those the drawn relations quote.
    let drawn = drawn_ids(&all, "relation");
    let quoted: BTreeSet<&str> = drawn
        .iter()
        .flat_map(|id| project.relations[&RelationId::from(*id)].evidence.iter().map(|e| e.source.as_str()))
        .collect();
    let listed: BTreeSet<&str> =
        all.iter().filter(|e| e.attribute("class") == "source").map(|e| e.attribute("data-id")).collect();
    assert_eq!(listed, quoted);
}

#[test]
fn a_slide_leaves_out_its_hidden_relations_and_without_highlights_dims_nothing() {
    let (project, map_id) = sample_with_slides();
    let map = &project.maps[&map_id];
    let (index, slide) = map
        .slides
        .iter()
        .enumerate()
        .find(|(_, s)| !s.hidden_relations.is_empty())
        .expect("a slide hides relations");
    let all_of = |index| slide_svg(&project, &map_id, index);
    let root = all_of(index);
    let all = root.descendants();
    let entities = drawn_ids(&all, "entity");
    let relations = drawn_ids(&all, "relation");
    for hidden in &slide.hidden_relations {
        let relation = &project.relations[hidden];
        assert!(entities.contains(relation.from.as_str()) && entities.contains(relation.to.as_str()));
        assert!(!relations.contains(hidden.as_str()), "{hidden} is hidden");
    }
    // The first slide shows everything and stresses nothing.
    assert!(map.slides[0].nodes.is_none() && !map.slides[0].has_highlights());
    let root = all_of(0);
    let all = root.descendants();
    assert_eq!(drawn_ids(&all, "entity").len(), map.nodes.len());
    assert!(
        all.iter()
            .all(|e| !e.attribute("class").contains("dimmed") && !e.attribute("class").contains("stressed"))
    );
}

#[test]
fn a_slide_png_has_its_page_size_times_the_scale_and_the_same_bytes_every_time() {
    let (project, map_id) = sample_with_slides();
    let svg = slide_svg(&project, &map_id, 1);
    let width: u32 = svg.attribute("width").parse().expect("whole width");
    let height: u32 = svg.attribute("height").parse().expect("whole height");
    assert!(width >= 1280, "a slide fills the 16:9 frame: {width}");
    let mut options = ExportOptions::new(Format::Png);
    options.map = Some(map_id);
    options.slide = Some(1);
    options.scale = 2.0;
    let first = export_file(&project, &options);
    assert!(first == export_file(&project, &options), "the same PNG bytes every time");
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&first).expect("a PNG");
    assert_eq!((pixmap.width(), pixmap.height()), (width * 2, height * 2));
    let highlight = dossier::export::style::HIGHLIGHT;
    assert!(
        pixmap.pixels().iter().any(|p| [p.red(), p.green(), p.blue()] == highlight && p.alpha() == 255),
        "the highlight colour is drawn"
    );
}

#[test]
fn cli_exports_a_slide_and_says_which_slides_there_are() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("slide.svg");
    let out = out.to_str().expect("UTF-8");
    let output = dossier(&[
        "export",
        SAMPLE,
        "--format",
        "svg",
        "--map",
        "assads-exit-k14g",
        "--slide",
        "2",
        "-o",
        out,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let root = parse_xml(&std::fs::read_to_string(out).expect("written"));
    assert!(!drawn_ids(&root.descendants(), "entity").contains(ASSAD));

    let output = dossier(&[
        "export",
        SAMPLE,
        "--format",
        "png",
        "--map",
        "assads-exit-k14g",
        "--slide",
        "9",
        "-o",
        out,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!("dossier: {SAMPLE}: map `assads-exit-k14g` has no slide 9; it has 6 slides\n")
    );
    let output = dossier(&[
        "export",
        SAMPLE,
        "--format",
        "svg",
        "--map",
        "money-and-bases-xhmr",
        "--slide",
        "1",
        "-o",
        out,
    ]);
    assert_eq!(
        stderr(&output),
        format!("dossier: {SAMPLE}: map `money-and-bases-xhmr` has no slide 1; it has no slides\n")
    );
    for (format, slide) in [("graphml", "1"), ("deck", "1"), ("svg", "0")] {
        let output = dossier(&["export", SAMPLE, "--format", format, "--slide", slide, "-o", out]);
        assert_eq!(output.status.code(), Some(2), "--format {format} --slide {slide} is a usage error");
    }
}

#[test]
fn an_export_writes_its_file_or_folder_and_refuses_a_file_where_a_folder_goes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let project = dossier::store::load(Path::new(SAMPLE)).expect("the sample loads");
    let csv = export::export(&project, &ExportOptions::new(Format::Csv)).expect("exports");
    let Output::Folder(files) = &csv else { panic!("CSV is a folder of files") };
    let dir = tmp.path().join("csv");
    assert_eq!(csv.write_to(&dir).expect("writes"), files.len());
    for (name, bytes) in files {
        assert_eq!(&std::fs::read(dir.join(name)).expect("written"), bytes);
    }
    let file = tmp.path().join("taken");
    std::fs::write(&file, "x").expect("write");
    let error = csv.write_to(&file).expect_err("a file is not a folder");
    assert_eq!(
        error.to_string(),
        format!("{} is a file; this export is written into a folder", file.display())
    );

    let graphml = export::export(&project, &ExportOptions::new(Format::GraphMl)).expect("exports");
    let out = tmp.path().join("map.graphml");
    assert_eq!(graphml.write_to(&out).expect("writes"), 1);
    let Output::File(bytes) = &graphml else { panic!("GraphML is one file") };
    assert_eq!(&std::fs::read(&out).expect("written"), bytes);
}

/// A relation is exported as disputed when a claim tied to it is contested, even with its
/// own flag off: the sample's claims dispute the relations they bear on.
#[test]
fn relations_that_contested_claims_bear_on_are_exported_as_disputed() {
    let mut project =
        dossier::store::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024")))
            .expect("the sample loads");
    for relation in project.relations.values_mut() {
        relation.disputed = false;
    }
    let mut map = dossier::model::Map::new(MapId::from("all-of-it"), "All");
    for (i, id) in project.entities.keys().enumerate() {
        map.nodes.insert(id.clone(), MapNode { x: i as f32 * 50.0, y: 0.0, pinned: false });
    }
    let graph = dossier::export::MapGraph::new(&project, &map, None);
    let json = dossier::export::graph::cytoscape_json(&graph);
    let mut disputed: Vec<&str> = json["elements"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter(|edge| edge["data"]["disputed"] == true)
        .filter_map(|edge| edge["data"]["id"].as_str())
        .collect();
    disputed.sort_unstable();
    let mut expected: Vec<&str> = project
        .claims
        .values()
        .filter(|claim| claim.is_contested())
        .filter_map(|claim| claim.relation.as_ref().map(dossier::model::RelationId::as_str))
        .collect();
    expected.sort_unstable();
    assert_eq!(disputed, expected);
    assert_eq!(expected.len(), 3, "three of the sample's claims bear on a relation");
}

/// Every label box of a scene (names, relation labels with their badges) and every node
/// circle (with its ring when stressed): what must not overlap.
fn label_boxes_and_discs(scene: &Scene) -> (Vec<Rect>, Vec<(f32, f32, f32)>) {
    let mut boxes: Vec<Rect> =
        scene.nodes.iter().filter_map(|n| n.label.as_ref()).map(TextLine::bounds).collect();
    boxes.extend(scene.edges.iter().filter_map(|e| e.label_backdrop));
    let discs = scene
        .nodes
        .iter()
        .map(|n| {
            let ring = if n.emphasis == Emphasis::Stressed { STRESS_RING_GAP } else { 0.0 };
            (n.center.x, n.center.y, n.radius + ring)
        })
        .collect();
    (boxes, discs)
}

/// How many pairs of label boxes overlap, and how many boxes cover a node.
fn overlaps(scene: &Scene) -> (usize, usize) {
    let (boxes, discs) = label_boxes_and_discs(scene);
    let meets =
        |a: &Rect, b: &Rect| a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
    let covers = |r: &Rect, &(x, y, radius): &(f32, f32, f32)| {
        let (dx, dy) = (x - x.clamp(r.x, r.right()), y - y.clamp(r.y, r.bottom()));
        dx * dx + dy * dy < radius * radius
    };
    let mut labels = 0;
    for (i, a) in boxes.iter().enumerate() {
        labels += boxes[i + 1..].iter().filter(|b| meets(a, b)).count();
    }
    let nodes = boxes.iter().map(|b| discs.iter().filter(|d| covers(b, d)).count()).sum();
    (labels, nodes)
}

#[test]
fn no_label_overlaps_another_or_a_node_on_any_map_or_slide_of_the_sample() {
    let project = dossier::store::load(Path::new(SAMPLE)).expect("the sample loads");
    let mut drawn = 0;
    for map in project.maps.values() {
        let mut scenes =
            vec![(String::from("whole map"), Scene::build(&project, map, &SceneOptions::default()))];
        for index in 0..map.slides.len() {
            let options = SceneOptions::for_slide(map, index).expect("a slide");
            scenes.push((format!("slide {}", index + 1), Scene::build(&project, map, &options)));
        }
        for (what, scene) in scenes {
            let names = scene.nodes.iter().filter(|n| n.label.is_some()).count();
            assert_eq!(
                overlaps(&scene),
                (0, 0),
                "{}, {what}: overlapping labels, labels over nodes",
                map.name
            );
            assert_eq!(names, scene.nodes.len(), "{}, {what}: every name has room", map.name);
            drawn += 1;
        }
    }
    assert!(drawn > 2);
}
