//! Content similarity between event sentences: TF-IDF cosine over content
//! words.
//!
//! Tokens are lower-cased words of two or more letters; stop words and the
//! words of dates themselves (month and weekday names, "night", "ago") are
//! left out, since two sentences about different events on the same day
//! share those by construction. Capitalised words inside a sentence (names:
//! "Vell", "Calden") count double: shared names are the strongest sign that
//! two reports are about the same thing.
//!
//! A token is kept as a 64-bit hash of its stemmed, lower-cased form
//! ([`Term`]), made without allocating a string per word (the per-word
//! `String`s were most of the timeline's tokenising time); the
//! [`Vocabulary`] interns the hashes into dense ids in report order.

/// Words that say nothing about what happened.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "during",
    "each",
    "early",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "last",
    "late",
    "later",
    "more",
    "most",
    "mr",
    "ms",
    "next",
    "no",
    "not",
    "now",
    "of",
    "on",
    "one",
    "or",
    "other",
    "our",
    "out",
    "over",
    "said",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "told",
    "under",
    "until",
    "up",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "will",
    "with",
    "would",
    "you",
    "ago",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "night",
    "morning",
    "afternoon",
    "evening",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "weekend",
    "first",
    "two",
    "three",
    "four",
    "five",
];

/// The hashes of [`STOP_WORDS`] ([`term_hash`], before stemming) in an
/// open-addressed table made at compile time: a word is hashed anyway, and
/// one or two probes are cheaper than comparing strings, or a binary
/// search. An empty slot is 0, which no stop word hashes to.
static STOP_TABLE: [Term; STOP_SLOTS] = {
    let mut table = [0; STOP_SLOTS];
    let mut k = 0;
    while k < STOP_WORDS.len() {
        let hash = term_hash(STOP_WORDS[k].as_bytes());
        assert!(hash != 0, "a stop word hashes to the empty slot");
        let mut slot = stop_slot(hash);
        while table[slot] != 0 && table[slot] != hash {
            slot = (slot + 1) % STOP_SLOTS;
        }
        table[slot] = hash;
        k += 1;
    }
    table
};

/// The slots of [`STOP_TABLE`]: more than three per stop word.
const STOP_SLOTS: usize = 512;

/// Where a hash's probes start in [`STOP_TABLE`]: its top bits.
const fn stop_slot(hash: Term) -> usize {
    (hash >> (64 - STOP_SLOTS.trailing_zeros())) as usize
}

fn is_stop_hash(hash: Term) -> bool {
    let mut slot = stop_slot(hash);
    loop {
        match STOP_TABLE[slot] {
            0 => return false,
            t if t == hash => return true,
            _ => slot = (slot + 1) % STOP_SLOTS,
        }
    }
}

/// A sparse TF-IDF vector, normalised to unit length.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Vector(Vec<(u32, f32)>);

/// A vector's (term id, weight) pairs by ascending id, wherever they are
/// stored: a [`Vector`] or one entry of [`Lists`].
#[derive(Clone, Copy, Debug)]
pub struct VectorRef<'a>(&'a [(u32, f32)]);

/// Many short lists in two allocations: every item one after another, and
/// where each list ends. At 100k articles the reports' vectors and word
/// ids were 3.2 million `Vec`s, whose headers and allocator rounding cost
/// as much as their items.
#[derive(Clone, Debug, Default)]
pub struct Lists<T> {
    items: Vec<T>,
    ends: Vec<u32>,
}

impl<T> Lists<T> {
    pub fn with_capacity(lists: usize) -> Self {
        Lists::with_capacities(lists, 0)
    }

    /// Room for `lists` lists of `items` items in all.
    pub fn with_capacities(lists: usize, items: usize) -> Self {
        Lists {
            items: Vec::with_capacity(items),
            ends: Vec::with_capacity(lists),
        }
    }

    /// Ends the list being built: the items pushed since the last one.
    fn close(&mut self) {
        let end = u32::try_from(self.items.len())
            .expect("the timeline holds fewer than 2^32 terms of all reports together");
        self.ends.push(end);
    }

    /// The items of the list being built (not yet closed).
    fn open(&mut self) -> &mut [T] {
        let start = self.ends.last().map_or(0, |&e| e as usize);
        &mut self.items[start..]
    }

