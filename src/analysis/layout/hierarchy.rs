//! Layers along the direction of the relations, so that chains read top to bottom
//! ("central bank → Moscow → Russian banks").
//!
//! 1. Cycles are broken by a depth-first search that starts at nodes nothing points to (in
//!    index order, then the rest): an edge back to a node still on the search path is
//!    turned around.
//! 2. Each node's layer is the length of the longest path that reaches it; a node that
//!    nothing points to moves down to just above its highest successor, so it does not
//!    hang from the top by a long edge.
//! 3. Within each layer nodes start in search order, then sweeps down and up the layers
//!    sort them by the mean position of their neighbours in the layers above (or below),
//!    which removes most crossings.
//! 4. Nodes without any relation go in rows below the rest.

use super::Adjacency;
use crate::progress::{Cancelled, Progress};

/// Horizontal distance between neighbours in a layer, in map units.
pub const SLOT_GAP: f32 = 200.0;

/// Vertical distance between layers, in map units.
pub const LAYER_GAP: f32 = 160.0;

/// Down-and-up sweeps that reorder the layers.
const SWEEPS: usize = 8;

/// Where each node goes.
pub(super) fn layout(
    positions: &[[f32; 2]],
    pinned: &[bool],
    edges: &[(u32, u32)],
    progress: &Progress,
) -> Result<Vec<[f32; 2]>, Cancelled> {
    let n = positions.len();
    let (dag, visit_order) = acyclic(n, edges);
    let successors = Adjacency::from_sorted_pairs(n, &dag);
    let mut reversed: Vec<(u32, u32)> = dag.iter().map(|&(a, b)| (b, a)).collect();
    reversed.sort_unstable();
    let predecessors = Adjacency::from_sorted_pairs(n, &reversed);

    let mut layers = layers(n, &successors, &predecessors, &visit_order);
    let mut x = vec![0.0f32; n];
    place_in_rows(&layers, &mut x);
    let mut keys: Vec<(f32, u32)> = Vec::new();
    for _ in 0..SWEEPS {
        progress.check()?;
        for layer in layers.iter_mut().skip(1) {
            reorder(layer, &predecessors, &mut x, &mut keys);
        }
        for layer in layers.iter_mut().rev().skip(1) {
            reorder(layer, &successors, &mut x, &mut keys);
        }
    }

    // Nodes with no relation at all: rows below, about as wide as the widest layer.
    let loose: Vec<u32> = visit_order
        .iter()
        .copied()
        .filter(|&i| successors.degree(i as usize) + predecessors.degree(i as usize) == 0)
        .collect();
    let width = layers.iter().map(Vec::len).max().unwrap_or(0).max(6);
    layers.extend(loose.chunks(width).map(<[u32]>::to_vec));

    let mut out = positions.to_vec();
    let top = (layers.len().saturating_sub(1)) as f32 * LAYER_GAP / 2.0;
    for (l, layer) in layers.iter().enumerate() {
        let left = (layer.len().saturating_sub(1)) as f32 * SLOT_GAP / 2.0;
        for (slot, &i) in layer.iter().enumerate() {
            if !pinned[i as usize] {
                out[i as usize] = [slot as f32 * SLOT_GAP - left, l as f32 * LAYER_GAP - top];
            }
        }
    }
    Ok(out)
}

/// How far the depth-first search has got with a node.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    New,
    OnPath,
    Done,
}

