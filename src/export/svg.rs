//! SVG from a [`Scene`]: one self-contained file, text as text, every shape grouped and
//! classed by what it stands for (`entity`, `relation`, `group`, `note`).

use super::scene::{
    DASH, EdgePath, EdgeShape, Emphasis, MARKER_RADIUS, NodeShape, Point, STRESS_RING_GAP, Scene, Swatch,
    TextAnchor, TextLine,
};
use super::style::{self, Rgb, hex};
use super::xml::{XmlWriter, number};
use crate::model::RelationId;

/// The SVG document of `scene`.
pub fn svg_from_scene(scene: &Scene) -> String {
    let width = number(scene.width);
    let height = number(scene.height);
    let view_box = format!("0 0 {width} {height}");
    let mut xml = XmlWriter::new();
    xml.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("version", "1.1"),
            ("width", &width),
            ("height", &height),
            ("viewBox", &view_box),
            ("font-family", style::TEXT_FAMILY),
        ],
    );
    if let Some(title) = &scene.title {
        xml.text_element("title", &[], &title.text);
    }
    xml.empty("rect", &[("width", &width), ("height", &height), ("fill", &hex(scene.background))]);

    let frame = scene.map_frame;
    xml.open("defs", &[]);
    xml.open("clipPath", &[("id", "map-view")]);
    xml.empty(
        "rect",
        &[
            ("x", &number(frame.x)),
            ("y", &number(frame.y)),
            ("width", &number(frame.width)),
            ("height", &number(frame.height)),
        ],
    );
    xml.close();
    xml.close();

    let origin = scene.page_from_map(Point::new(0.0, 0.0));
    let unit = scene.page_from_map(Point::new(1.0, 1.0));
    let transform = format!(
        "matrix({} 0 0 {} {} {})",
        number(unit.x - origin.x),
        number(unit.y - origin.y),
        number(origin.x),
        number(origin.y)
    );
    xml.open("g", &[("id", "map"), ("clip-path", "url(#map-view)")]);
    xml.open("g", &[("transform", &transform)]);

    xml.open("g", &[("id", "groups")]);
    for group in &scene.groups {
        open_shape(&mut xml, "group", group.emphasis, &[]);
        xml.empty(
            "rect",
            &[
                ("x", &number(group.rect.x)),
                ("y", &number(group.rect.y)),
                ("width", &number(group.rect.width)),
                ("height", &number(group.rect.height)),
                ("rx", "8"),
                ("fill", &hex(style::GROUP_FILL)),
                ("fill-opacity", &number(style::GROUP_FILL_OPACITY)),
                ("stroke", &hex(style::GROUP_BORDER)),
                ("stroke-width", "1.5"),
            ],
        );
        text(&mut xml, &group.label);
        xml.close();
    }
    xml.close();

    xml.open("g", &[("id", "relations")]);
    for edge in &scene.edges {
        edge_svg(&mut xml, edge);
    }
    xml.close();

    // Labels over every line, so a stressed line drawn later never crosses a label.
    xml.open("g", &[("id", "relation-labels")]);
    for edge in scene.edges.iter().filter(|e| e.label_backdrop.is_some() || e.disputed_marker.is_some()) {
        open_shape(&mut xml, "relation-label", edge.emphasis, &[("data-id", edge.relation.as_str())]);
        edge_label_svg(&mut xml, edge);
        xml.close();
    }
    xml.close();

    xml.open("g", &[("id", "entities")]);
    for node in &scene.nodes {
        node_svg(&mut xml, node);
    }
    xml.close();

    xml.open("g", &[("id", "notes")]);
    for note in &scene.notes {
        open_shape(&mut xml, "note", note.emphasis, &[]);
        xml.empty(
            "rect",
            &[
                ("x", &number(note.rect.x)),
                ("y", &number(note.rect.y)),
                ("width", &number(note.rect.width)),
                ("height", &number(note.rect.height)),
                ("rx", "3"),
                ("fill", &hex(style::NOTE_FILL)),
                ("stroke", &hex(style::NOTE_BORDER)),
            ],
        );
        for line in &note.lines {
            text(&mut xml, line);
        }
        xml.close();
    }
    xml.close();
    xml.close();
    xml.close();

    for line in scene.title.iter().chain(&scene.subtitle) {
        text(&mut xml, line);
    }
    if !scene.caption.is_empty() {
        xml.open("g", &[("id", "caption")]);
        for line in &scene.caption {
            text(&mut xml, line);
        }
        xml.close();
    }
    if !scene.legend.is_empty() {
        xml.open("g", &[("id", "legend")]);
        for entry in &scene.legend {
            swatch_svg(&mut xml, entry.swatch, entry.at);
            text(&mut xml, &entry.label);
        }
        xml.close();
    }
    if let Some(heading) = &scene.sources_heading {
        xml.open("g", &[("id", "sources")]);
        text(&mut xml, heading);
        for cited in &scene.sources {
            xml.open("g", &[("class", "source"), ("data-id", cited.source.as_str())]);
            text(&mut xml, &cited.line);
            xml.close();
        }
        xml.close();
    }
    xml.finish()
}