    /// Removes the open list's items that `same` (given the item kept
    /// before and the next) folds into the item before: `Vec::dedup_by`.
    fn dedup_open(&mut self, mut same: impl FnMut(&mut T, T) -> bool)
    where
        T: Copy,
    {
        let start = self.ends.last().map_or(0, |&e| e as usize);
        let mut kept = start;
        for k in start..self.items.len() {
            let item = self.items[k];
            if kept > start && same(&mut self.items[kept - 1], item) {
                continue;
            }
            self.items[kept] = item;
            kept += 1;
        }
        self.items.truncate(kept);
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> &[T] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.items[start..self.ends[i] as usize]
    }
}

/// Every report's vector, by report.
pub type Vectors = Lists<(u32, f32)>;

impl Vectors {
    pub fn vector(&self, i: usize) -> VectorRef<'_> {
        VectorRef(self.get(i))
    }
}

/// A token: the hash of its stemmed, lower-cased form (see [`term_hash`]),
/// and whether it is a name (capitalised inside the sentence).
pub type Token = (Term, bool);

/// A term, hashed: two words are one term when their hashes are equal (a
/// 64-bit FNV-1a hash; a collision among a corpus' few hundred thousand
/// words has a chance of about one in a billion and would only merge the
/// two words' weights).
pub type Term = u64;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte of FNV-1a.
const fn fnv(h: u64, byte: u8) -> u64 {
    (h ^ byte as u64).wrapping_mul(0x0100_0000_01b3)
}

/// The hash of a stemmed, lower-cased word (64-bit FNV-1a).
pub const fn term_hash(word: &[u8]) -> Term {
    let mut h = FNV_OFFSET;
    let mut k = 0;
    while k < word.len() {
        h = fnv(h, word[k]);
        k += 1;
    }
    h
}

/// Interns terms and counts in how many documents each occurs.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Term hashes are well mixed already; `rustc-hash` costs one multiply.
    ids: rustc_hash::FxHashMap<Term, u32>,
    doc_freq: Vec<u32>,
    docs: u32,
    /// Scratch: the ordinary words of the text being added.
    ordinary: Vec<u32>,
    /// Scratch: the ids of the text being added, and whether each is a
    /// name.
    interned: Vec<(u32, bool)>,
}

/// The bit of a term number ([`Vocabulary::add_numbered_to`]) that marks
/// a name.
pub const NAME: u32 = 1 << 31;

/// A new term id: the next one, with its document frequency (yet 0).
fn new_id(doc_freq: &mut Vec<u32>) -> u32 {
    let next = doc_freq.len() as u32;
    assert!(
        next < ORDINARY,
        "a timeline holds fewer than 2^31 distinct words"
    );
    doc_freq.push(0);
    next
}

/// The bit of a term id in [`Vectors`] that marks an ordinary word (not
/// a name) of the report: the reports' ordinary words need no lists of
/// their own (at 100k articles those were 50 MB).
const ORDINARY: u32 = 1 << 31;

/// Term counts of one text, before weighting.
pub type Counts = Vec<(u32, f32)>;

impl Vocabulary {
    /// Tokenises `text`, adds its terms to the document frequencies and
    /// returns its term counts.
    pub fn add(&mut self, text: &str) -> Counts {
        self.add_tokens(tokens(text)).0
    }

    /// [`Vocabulary::add`] for a text already split by [`tokenize`] (which
    /// can run in parallel; interning must run in report order). Also
    /// returns the ids of its ordinary (not name) words, sorted, for
    /// [`shares_a_word`].
    pub fn add_tokens(&mut self, tokens: impl IntoIterator<Item = Token>) -> (Counts, Vec<u32>) {
        let mut counts = Lists::default();
        self.add_tokens_to(tokens, &mut counts);
        let v = counts.vector(0);
        (
            v.0.iter().map(|&(t, c)| (t & !ORDINARY, c)).collect(),
            v.words().collect(),
        )
    }

