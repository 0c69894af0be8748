//! A fixed-size set of document numbers, one bit each: the working set of a query.

/// Document numbers `0..len` as bits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    /// An empty set able to hold `0..len`.
    pub fn new(len: usize) -> BitSet {
        BitSet {
            words: vec![0; len.div_ceil(64)],
        }
    }

    /// Adds `n`; numbers beyond the size given to [`BitSet::new`] are ignored.
    pub fn insert(&mut self, n: u32) {
        if let Some(word) = self.words.get_mut(n as usize / 64) {
            *word |= 1 << (n % 64);
        }
    }

    pub fn contains(&self, n: u32) -> bool {
        self.words
            .get(n as usize / 64)
            .is_some_and(|word| word & (1 << (n % 64)) != 0)
    }

    /// Keeps only the numbers that are also in `other`.
    pub fn intersect_with(&mut self, other: &BitSet) {
        for (word, other) in self.words.iter_mut().zip(&other.words) {
            *word &= other;
        }
        let common = other.words.len().min(self.words.len());
        self.words[common..].fill(0);
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&word| word == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::BitSet;

    #[test]
    fn inserts_tests_and_intersects() {
        let mut a = BitSet::new(130);
        assert!(a.is_empty());
        for n in [0, 63, 64, 129, 500] {
            a.insert(n);
        }
        assert!(a.contains(0) && a.contains(63) && a.contains(64) && a.contains(129));
        assert!(!a.contains(1) && !a.contains(500) && !a.contains(u32::MAX));
        assert_eq!((0..200).filter(|&n| a.contains(n)).count(), 4);
        let mut b = BitSet::new(70);
        b.insert(64);
        b.insert(5);
        a.intersect_with(&b);
        assert_eq!(
            (0..200).filter(|&n| a.contains(n)).collect::<Vec<_>>(),
            [64]
        );
    }
}
