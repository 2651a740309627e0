//! Helpers shared by unit tests (compiled only for tests).

/// `count` small pseudo-random texts, each of fewer than `max_pieces`
/// pieces of `alphabet`: a deterministic fuzz for a given `seed` (not 0).
pub fn texts(alphabet: &[&str], seed: u32, count: usize, max_pieces: u32) -> Vec<String> {
    let mut state = seed;
    // Every draw, the length's too, advances the state: a length drawn
    // without a step once left it at a length of 0 for good, and every
    // text after the first empty one was empty.
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    (0..count)
        .map(|_| {
            let len = next() % max_pieces;
            (0..len)
                .map(|_| alphabet[(next() as usize) % alphabet.len()])
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::texts;

    #[test]
    fn texts_keep_varying_after_an_empty_one() {
        let all = texts(&["a", "b", " "], 0x2545_f491, 2_000, 8);
        let empty = all.iter().filter(|t| t.is_empty()).count();
        // About one in eight is empty; all of them were, after the first.
        assert!(empty > 0 && empty < 2 * all.len() / 8, "{empty} empty");
        assert!(all.iter().rev().take(100).any(|t| t.len() > 4));
        let distinct: std::collections::HashSet<&String> = all.iter().collect();
        assert!(
            distinct.len() > all.len() / 4,
            "{} distinct",
            distinct.len()
        );
    }
}