    /// [`Vocabulary::add_tokens`] that appends the counts as one more list
    /// of `counts`, the ids of ordinary words marked ([`VectorRef::words`]).
    pub fn add_tokens_to(
        &mut self,
        tokens: impl IntoIterator<Item = Token>,
        counts: &mut Lists<(u32, f32)>,
    ) {
        let mut interned = std::mem::take(&mut self.interned);
        interned.clear();
        for (term, is_name) in tokens {
            let id = match self.ids.entry(term) {
                std::collections::hash_map::Entry::Occupied(e) => *e.get(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    *e.insert(new_id(&mut self.doc_freq))
                }
            };
            interned.push((id, is_name));
        }
        self.add_ids_to(&interned, counts);
        self.interned = interned;
    }

    /// [`Vocabulary::add_tokens_to`] for tokens given as numbers of a
    /// numbering of terms that lasts from one timeline to the next
    /// ([`super::tokens::TokenCache`]), with [`NAME`] set for names:
    /// `local` holds this vocabulary's id of each number (`u32::MAX`
    /// before its first occurrence), so each term gets the id its hash
    /// would get, and is found by an index rather than a hash lookup.
    pub fn add_numbered_to(
        &mut self,
        tokens: &[u32],
        local: &mut [u32],
        counts: &mut Lists<(u32, f32)>,
    ) {
        let mut interned = std::mem::take(&mut self.interned);
        interned.clear();
        for &t in tokens {
            let id = &mut local[(t & !NAME) as usize];
            if *id == u32::MAX {
                *id = new_id(&mut self.doc_freq);
            }
            interned.push((*id, t & NAME != 0));
        }
        self.add_ids_to(&interned, counts);
        self.interned = interned;
    }

    /// Adds a text's interned tokens to the document frequencies and its
    /// term counts as one more list of `counts`.
    fn add_ids_to(&mut self, interned: &[(u32, bool)], counts: &mut Lists<(u32, f32)>) {
        let mut ordinary = std::mem::take(&mut self.ordinary);
        ordinary.clear();
        for &(id, is_name) in interned {
            counts.items.push((id, if is_name { 2.0 } else { 1.0 }));
            if !is_name {
                ordinary.push(id);
            }
        }
        // A sentence has a few dozen words: sorting beats a hash map.
        counts.open().sort_by_key(|&(id, _)| id);
        counts.dedup_open(|kept, later| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
        ordinary.sort_unstable();
        let mut words = ordinary.iter().peekable();
        for (id, _) in counts.open() {
            self.doc_freq[*id as usize] += 1;
            while words.next_if(|&&w| w < *id).is_some() {}
            if words.next_if(|&&w| w == *id).is_some() {
                *id |= ORDINARY;
            }
        }
        counts.close();
        self.docs += 1;
        self.ordinary = ordinary;
    }

    /// Weights counts by inverse document frequency and normalises.
    pub fn vector(&self, counts: &Counts) -> Vector {
        let mut v = counts.clone();
        self.weigh(&mut v);
        Vector(v)
    }

    /// Turns every list of `counts` into its vector ([`Vocabulary::vector`])
    /// in place, in parallel.
    pub fn vectors(&self, mut counts: Lists<(u32, f32)>) -> Vectors {
        use rayon::prelude::*;
        // Whole lists a few thousand at a time: a slice per list would
        // cost as much memory as the lists' headers this type saves.
        const GROUP: usize = 4096;
        let mut groups = Vec::with_capacity(counts.len().div_ceil(GROUP));
        let mut rest = counts.items.as_mut_slice();
        let mut taken = 0;
        for ends in counts.ends.chunks(GROUP) {
            let end = *ends.last().expect("chunks are not empty") as usize;
            let (group, tail) = rest.split_at_mut(end - taken);
            groups.push((group, taken, ends));
            rest = tail;
            taken = end;
        }
        groups.into_par_iter().for_each(|(group, base, ends)| {
            let mut start = 0;
            for &end in ends {
                let end = end as usize - base;
                self.weigh(&mut group[start..end]);
                start = end;
            }
        });
        counts
    }

    fn weigh(&self, v: &mut [(u32, f32)]) {
        let n = self.docs.max(1) as f32;
        for (id, w) in v.iter_mut() {
            let tf = *w;
            let df = self.doc_freq[(*id & !ORDINARY) as usize].max(1) as f32;
            *w = tf * ((1.0 + n) / (1.0 + df)).ln().max(0.0) + tf * 0.01;
        }
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|(_, w)| *w /= norm);
        }
    }
}