/// The edges with self-loops and repeats dropped and cycles broken, sorted; and the order
/// in which the depth-first search first reached each node.
fn acyclic(n: usize, edges: &[(u32, u32)]) -> (Vec<(u32, u32)>, Vec<u32>) {
    let mut pairs: Vec<(u32, u32)> = edges.iter().copied().filter(|(a, b)| a != b).collect();
    pairs.sort_unstable();
    pairs.dedup();
    let out = Adjacency::from_sorted_pairs(n, &pairs);
    let mut pointed_at = vec![false; n];
    for &(_, b) in &pairs {
        pointed_at[b as usize] = true;
    }
    let roots = (0..n as u32)
        .filter(|&i| !pointed_at[i as usize])
        .chain((0..n as u32).filter(|&i| pointed_at[i as usize]));
    let mut mark = vec![Mark::New; n];
    let mut visit_order = Vec::with_capacity(n);
    let mut dag = Vec::with_capacity(pairs.len());
    // (node, how many of its successors have been looked at)
    let mut path: Vec<(u32, usize)> = Vec::new();
    for root in roots {
        if mark[root as usize] != Mark::New {
            continue;
        }
        mark[root as usize] = Mark::OnPath;
        visit_order.push(root);
        path.push((root, 0));
        while let Some(top) = path.last_mut() {
            let (node, next) = *top;
            let Some(&succ) = out.of(node as usize).get(next) else {
                mark[node as usize] = Mark::Done;
                path.pop();
                continue;
            };
            top.1 += 1;
            match mark[succ as usize] {
                Mark::OnPath => dag.push((succ, node)),
                Mark::Done => dag.push((node, succ)),
                Mark::New => {
                    dag.push((node, succ));
                    mark[succ as usize] = Mark::OnPath;
                    visit_order.push(succ);
                    path.push((succ, 0));
                }
            }
        }
    }
    dag.sort_unstable();
    dag.dedup();
    (dag, visit_order)
}

/// The nodes that have a relation, by layer, each layer in visit order.
fn layers(n: usize, successors: &Adjacency, predecessors: &Adjacency, visit_order: &[u32]) -> Vec<Vec<u32>> {
    // Longest path from any source, in topological order (Kahn, smallest index first).
    let mut waiting: Vec<usize> = (0..n).map(|i| predecessors.degree(i)).collect();
    let mut topo: Vec<u32> = (0..n as u32).filter(|&i| waiting[i as usize] == 0).collect();
    let mut layer = vec![0usize; n];
    let mut head = 0;
    while head < topo.len() {
        let node = topo[head] as usize;
        head += 1;
        for &succ in successors.of(node) {
            let s = succ as usize;
            layer[s] = layer[s].max(layer[node] + 1);
            waiting[s] -= 1;
            if waiting[s] == 0 {
                topo.push(succ);
            }
        }
    }
    // Sources sit just above their highest successor.
    for &node in &topo {
        let i = node as usize;
        if predecessors.degree(i) == 0
            && let Some(below) = successors.of(i).iter().map(|&s| layer[s as usize]).min()
        {
            layer[i] = below.saturating_sub(1);
        }
    }
    let depth = layer.iter().max().map_or(0, |d| d + 1);
    let mut layers = vec![Vec::new(); depth];
    for &i in visit_order {
        if successors.degree(i as usize) + predecessors.degree(i as usize) > 0 {
            layers[layer[i as usize]].push(i);
        }
    }
    layers.retain(|l| !l.is_empty());
    layers
}

/// Gives every node in `layers` its centred horizontal position.
fn place_in_rows(layers: &[Vec<u32>], x: &mut [f32]) {
    for layer in layers {
        place_row(layer, x);
    }
}

fn place_row(layer: &[u32], x: &mut [f32]) {
    let left = (layer.len().saturating_sub(1)) as f32 * SLOT_GAP / 2.0;
    for (slot, &i) in layer.iter().enumerate() {
        x[i as usize] = slot as f32 * SLOT_GAP - left;
    }
}

/// Sorts `layer` by the mean position of each node's `neighbours` (a node without any keeps
/// its place) and moves the nodes to their new slots.
fn reorder(layer: &mut [u32], neighbours: &Adjacency, x: &mut [f32], keys: &mut Vec<(f32, u32)>) {
    keys.clear();
    for &i in layer.iter() {
        let around = neighbours.of(i as usize);
        let key = if around.is_empty() {
            x[i as usize]
        } else {
            around.iter().map(|&j| x[j as usize]).sum::<f32>() / around.len() as f32
        };
        keys.push((key, i));
    }
    // Stable: equal keys keep their current order.
    keys.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (slot, &(_, i)) in layer.iter_mut().zip(keys.iter()) {
        *slot = i;
    }
    place_row(layer, x);
}