/// Opens the `<g>` of one shape: its class (plus `stressed` or `dimmed`), a dimmed
/// shape's opacity, and `extra` attributes.
fn open_shape(xml: &mut XmlWriter, class: &str, emphasis: Emphasis, extra: &[(&str, &str)]) {
    let class = match emphasis {
        Emphasis::Normal => class.to_owned(),
        Emphasis::Stressed => format!("{class} stressed"),
        Emphasis::Dimmed => format!("{class} dimmed"),
    };
    let opacity = number(style::DIMMED_OPACITY);
    let mut attributes = vec![("class", class.as_str())];
    attributes.extend_from_slice(extra);
    if emphasis == Emphasis::Dimmed {
        attributes.push(("opacity", &opacity));
    }
    xml.open("g", &attributes);
}

fn point(p: Point) -> String {
    format!("{} {}", number(p.x), number(p.y))
}

fn path_data(path: &EdgePath) -> String {
    match *path {
        EdgePath::Line { from, to } => format!("M {} L {}", point(from), point(to)),
        EdgePath::Quadratic { from, control, to } => {
            format!("M {} Q {} {}", point(from), point(control), point(to))
        }
        EdgePath::Cubic { from, control1, control2, to } => {
            format!("M {} C {} {} {}", point(from), point(control1), point(control2), point(to))
        }
    }
}

fn edge_svg(xml: &mut XmlWriter, edge: &EdgeShape) {
    let class = match (edge.bundle.is_empty(), edge.disputed) {
        (true, false) => "relation",
        (true, true) => "relation disputed",
        (false, false) => "relation bundle",
        (false, true) => "relation bundle disputed",
    };
    let members = edge.bundle.iter().map(RelationId::as_str).collect::<Vec<_>>().join(" ");
    let mut attributes = vec![("data-id", edge.relation.as_str())];
    if !edge.bundle.is_empty() {
        attributes.push(("data-relations", members.as_str()));
    }
    open_shape(xml, class, edge.emphasis, &attributes);
    let color = hex(edge.color);
    let width = number(edge.width);
    let dash = format!("{} {}", number(DASH[0]), number(DASH[1]));
    let mut attributes = vec![
        ("d", path_data(&edge.path)),
        ("fill", "none".to_owned()),
        ("stroke", color.clone()),
        ("stroke-width", width),
        ("stroke-linecap", "round".to_owned()),
    ];
    if edge.dashed {
        attributes.push(("stroke-dasharray", dash));
    }
    let borrowed: Vec<(&str, &str)> = attributes.iter().map(|(k, v)| (*k, v.as_str())).collect();
    xml.empty("path", &borrowed);
    if let Some([tip, left, right]) = edge.arrow {
        let d = format!("M {} L {} L {} Z", point(tip), point(left), point(right));
        xml.empty("path", &[("class", "arrow"), ("d", &d), ("fill", &color)]);
    }
    xml.close();
}

/// A relation's label with its backdrop and disputed badge.
fn edge_label_svg(xml: &mut XmlWriter, edge: &EdgeShape) {
    if let Some(backdrop) = edge.label_backdrop {
        xml.empty(
            "rect",
            &[
                ("x", &number(backdrop.x)),
                ("y", &number(backdrop.y)),
                ("width", &number(backdrop.width)),
                ("height", &number(backdrop.height)),
                ("rx", "3"),
                ("fill", &hex(style::PAGE)),
                ("fill-opacity", "0.85"),
            ],
        );
    }
    if let Some(label) = &edge.label {
        text(xml, label);
    }
    if let Some(at) = edge.disputed_marker {
        disputed_badge(xml, at);
    }
}