impl Vector {
    pub fn as_ref(&self) -> VectorRef<'_> {
        VectorRef(&self.0)
    }

    /// Cosine similarity of two unit vectors.
    pub fn cosine(&self, other: &Vector) -> f32 {
        self.as_ref().cosine(other.as_ref())
    }

    /// Adds `other` into this vector (for centroids); not normalised.
    pub fn add(&mut self, other: &Vector) {
        let mut merged = Vec::with_capacity(self.0.len() + other.0.len());
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
                merged.push(a[i]);
                i += 1;
            } else if i >= a.len() || b[j].0 < a[i].0 {
                merged.push(b[j]);
                j += 1;
            } else {
                merged.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
        self.0 = merged;
    }

    /// Scales to unit length.
    pub fn normalised(mut self) -> Vector {
        let norm = self.0.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            self.0.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        self
    }
}

impl VectorRef<'_> {
    /// Cosine similarity of two unit vectors.
    pub fn cosine(self, other: VectorRef<'_>) -> f32 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        let (a, b) = (self.0, other.0);
        while i < a.len() && j < b.len() {
            match (a[i].0 & !ORDINARY).cmp(&(b[j].0 & !ORDINARY)) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    /// Writes the weights into `dense` (indexed by term id), for
    /// [`VectorRef::dot_dense`]; [`VectorRef::unscatter`] zeroes them again.
    pub fn scatter(self, dense: &mut [f32]) {
        for &(t, w) in self.0 {
            dense[(t & !ORDINARY) as usize] = w;
        }
    }

    /// Zeroes what [`VectorRef::scatter`] wrote.
    pub fn unscatter(self, dense: &mut [f32]) {
        for &(t, _) in self.0 {
            dense[(t & !ORDINARY) as usize] = 0.0;
        }
    }

    /// `u.cosine(self)` where `dense` holds `u` scattered: the same products
    /// added in the same (ascending term) order, so bit-identical, but one
    /// indexed load per term instead of a branchy merge of two lists.
    pub fn dot_dense(self, dense: &[f32]) -> f32 {
        let mut sum = 0.0;
        for &(t, w) in self.0 {
            sum += dense[(t & !ORDINARY) as usize] * w;
        }
        sum
    }

    /// One more than the largest term id (the size `dense` needs).
    pub fn id_bound(self) -> usize {
        self.0
            .last()
            .map_or(0, |&(t, _)| (t & !ORDINARY) as usize + 1)
    }

    /// The term ids of the vector.
    pub fn terms(self) -> impl Iterator<Item = u32> {
        self.0.iter().map(|&(t, _)| t & !ORDINARY)
    }

    /// The ids of the report's ordinary (not name) words, ascending (in
    /// [`Vectors`] only; none in a [`Vector`]).
    pub fn words(self) -> impl Iterator<Item = u32> + Clone {
        self.0
            .iter()
            .filter(|&&(t, _)| t & ORDINARY != 0)
            .map(|&(t, _)| t & !ORDINARY)
    }

    /// The `k` heaviest (rarest) terms with their weights, heaviest first,
    /// into `out` (cleared first).
    ///
    /// Term ids are distinct, so the order (weight, then id) is total and
    /// selecting the `k` first before sorting them gives what sorting the
    /// whole vector would: the merge asks three times per report, and the
    /// full sort was most of its serial step.
    pub fn top_terms(self, k: usize, out: &mut Vec<(u32, f32)>) {
        let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        out.clear();
        out.extend(self.0.iter().map(|&(t, w)| (t & !ORDINARY, w)));
        if k == 0 {
            out.clear();
            return;
        }
        if out.len() > k {
            out.select_nth_unstable_by(k - 1, order);
            out.truncate(k);
        }
        out.sort_unstable_by(order);
    }
}

/// True when two sorted id lists share an id.
pub fn shares_a_word(a: impl IntoIterator<Item = u32>, b: impl IntoIterator<Item = u32>) -> bool {
    shared(a, b, 1) > 0
}

/// How many ids two sorted, deduplicated id lists share (for the ordinary
/// words [`Vocabulary::add_tokens`] returns: [`shared_common_words`] of the
/// two texts).
pub fn shared_count(a: impl IntoIterator<Item = u32>, b: impl IntoIterator<Item = u32>) -> usize {
    shared(a, b, usize::MAX)
}

/// How many ids two sorted id lists share, counting up to `most`.
fn shared(
    a: impl IntoIterator<Item = u32>,
    b: impl IntoIterator<Item = u32>,
    most: usize,
) -> usize {
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    let mut n = 0;
    while n < most {
        let (Some(x), Some(y)) = (a.peek(), b.peek()) else {
            break;
        };
        match x.cmp(y) {
            std::cmp::Ordering::Less => {
                a.next();
            }
            std::cmp::Ordering::Greater => {
                b.next();
            }
            std::cmp::Ordering::Equal => {
                n += 1;
                a.next();
                b.next();
            }
        }
    }
    n
}

/// How many distinct ordinary content words (not names, not stop words,
/// not date words) two texts share.
pub fn shared_common_words(a: &str, b: &str) -> usize {
    let words = |t: &str| -> Vec<Term> {
        let mut w: Vec<Term> = tokens(t)
            .filter(|(_, name)| !name)
            .map(|(w, _)| w)
            .collect();
        w.sort_unstable();
        w.dedup();
        w
    };
    let (a, b) = (words(a), words(b));
    a.iter().filter(|w| b.binary_search(w).is_ok()).count()
}

/// The content words of `text` (see `tokens`), collected for
/// [`Vocabulary::add_tokens`].
pub fn tokenize(text: &str) -> Vec<Token> {
    tokens(text).collect()
}

/// The longest word hashed on the stack ([`ascii_term`]); longer ones (and
/// non-ASCII ones) take a `String`.
const SHORT_WORD: usize = 32;

/// Lower-cased, stemmed content words, hashed, with a flag for capitalised
/// words that do not open the sentence.
///
/// A word is a run of letters, digits and apostrophes (`'` or `’`); its
/// possessive `'s` and outer apostrophes are dropped, and words shorter
/// than two bytes, with a digit, or in [`STOP_WORDS`] are skipped. The
/// text is scanned byte by byte, decoding only non-ASCII characters (a
/// `str::split` on a character predicate decoded every one, and was a
/// third of the timeline's tokenising).
fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let mut words = Words { text, pos: 0 };
    let mut first = true;
    std::iter::from_fn(move || {
        loop {
            let (w, ascii) = words.next()?;
            let opens = std::mem::replace(&mut first, false);
            if let Some(token) = token_of(w, ascii, opens) {
                return Some(token);
            }
        }
    })
}

