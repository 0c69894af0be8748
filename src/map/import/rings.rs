//! Ring assembly for multipolygon relations: member ways are joined end to end (in either
//! direction) until they close. Extracts cut at a bounding box leave some rings open; such a
//! chain is closed straight across, which is what the cut area looked like inside the box.

/// Joins `ways` (each a list of node ids) into closed rings. Chains of fewer than three distinct
/// nodes are dropped.
pub fn assemble(ways: &[Vec<i64>]) -> Vec<Vec<i64>> {
    let mut rings = Vec::new();
    let mut open: Vec<Vec<i64>> = Vec::new();
    for way in ways {
        if way.len() < 2 {
            continue;
        }
        if way.first() == way.last() {
            rings.push(way.clone());
        } else {
            open.push(way.clone());
        }
    }
    while let Some(mut chain) = open.pop() {
        loop {
            if chain.first() == chain.last() {
                break;
            }
            let end = *chain.last().unwrap_or(&0);
            let start = *chain.first().unwrap_or(&0);
            let found = open.iter().position(|w| {
                w.first() == Some(&end)
                    || w.last() == Some(&end)
                    || w.first() == Some(&start)
                    || w.last() == Some(&start)
            });
            let Some(i) = found else { break };
            let mut next = open.swap_remove(i);
            if next.first() == Some(&end) {
                chain.extend_from_slice(&next[1..]);
            } else if next.last() == Some(&end) {
                next.reverse();
                chain.extend_from_slice(&next[1..]);
            } else if next.last() == Some(&start) {
                next.extend_from_slice(&chain[1..]);
                chain = next;
            } else {
                next.reverse();
                next.extend_from_slice(&chain[1..]);
                chain = next;
            }
        }
        if chain.first() != chain.last() {
            let first = chain[0];
            chain.push(first);
        }
        let mut distinct = chain.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() >= 3 {
            rings.push(chain);
        }
    }
    rings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed(ring: &[i64]) -> bool {
        ring.len() >= 4 && ring.first() == ring.last()
    }

    #[test]
    fn two_halves_drawn_in_opposite_directions_make_one_ring() {
        let rings = assemble(&[vec![1, 2, 3, 4], vec![1, 6, 5, 4]]);
        assert_eq!(rings.len(), 1);
        let ring = &rings[0];
        assert!(closed(ring));
        let mut nodes = ring[..ring.len() - 1].to_vec();
        nodes.sort();
        assert_eq!(nodes, vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn many_pieces_in_any_order_and_a_closed_inner_ring() {
        let ways = vec![
            vec![30, 40],
            vec![10, 20],
            vec![40, 10],
            vec![30, 20],
            vec![100, 101, 102, 100],
        ];
        let rings = assemble(&ways);
        assert_eq!(rings.len(), 2);
        assert!(rings.iter().all(|r| closed(r)));
        assert!(rings.iter().any(|r| r.contains(&101)));
        let outer = rings.iter().find(|r| r.contains(&10)).unwrap();
        assert_eq!(outer.len(), 5);
        // Consecutive nodes are neighbours in the input ways.
        let edges = [(10, 20), (20, 30), (30, 40), (40, 10)];
        for pair in outer.windows(2) {
            let (a, b) = (pair[0].min(pair[1]), pair[0].max(pair[1]));
            assert!(
                edges.iter().any(|&(x, y)| (x.min(y), x.max(y)) == (a, b)),
                "{outer:?}"
            );
        }
    }

    #[test]
    fn a_ring_cut_by_the_extract_is_closed_straight_and_scraps_are_dropped() {
        let rings = assemble(&[vec![1, 2, 3], vec![3, 4], vec![7, 8]]);
        assert_eq!(rings, vec![vec![1, 2, 3, 4, 1]]);
        assert!(assemble(&[vec![5]]).is_empty());
    }
}