fn disputed_badge(xml: &mut XmlWriter, at: Point) {
    xml.open("g", &[("class", "disputed-marker")]);
    xml.empty(
        "circle",
        &[
            ("cx", &number(at.x)),
            ("cy", &number(at.y)),
            ("r", &number(MARKER_RADIUS)),
            ("fill", &hex(style::WARNING)),
            ("stroke", &hex(style::PAGE)),
            ("stroke-width", "1.5"),
        ],
    );
    let mark = TextLine {
        text: "!".to_owned(),
        at: Point::new(at.x, at.y + 4.0),
        size: 11.0,
        anchor: TextAnchor::Middle,
        color: style::PAGE,
        bold: true,
        halo: false,
    };
    text(xml, &mark);
    xml.close();
}

fn node_svg(xml: &mut XmlWriter, node: &NodeShape) {
    open_shape(
        xml,
        "entity",
        node.emphasis,
        &[("data-id", node.entity.as_str()), ("data-kind", node.kind.label())],
    );
    if node.emphasis == Emphasis::Stressed {
        stress_ring(xml, node.center, node.radius + STRESS_RING_GAP);
    }
    kind_disc(xml, node.center, node.radius, node.fill, node.icon, node.icon_size);
    if let Some(label) = &node.label {
        text(xml, label);
    }
    xml.close();
}

fn kind_disc(xml: &mut XmlWriter, center: Point, radius: f32, fill: Rgb, icon: &str, icon_size: f32) {
    xml.empty(
        "circle",
        &[
            ("cx", &number(center.x)),
            ("cy", &number(center.y)),
            ("r", &number(radius)),
            ("fill", &hex(fill)),
            ("stroke", &hex(style::NODE_RING)),
            ("stroke-width", "2"),
        ],
    );
    xml.text_element(
        "text",
        &[
            ("class", "icon"),
            ("x", &number(center.x)),
            ("y", &number(center.y + icon_size * 0.36)),
            ("font-size", &number(icon_size)),
            ("font-family", style::icon_family(icon)),
            ("text-anchor", "middle"),
            ("fill", &hex(style::icon_rgb_on(fill))),
        ],
        icon,
    );
}

fn stress_ring(xml: &mut XmlWriter, center: Point, radius: f32) {
    xml.empty(
        "circle",
        &[
            ("class", "stress-ring"),
            ("cx", &number(center.x)),
            ("cy", &number(center.y)),
            ("r", &number(radius)),
            ("fill", "none"),
            ("stroke", &hex(style::HIGHLIGHT)),
            ("stroke-width", "3"),
        ],
    );
}

fn swatch_svg(xml: &mut XmlWriter, swatch: Swatch, at: Point) {
    match swatch {
        Swatch::Kind { color, icon } => kind_disc(xml, at, 8.0, color, icon, 9.0),
        Swatch::Line { color, width, dashed } => {
            let d = format!(
                "M {} L {}",
                point(Point::new(at.x - 14.0, at.y)),
                point(Point::new(at.x + 14.0, at.y))
            );
            let mut attributes = vec![("d", d), ("stroke", hex(color)), ("stroke-width", number(width))];
            if dashed {
                attributes.push(("stroke-dasharray", format!("{} {}", number(DASH[0]), number(DASH[1]))));
            }
            let borrowed: Vec<(&str, &str)> = attributes.iter().map(|(k, v)| (*k, v.as_str())).collect();
            xml.empty("path", &borrowed);
        }
        Swatch::Disputed => disputed_badge(xml, at),
        Swatch::Stressed => {
            stress_ring(xml, at, 9.5);
            xml.empty(
                "circle",
                &[
                    ("cx", &number(at.x)),
                    ("cy", &number(at.y)),
                    ("r", "6.5"),
                    ("fill", &hex(style::MUTED_INK)),
                ],
            );
        }
    }
}

fn text(xml: &mut XmlWriter, line: &TextLine) {
    let mut attributes: Vec<(&str, String)> = vec![
        ("x", number(line.at.x)),
        ("y", number(line.at.y)),
        ("font-size", number(line.size)),
        ("fill", hex(line.color)),
    ];
    if line.anchor == TextAnchor::Middle {
        attributes.push(("text-anchor", "middle".to_owned()));
    }
    if line.bold {
        attributes.push(("font-weight", "bold".to_owned()));
    }
    if line.halo {
        attributes.push(("stroke", hex(style::PAGE)));
        attributes.push(("stroke-width", "3".to_owned()));
        attributes.push(("stroke-linejoin", "round".to_owned()));
        attributes.push(("paint-order", "stroke".to_owned()));
    }
    let borrowed: Vec<(&str, &str)> = attributes.iter().map(|(k, v)| (*k, v.as_str())).collect();
    xml.text_element("text", &borrowed, &line.text);
}