/// The words of a text as [`tokens`] cuts them, each with whether it is
/// all ASCII.
struct Words<'a> {
    text: &'a str,
    pos: usize,
}

/// What a byte is to [`Words`]: part of a word (an ASCII letter, digit or
/// `'`), a separator, or the start of a non-ASCII character, which is
/// decoded to tell.
#[derive(Clone, Copy, PartialEq)]
enum ByteClass {
    Word,
    Separator,
    Wide,
}

static BYTE_CLASS: [ByteClass; 256] = {
    let mut table = [ByteClass::Separator; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte >= 0x80 {
            table[b] = ByteClass::Wide;
        } else if byte.is_ascii_alphanumeric() || byte == b'\'' {
            table[b] = ByteClass::Word;
        }
        b += 1;
    }
    table
};

impl<'a> Words<'a> {
    /// Whether the character at byte `i` (not ASCII) is part of a word,
    /// and its length.
    fn wide(&self, i: usize) -> (bool, usize) {
        let c = self.text[i..]
            .chars()
            .next()
            .expect("a position on a character boundary");
        (c.is_alphanumeric() || c == '’', c.len_utf8())
    }

    fn next(&mut self) -> Option<(&'a str, bool)> {
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        // Up to the word's first character.
        loop {
            let Some(&b) = bytes.get(i) else {
                self.pos = i;
                return None;
            };
            match BYTE_CLASS[usize::from(b)] {
                ByteClass::Word => break,
                ByteClass::Separator => i += 1,
                ByteClass::Wide => match self.wide(i) {
                    (true, _) => break,
                    (false, len) => i += len,
                },
            }
        }
        let start = i;
        let mut ascii = true;
        while let Some(&b) = bytes.get(i) {
            match BYTE_CLASS[usize::from(b)] {
                ByteClass::Word => i += 1,
                ByteClass::Separator => break,
                ByteClass::Wide => match self.wide(i) {
                    (true, len) => {
                        ascii = false;
                        i += len;
                    }
                    (false, _) => break,
                },
            }
        }
        self.pos = i;
        Some((&self.text[start..i], ascii))
    }
}

