//! Where the parts of a map that are not joined to its largest group go after a force
//! layout.
//!
//! The pull towards the centre that holds one component together is too weak to hold
//! several: a separate group, or a node with no relation, ends wherever the repulsion of
//! everything else pushed it, often far out. So after the run the largest component stays
//! where it is and every other one, keeping its shape, is set around it in bands that
//! follow its outline, as Gephi's and igraph's pictures show them: the first band a few
//! node spacings outside the main picture, the next outside that one, and so on. Larger
//! groups come first, nearest to the main picture. Everything here is linear in the map
//! apart from a sort of the components, and deterministic.

use std::f32::consts::TAU;

use super::force::{distance, median};

/// How far a small group may be spread about its centre to bring its relations to the
/// map's usual length: a group comes out of the run pressed together by the rest.
const MAX_GROUP_SPREAD: f32 = 3.0;

/// The main picture's outline is measured in this many sectors around its centre.
const SECTORS: usize = 64;

/// A sector's outline is the farthest node within this many sectors on either side, so a
/// placed group keeps clear of nodes beside its own direction too.
const OUTLINE_REACH: usize = 4;

/// The space between the main picture's outline and the first band, in node spacings
/// (the median distance from a node of the main picture to its nearest neighbour), but
/// never more than the median relation…
const OUTLINE_GAP: f32 = 3.0;

/// …and between two groups or lone nodes in a band, or between two bands.
const BAND_GAP: f32 = 2.0;

/// Moves every connected component but the largest (by node count; ties: the one with the
/// lowest node) into bands around the largest. A map whose largest component is one node
/// (no relations at all) is left as the force layout spread it.
pub(super) fn place_around_main(positions: &mut [[f32; 2]], edges: &[(u32, u32)]) {
    let components = components(positions.len(), edges);
    if components.len() < 2 || components[0].len() < 2 {
        return;
    }
    let mut component_of = vec![0; positions.len()];
    for (index, component) in components.iter().enumerate() {
        for &i in component {
            component_of[i] = index;
        }
    }
    let mut lengths: Vec<Vec<f32>> = vec![Vec::new(); components.len()];
    for &(a, b) in edges {
        lengths[component_of[a as usize]].push(distance(positions[a as usize], positions[b as usize]));
    }
    let mut all: Vec<f32> = lengths.iter().flatten().copied().collect();
    let Some(relation) = median(&mut all).filter(|l| l.is_finite() && *l > 0.0) else { return };
    let spacing = nearest_neighbour_median(positions, &components[0]).unwrap_or(relation).min(relation);

    // Spread each small group until its median relation is about the map's.
    for (component, lengths) in components.iter().zip(&mut lengths).skip(1) {
        let Some(median) = median(lengths).filter(|m| *m > 0.0) else { continue };
        let factor = (relation / median).clamp(1.0, MAX_GROUP_SPREAD);
        let centre = centroid(positions, component);
        for &i in component {
            let p = positions[i];
            positions[i] = [centre[0] + (p[0] - centre[0]) * factor, centre[1] + (p[1] - centre[1]) * factor];
        }
    }

    let centre = centroid(positions, &components[0]);
    let outline = outline(positions, &components[0], centre);
    let (roomiest, nearest) = outline.iter().enumerate().fold((0.0, f32::INFINITY), |best, (s, &r)| {
        if r < best.1 { ((s as f32 + 0.5) / SECTORS as f32 * TAU, r) } else { best }
    });
    // On a small map a node spacing is about a relation long; never leave more than that.
    let (outline_gap, band_gap) = ((OUTLINE_GAP * spacing).min(relation), (BAND_GAP * spacing).min(relation));
    // Each small component: its centre and the radius of the disc around it that holds it.
    let others: Vec<([f32; 2], f32)> = components[1..]
        .iter()
        .map(|component| {
            let c = centroid(positions, component);
            let radius = component.iter().map(|&i| distance(positions[i], c)).fold(0.0, f32::max);
            (c, radius)
        })
        .collect();

    // Fill bands from the inside out. A band takes the next components while their arcs
    // (measured on its innermost circle, so they are never shorter than asked anywhere on
    // it) fit around; its members are then spread evenly over the whole turn.
    let mut offset = 0.0f32;
    let mut next = 0;
    while next < others.len() {
        let inner = nearest + outline_gap + offset;
        let mut end = next;
        let mut turn = 0.0f32;
        let mut thickness = 0.0f32;
        while end < others.len() {
            let radius = others[end].1;
            let arc = (2.0 * radius + band_gap) / (inner + radius).max(f32::MIN_POSITIVE);
            if end > next && turn + arc > TAU {
                break;
            }
            turn += arc;
            thickness = thickness.max(2.0 * radius);
            end += 1;
        }
        let stretch = if turn > 0.0 { (TAU / turn).max(1.0) } else { 1.0 };
        // The band starts with its largest member where the main picture leaves the most
        // room: the sector its outline comes nearest the centre.
        let first = (2.0 * others[next].1 + band_gap) / (inner + others[next].1).max(f32::MIN_POSITIVE);
        let mut angle = roomiest - first * stretch / 2.0;
        for (k, &(c, radius)) in others.iter().enumerate().take(end).skip(next) {
            let arc = (2.0 * radius + band_gap) / (inner + radius).max(f32::MIN_POSITIVE) * stretch;
            let middle = angle + arc / 2.0;
            angle += arc;
            let reach = outline[sector(middle)] + outline_gap + offset + radius;
            let target = [centre[0] + reach * middle.cos(), centre[1] + reach * middle.sin()];
            for &i in &components[k + 1] {
                positions[i] = [positions[i][0] - c[0] + target[0], positions[i][1] - c[1] + target[1]];
            }
        }
        offset += thickness + band_gap;
        next = end;
    }
}

