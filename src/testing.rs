//! Helpers shared by unit tests (compiled only for tests).

/// `count` small pseudo-random texts, each of fewer than `max_pieces`
/// pieces of `alphabet`: a deterministic fuzz for a given `seed`.
pub fn texts(alphabet: &[&str], seed: u32, count: usize, max_pieces: u32) -> Vec<String> {
    let mut state = seed;
    (0..count)
        .map(|_| {
            let len = state % max_pieces;
            (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    alphabet[(state as usize) % alphabet.len()]
                })
                .collect()
        })
        .collect()
}