/// The token of one word of [`Words`], or `None` for a word that is not
/// one; `opens` says that it opens the text.
fn token_of(w: &str, ascii: bool, opens: bool) -> Option<Token> {
    let w = if ascii {
        // The ASCII case of the trimming below, on bytes.
        let mut b = w.as_bytes();
        b = b.strip_suffix(b"'s").unwrap_or(b);
        let start = b.iter().take_while(|&&c| c == b'\'').count();
        let end = b.len() - b[start..].iter().rev().take_while(|&&c| c == b'\'').count();
        &w[start..end]
    } else {
        w.strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .unwrap_or(w)
            .trim_matches(['\'', '’'])
    };
    if w.len() < 2 {
        return None;
    }
    let term = if w.len() <= SHORT_WORD && (ascii || w.is_ascii()) {
        ascii_term(w.as_bytes())?
    } else {
        if w.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let lower = w.to_lowercase();
        if is_stop_hash(term_hash(lower.as_bytes())) {
            return None;
        }
        term_hash(stem(&lower).as_bytes())
    };
    let is_name = !opens && w.chars().next().is_some_and(char::is_uppercase);
    Some((term, is_name))
}

/// The term of an ASCII word of at most [`SHORT_WORD`] bytes, lower-cased
/// on the stack; `None` for a word with a digit or a stop word.
fn ascii_term(word: &[u8]) -> Option<Term> {
    let mut lower = [0u8; SHORT_WORD];
    for (l, &b) in lower.iter_mut().zip(word) {
        if b.is_ascii_digit() {
            return None;
        }
        *l = b.to_ascii_lowercase();
    }
    let lower = &lower[..word.len()];
    let whole = term_hash(lower);
    if is_stop_hash(whole) {
        return None;
    }
    let stem = stem_len(lower);
    Some(if stem == lower.len() {
        whole
    } else {
        term_hash(&lower[..stem])
    })
}

/// A light suffix stripper so "strikes"/"struck" stay apart but
/// "collapsed"/"collapse" and "evacuated"/"evacuation" meet.
fn stem(word: &str) -> &str {
    &word[..stem_len(word.as_bytes())]
}

/// The length of [`stem`] of `word`'s bytes (the suffixes are ASCII, so
/// the cut is a character boundary).
fn stem_len(word: &[u8]) -> usize {
    // Most words end in none of the suffixes' last letters.
    if word.len() < 5 || !matches!(word[word.len() - 1], b'n' | b'g' | b'd' | b's' | b'e') {
        return word.len();
    }
    for suffix in ["ation", "ing", "ed", "es", "e", "s"] {
        if let Some(root) = word.strip_suffix(suffix.as_bytes())
            && root.len() >= 4
        {
            return root.len();
        }
    }
    word.len()
}

/// Random texts for tests that check a fast path against a plain
/// reference: each of up to `most - 1` of `pieces` (a xorshift generator
/// picks them, from `seed`, so a failure repeats).
#[cfg(test)]
pub(super) fn random_texts<'p>(
    seed: u64,
    pieces: &'p [&'p str],
    most: u64,
) -> impl FnMut() -> String + 'p {
    let mut next = xorshift(seed);
    move || {
        let n = next() % most;
        (0..n)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect()
    }
}