/// The connected components of `n` nodes joined by `edges`, largest first; within one,
/// nodes in increasing order; equal sizes in the order of their lowest node.
fn components(n: usize, edges: &[(u32, u32)]) -> Vec<Vec<usize>> {
    // Union-find over the relations; each root is the smallest node of its component.
    let mut parent: Vec<usize> = (0..n).collect();
    let find = |parent: &mut Vec<usize>, mut i: usize| {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    };
    for &(a, b) in edges {
        let (a, b) = (find(&mut parent, a as usize), find(&mut parent, b as usize));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut slot = vec![usize::MAX; n];
    let mut components: Vec<Vec<usize>> = Vec::new();
    for i in 0..n {
        let root = find(&mut parent, i);
        if slot[root] == usize::MAX {
            slot[root] = components.len();
            components.push(Vec::new());
        }
        components[slot[root]].push(i);
    }
    // The sort is stable, so equal sizes keep the order of their lowest node.
    components.sort_by_key(|c| std::cmp::Reverse(c.len()));
    components
}

/// For each of [`SECTORS`] directions from `centre`, how far the farthest node of `nodes`
/// within [`OUTLINE_REACH`] sectors of it lies.
fn outline(positions: &[[f32; 2]], nodes: &[usize], centre: [f32; 2]) -> [f32; SECTORS] {
    let mut farthest = [0.0f32; SECTORS];
    for &i in nodes {
        let (dx, dy) = (positions[i][0] - centre[0], positions[i][1] - centre[1]);
        let s = sector(dy.atan2(dx));
        farthest[s] = farthest[s].max(dx.hypot(dy));
    }
    std::array::from_fn(|s| {
        (0..=2 * OUTLINE_REACH)
            .map(|k| farthest[(s + SECTORS + k - OUTLINE_REACH) % SECTORS])
            .fold(0.0, f32::max)
    })
}

/// The sector of the direction at `angle` radians.
fn sector(angle: f32) -> usize {
    let turns = (angle / TAU).rem_euclid(1.0);
    ((turns * SECTORS as f32) as usize).min(SECTORS - 1)
}

/// The median distance from a node of `nodes` to the nearest other node of `nodes`, over
/// up to 512 of them spread over the list.
fn nearest_neighbour_median(positions: &[[f32; 2]], nodes: &[usize]) -> Option<f32> {
    let step = nodes.len().div_ceil(512).max(1);
    let mut nearest: Vec<f32> = nodes
        .iter()
        .step_by(step)
        .filter_map(|&i| {
            nodes
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| distance(positions[i], positions[j]))
                .min_by(f32::total_cmp)
        })
        .collect();
    median(&mut nearest).filter(|d| d.is_finite() && *d > 0.0)
}

fn centroid(positions: &[[f32; 2]], nodes: &[usize]) -> [f32; 2] {
    let sum = nodes
        .iter()
        .fold([0.0f64; 2], |s, &i| [s[0] + f64::from(positions[i][0]), s[1] + f64::from(positions[i][1])]);
    let n = nodes.len().max(1) as f64;
    [(sum[0] / n) as f32, (sum[1] / n) as f32]
}