/// A xorshift generator of random numbers for tests, from `seed` (not
/// zero), so a failure repeats.
#[cfg(test)]
pub(super) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stop_table_holds_the_stop_words_and_nothing_else() {
        let stop: std::collections::HashSet<Term> =
            STOP_WORDS.iter().map(|w| term_hash(w.as_bytes())).collect();
        assert!(
            STOP_WORDS
                .iter()
                .all(|w| is_stop_hash(term_hash(w.as_bytes())))
        );
        for w in ["storm", "levee", "thee", "abouts", "", "a'", "evacuation"] {
            assert!(!is_stop_hash(term_hash(w.as_bytes())), "{w}");
        }
        // Hashes that start their probes in the same slots as stop words.
        let mut h: u64 = 1;
        for _ in 0..100_000 {
            h = h.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            assert_eq!(is_stop_hash(h), stop.contains(&h));
        }
        for &t in &STOP_TABLE {
            assert_eq!(is_stop_hash(t ^ 1), stop.contains(&(t ^ 1)));
        }
    }

    /// What [`tokens`] gave when it split on a character predicate: the
    /// reference the byte scanner must agree with.
    fn tokens_by_split(text: &str) -> Vec<Token> {
        let mut first = true;
        text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .filter(|w| !w.is_empty())
            .filter_map(|w| {
                let opens = std::mem::replace(&mut first, false);
                let w = w
                    .strip_suffix("'s")
                    .or_else(|| w.strip_suffix("’s"))
                    .unwrap_or(w)
                    .trim_matches(['\'', '’']);
                if w.len() < 2 {
                    return None;
                }
                if w.chars().any(|c| c.is_ascii_digit()) {
                    return None;
                }
                let lower = w.to_lowercase();
                if is_stop_hash(term_hash(lower.as_bytes())) {
                    return None;
                }
                let is_name = !opens && w.chars().next().is_some_and(char::is_uppercase);
                let stem = ["ation", "ing", "ed", "es", "e", "s"]
                    .iter()
                    .filter_map(|suffix| lower.strip_suffix(suffix))
                    .find(|root| root.len() >= 4)
                    .unwrap_or(&lower);
                Some((term_hash(stem.as_bytes()), is_name))
            })
            .collect()
    }

    #[test]
    fn the_byte_scanner_finds_the_tokens_a_split_on_characters_finds() {
        let pieces = [
            "The",
            "the",
            "storm",
            "Storms",
            "evacuation",
            "Kestrel's",
            "levee",
            "’s",
            "'s",
            "'",
            "’",
            "O'Brien",
            "’tis",
            "rock'n'roll",
            "2025",
            "B52",
            "x",
            "I",
            "é",
            "Éire",
            "Zürich",
            "naïve",
            "İstanbul",
            "ΣΟΦΙΑ",
            "日本",
            "٣",
            "Ⅻ",
            " ",
            "  ",
            ",",
            ".",
            "—",
            "-",
            "\n",
            "\u{a0}",
            "\u{200b}",
            "(",
            "\"",
            "abcdefghijklmnopqrstuvwxyzabcdefgh",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ",
            "reopened",
            "tested",
            "testing",
            "Fires",
            "nation",
            "station",
            "sing",
            "bed",
            "uses",
            "house",
            "Ration",
            "ration",
            "Kings",
        ];
        let mut texts = random_texts(0x9e37_79b9_7f4a_7c15, &pieces, 12);
        for _ in 0..20_000 {
            let text = texts();
            assert_eq!(
                tokens(&text).collect::<Vec<_>>(),
                tokens_by_split(&text),
                "{text:?}"
            );
        }
        let all = pieces.join(" ");
        assert_eq!(tokens(&all).collect::<Vec<_>>(), tokens_by_split(&all));
        assert!(tokens_by_split(&all).len() > 20);
    }

    fn sim(texts: &[&str], a: usize, b: usize) -> f32 {
        let mut vocab = Vocabulary::default();
        let counts: Vec<Counts> = texts.iter().map(|t| vocab.add(t)).collect();
        vocab.vector(&counts[a]).cosine(&vocab.vector(&counts[b]))
    }

    #[test]
    fn top_terms_are_the_heaviest_by_weight_then_id_as_a_full_sort_gives() {
        // Ties in weight (ids break them), the ordinary-word bit masked,
        // and every k from none to more than the vector holds.
        let pairs: Vec<(u32, f32)> = (0..40u32)
            .map(|i| {
                let id = i * 3 + 1;
                let t = if i % 4 == 0 { id | ORDINARY } else { id };
                (t, ((i * 7) % 9) as f32 / 8.0)
            })
            .collect();
        let v = VectorRef(&pairs);
        let mut full: Vec<(u32, f32)> = pairs.iter().map(|&(t, w)| (t & !ORDINARY, w)).collect();
        full.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut out = vec![(99, 9.0)];
        for k in 0..=45 {
            v.top_terms(k, &mut out);
            assert_eq!(out, full[..k.min(full.len())], "k = {k}");
        }
    }

    #[test]
    fn same_event_in_other_words_is_similar() {
        let texts = [
            "A section of the Vell river levee collapsed on Saturday night.",
            "The levee on the Vell collapsed on June 14, flooding Eastbank.",
            "The council approved the budget for schools on Saturday.",
            "Donors pledged money for schools in Geneva.",
        ];
        let same = sim(&texts, 0, 1);
        let other = sim(&texts, 0, 2);
        assert!(same > 0.3, "same event: {same}");
        assert!(other < 0.05, "different events on the same day: {other}");
        assert!((sim(&texts, 0, 0) - 1.0).abs() < 1e-4);
    }

    #[test]
    fn shared_words_leave_out_names() {
        assert_eq!(
            shared_common_words(
                "All berths at Port Alder reopened.",
                "An inquiry into Port Alder."
            ),
            0
        );
        assert_eq!(
            shared_common_words(
                "The warehouse was last inspected in May.",
                "The warehouse was inspected."
            ),
            2
        );
    }

    #[test]
    fn words_are_hashed_after_lower_casing_and_stemming() {
        let t = tokenize("Collapsed Calden’s COLLAPSE, évacuées");
        assert_eq!(t.len(), 4, "{t:?}");
        assert_eq!(t[0], (term_hash(b"collaps"), false), "the opening word");
        assert_eq!(t[1], (term_hash(b"calden"), true), "a name");
        assert_eq!(t[2].0, t[0].0, "upper case and suffixes do not matter");
        assert_eq!(t[3], (term_hash("évacué".as_bytes()), false));
    }

    #[test]
    fn shared_count_agrees_with_shared_common_words() {
        let texts = [
            "The warehouse was last inspected in May by Port Alder staff.",
            "The warehouse was inspected, Port Alder staff said.",
        ];
        let mut vocab = Vocabulary::default();
        let words: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| vocab.add_tokens(tokenize(t)).1)
            .collect();
        assert_eq!(
            shared_count(words[0].iter().copied(), words[1].iter().copied()),
            3,
            "warehouse, inspected, staff"
        );
        assert_eq!(
            shared_count(words[0].iter().copied(), words[1].iter().copied()),
            shared_common_words(texts[0], texts[1])
        );
    }

    #[test]
    fn flat_vectors_are_the_vectors_with_their_ordinary_words_marked() {
        let texts = [
            "The warehouse was last inspected in May by Port Alder staff.",
            "The warehouse was inspected, Port Alder staff said.",
            "",
            "Levee levee LEVEE Vell Vell broke.",
        ];
        let mut one_by_one = Vocabulary::default();
        let each: Vec<(Counts, Vec<u32>)> = texts
            .iter()
            .map(|t| one_by_one.add_tokens(tokenize(t)))
            .collect();
        let mut vocab = Vocabulary::default();
        let mut counts = Lists::with_capacity(texts.len());
        for t in texts {
            vocab.add_tokens_to(tokenize(t), &mut counts);
        }
        let vectors = vocab.vectors(counts);
        assert_eq!(vectors.len(), texts.len());
        for (i, (c, words)) in each.iter().enumerate() {
            let v = vectors.vector(i);
            let expected = one_by_one.vector(c);
            let got: Vec<(u32, f32)> = v.terms().zip(v.0.iter().map(|&(_, w)| w)).collect();
            assert_eq!(got, expected.0, "report {i}");
            assert_eq!(v.words().collect::<Vec<_>>(), *words, "report {i}");
        }
        let (a, b) = (vectors.vector(0), vectors.vector(1));
        assert_eq!(shared_count(a.words(), b.words()), 3);
        assert!(shares_a_word(a.words(), b.words()));
        assert!(!shares_a_word(a.words(), vectors.vector(3).words()));
        assert_eq!(
            a.cosine(b),
            expected_cosine(&one_by_one, &each[0].0, &each[1].0)
        );
    }

    fn expected_cosine(vocab: &Vocabulary, a: &Counts, b: &Counts) -> f32 {
        vocab.vector(a).cosine(&vocab.vector(b))
    }

    #[test]
    fn date_words_do_not_make_sentences_similar() {
        let texts = [
            "Talks began on Monday night in June.",
            "Prices fell on Monday night in June.",
            "Filler text.",
        ];
        assert!(sim(&texts, 0, 1) < 0.05);
    }
}
