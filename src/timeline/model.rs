//! Events, their merging across articles, and their total order.
//!
//! [`ResolvedArticle`] (in [`super::article`]) is an article with its
//! mentions (packed), sentences, and its reports with their texts.
//! [`Timeline::build`] works in four steps:
//!
//! 1. **Reports.** Each sentence (or each clause of it, where a sentence
//!    carries two different dates) with a placed DATE/TIME becomes a
//!    [`Report`], placed by its most precise expression. Sentences whose
//!    expressions cannot be placed become [`Undated`]. This step runs with
//!    each article ([`ResolvedArticle::from_parts`], inside its parallel
//!    job), which keeps the summary text of each report and the text of
//!    each undated sentence: the timeline and its pages need nothing else
//!    of the article's text, so `build` drops it
//!    ([`ResolvedArticle::release`], [`Timeline::build_releasing`]). The
//!    reports stay in their articles, indexed as one sequence
//!    (`Reports`); each report's words become a TF-IDF vector, all of
//!    them in one flat list ([`similarity::Vectors`]). A build then drops
//!    the reports' texts too and takes back only those of the events'
//!    primaries, when it renders their articles' pages
//!    ([`ResolvedArticle::texts_from`]).
//! 2. **Merging.** Reports of the same event in several articles become one
//!    [`Event`]: their dates must be compatible (the same day, or a coarser
//!    value containing the finer one) and their content similar (the best
//!    TF-IDF cosine with a report already in the event ≥
//!    [`SAME_DAY_THRESHOLD`] on one day, ≥ [`MERGE_THRESHOLD`] when a
//!    coarser value joins a finer one; see [`super::similarity`]). Reports
//!    are bucketed by date first, and a report is compared in full only
//!    with the few clusters of its dates that share the most (by weight)
//!    of its rarest terms (`MAX_CHECKED`), so merging costs the same per
//!    report at any corpus size.
//! 3. **Salience.** Each event scores by how many articles and reports carry
//!    it and how precise it is; the top ones are key events.
//! 4. **Order.** Events sort by (interval start, precision, part of day,
//!    clock time, interval end, first report's dateline, path, position): a
//!    total order, so the same input always gives the same timeline.
//!
//! Reports from different articles that look like the same event
//! (similarity ≥ [`CONFLICT_THRESHOLD`] and at least three shared ordinary
//! words, not only names) but carry disjoint day-level dates within two
//! weeks of each other are kept apart and listed as [`Conflict`]s.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{Datelike, Duration, NaiveDate};
use rayon::prelude::*;

use crate::resolve::{self, Placement, Precision};

use super::article::*;
use super::similarity::{self, Lists, Token, VectorRef, Vectors, Vocabulary};
use super::tokens::TokenCache;

/// Minimum cosine similarity for two reports of the same day (or part of
/// it) to be one event. Measured on the fixture story
/// (`tests/fixtures/story`, `examples/simdebug.rs`): reports of one event
/// in other words score 0.16–0.64 with the closest report already merged,
/// while the two different events of 8 March score below 0.05.
pub const SAME_DAY_THRESHOLD: f32 = 0.1;

/// Minimum similarity for a coarser value ("in March") to join an event
/// of a finer one inside it: stricter, since a month holds many events.
pub const MERGE_THRESHOLD: f32 = 0.2;

/// Minimum similarity for two reports with incompatible dates to be
/// reported as a conflict. With the rule of three shared ordinary words
/// this flags the fixture story's two inspection dates (0.49) but not, in
/// the bundled story, an appeal and a pledge that share "million dollars"
/// (0.34), nor two Port Alder events that share only the port's name.
pub const CONFLICT_THRESHOLD: f32 = 0.45;

/// How many events of the four weeks around a day-level event are looked at
/// for a conflict at most.
const MAX_CANDIDATES: usize = 64;

/// How many reports of an event a new report is compared with at most (its
/// first, finest ones). A story repeated in hundreds of articles would
/// otherwise make each comparison cost as much as the whole event; the first
/// reports already say what the event is.
const MAX_LINKS: usize = 8;

/// How many reports are tokenised at once before their terms are interned.
pub(super) const TOKENIZE_CHUNK: usize = 4096;

/// One article's report of an event: a sentence or clause and the mention
/// that places it. Indices and offsets are `u32`, as in what articles keep
/// of their reports (44 bytes instead of 64): events hold a copy of every
/// report, and at 100k articles those copies were the largest thing alive
/// when memory peaked. The accessors give them as `usize`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub article: u32,
    pub sentence: u32,
    pub mention: u32,
    /// Byte range of the sentence or clause in the article's prose.
    pub span: Range<u32>,
    pub placement: Placement,
}

impl Report {
    /// The index of the report's article.
    pub fn article(&self) -> usize {
        self.article as usize
    }

    /// The index of the mention that places it, in its article.
    pub fn mention(&self) -> usize {
        self.mention as usize
    }

    /// The index of its sentence, in its article.
    pub fn sentence(&self) -> usize {
        self.sentence as usize
    }

    /// Byte range of the sentence or clause in the article's prose.
    pub fn span(&self) -> Range<usize> {
        self.span.start as usize..self.span.end as usize
    }
}

/// A dated event, with every report of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The primary report's article: the most precise date, then the
    /// earliest dateline.
    pub article: usize,
    pub sentence: usize,
    pub mention: usize,
    /// Byte range of the primary report's sentence or clause.
    pub span: Range<usize>,
    /// The event's date: the most precise of its reports.
    pub placement: Placement,
    /// Every article that reports the event, earliest dateline first.
    pub sources: Vec<usize>,
    /// Every report, earliest dateline first.
    pub reports: Vec<Report>,
    /// The article that reported it first (`sources[0]`).
    pub first_reported: usize,
    pub salience: f32,
    /// One of the timeline's key events (see [`Timeline::build`]).
    pub key: bool,
}

impl Event {
    /// The cleaned summary of the primary report ([`super::summary`]) and
    /// its text.
    pub fn summary<'d>(&self, docs: &'d [ResolvedArticle]) -> SummaryText<'d> {
        docs[self.article].report_summary(self.span.start)
    }

    /// Days between the event's start and its first report's dateline
    /// ("reported 3 days later"); `None` for values coarser than a day.
    pub fn report_delay_days(&self, docs: &[ResolvedArticle]) -> Option<i64> {
        (self.placement.precision >= Precision::Day).then(|| {
            (docs[self.first_reported].article.dateline.date - self.placement.start).num_days()
        })
    }
}

/// A sentence whose temporal expressions cannot be placed on the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undated {
    pub article: usize,
    pub sentence: usize,
    /// Indices of the sentence's mentions.
    pub mentions: Vec<usize>,
}

/// Two events that look like one but were given incompatible dates.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// Indices into [`Timeline::events`], `first < second`.
    pub first: usize,
    pub second: usize,
    pub similarity: f32,
}

/// The ordered events of a set of articles, the undated sentences, and the
/// date conflicts found between articles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    pub events: Vec<Event>,
    pub undated: Vec<Undated>,
    pub conflicts: Vec<Conflict>,
}

impl Timeline {
    /// Builds the timeline of `docs`.
    ///
    /// Key events: the `max(3, ⌈n/5⌉)` events of highest salience, where
    /// salience is 2 × articles, plus 0.5 × further reports in the same
    /// articles, plus a precision bonus (time or part of day 1, day 0.8,
    /// week 0.5, month 0.3, coarser 0).
    pub fn build(docs: &[ResolvedArticle]) -> Timeline {
        let undated = collect_undated(docs);
        let reports = Reports::new(docs);
        let terms = Terms::of(docs, &reports, None);
        Timeline::from_reports(docs, &reports, undated, terms)
    }

    /// [`Timeline::build`] with the tokens of report texts seen before
    /// taken from `cache`, and those of new texts added to it: the same
    /// timeline, for the preview server, which builds it after each edit.
    pub fn build_cached(docs: &[ResolvedArticle], cache: &mut TokenCache) -> Timeline {
        let undated = collect_undated(docs);
        let reports = Reports::new(docs);
        let terms = Terms::of(docs, &reports, Some(cache));
        Timeline::from_reports(docs, &reports, undated, terms)
    }

    /// [`Timeline::build`] that also frees what the timeline no longer
    /// needs of released articles ([`ResolvedArticle::release`]): their
    /// reports are moved into the timeline rather than copied, and their
    /// reports' texts are dropped once tokenised. Only the events'
    /// primaries need theirs again: [`ResolvedArticle::texts_from`] takes
    /// them back ([`ResolvedArticle::read_texts`] reads them alone).
    pub fn build_releasing(docs: &mut [ResolvedArticle]) -> Timeline {
        let undated = take_undated(docs);
        let terms = Terms::of(docs, &Reports::new(docs), None);
        let tt = crate::timings::stage("  drop report texts");
        docs.par_iter_mut()
            .for_each(ResolvedArticle::drop_report_texts);
        drop(tt);
        let timeline = Timeline::from_reports(docs, &Reports::new(docs), undated, terms);
        timeline.release_texts(docs);
        timeline
    }

    /// Steps 2 to 4, from the reports and undated sentences of `docs` and
    /// the reports' terms.
    fn from_reports(
        docs: &[ResolvedArticle],
        reports: &Reports<'_>,
        mut undated: Vec<Undated>,
        terms: Terms,
    ) -> Timeline {
        let Terms { vectors } = terms;
        let t = crate::timings::stage("timeline: merge");
        let clusters = merge(docs, reports, &vectors);
        drop(t);
        let t = crate::timings::stage("timeline: events+order+conflicts");
        let ranks = ArticleOrder::new(docs);
        // Events, their order and their conflicts are found in parallel;
        // each is deterministic (the sort is stable over a total order).
        // Conflicts are found (by cluster) first, so that the vectors are
        // freed before the events and their reports are made: at 100k
        // articles the events' copy of every report next to the vectors
        // set the peak memory of the build.
        let tt = crate::timings::stage("  conflicts");
        let pairs = find_conflicts(reports, &vectors, &clusters);
        drop(vectors);
        drop(tt);
        let tt = crate::timings::stage("  events and their order");
        let mut events: Vec<Event> = clusters
            .par_iter()
            .map(|c| event_from(&ranks, reports, &c.members))
            .collect();
        let mut order: Vec<usize> = (0..events.len()).collect();
        order.par_sort_by(|&x, &y| compare(&ranks, &events[x], &events[y]));
        drop(tt);
        let tt = crate::timings::stage("  reports into events");
        let mut position = vec![0; events.len()];
        for (pos, &i) in order.iter().enumerate() {
            position[i] = pos;
        }
        let mut conflicts: Vec<Conflict> = pairs
            .into_iter()
            .map(|(i, j, similarity)| Conflict {
                first: position[i].min(position[j]),
                second: position[i].max(position[j]),
                similarity,
            })
            .collect();
        conflicts.sort_by_key(|c| (c.first, c.second));
        drop(position);
        permute(&mut events, &order);
        // Each cluster is freed as soon as its event has its reports.
        let mut clusters = clusters;
        permute(&mut clusters, &order);
        events
            .par_iter_mut()
            .zip(clusters.into_par_iter())
            .for_each(|(e, mut c)| {
                c.members
                    .sort_by(|&a, &b| order_reports(&ranks, reports, a, b));
                e.reports = c.members.iter().map(|&i| reports.numbered(i)).collect();
            });
        mark_key_events(&mut events);
        drop(tt);
        drop(t);
        ranks.sort_undated(&mut undated);
        Timeline {
            events,
            undated,
            conflicts,
        }
    }

    /// Keeps, of released articles, only the texts of event primaries.
    fn release_texts(&self, docs: &mut [ResolvedArticle]) {
        let mut spans: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
        for e in &self.events {
            spans[e.article].push(e.span.start);
        }
        docs.par_iter_mut().zip(spans).for_each(|(doc, mut spans)| {
            spans.sort_unstable();
            doc.keep_texts(&spans);
        });
    }

    /// Events marked as key events, in timeline order.
    pub fn key_events(&self) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(|e| e.key)
    }
}

/// Each report's TF-IDF vector, with its ordinary (not name) words marked
/// ([`VectorRef::words`]): a weak same-day link must share one of them,
/// not only a place name.
struct Terms {
    vectors: Vectors,
}

impl Terms {
    /// The reports' vectors; with a `cache`, tokens of texts it holds are
    /// taken from it and those made now are added ([`TokenCache`]).
    fn of(
        docs: &[ResolvedArticle],
        reports: &Reports<'_>,
        cache: Option<&mut TokenCache>,
    ) -> Terms {
        let _t = crate::timings::stage("timeline: reports+tokens");
        let _tt = crate::timings::stage("  tokenize");
        if let Some(cache) = cache {
            let texts: Vec<&str> = (0..reports.len())
                .into_par_iter()
                .map(|i| report_text(docs, reports, i))
                .collect();
            return Terms {
                vectors: cache.vectors(&texts),
            };
        }
        // Summarising and tokenising each report is independent: in
        // parallel. Interning must follow report order (term ids), so it
        // stays sequential, and overlaps the tokenising of the next chunk.
        // The tokens are made a chunk at a time, so they never exist for
        // the whole corpus at once.
        let mut vocab = Vocabulary::default();
        let mut counts = Lists::with_capacity(reports.len());
        let chunks: Vec<Range<usize>> = (0..reports.len())
            .step_by(TOKENIZE_CHUNK)
            .map(|start| start..(start + TOKENIZE_CHUNK).min(reports.len()))
            .collect();
        let tokenize = |r: &Range<usize>| -> Vec<Vec<Token>> {
            r.clone()
                .into_par_iter()
                .map(|i| similarity::tokenize(report_text(docs, reports, i)))
                .collect()
        };
        let mut next = chunks.first().map(tokenize);
        for k in 0..chunks.len() {
            let tokens = next
                .take()
                .expect("each chunk is tokenised before it is read");
            let ((), following) = rayon::join(
                || {
                    for t in tokens {
                        vocab.add_tokens_to(t, &mut counts);
                    }
                },
                || chunks.get(k + 1).map(tokenize),
            );
            next = following;
        }
        // The counts become the vectors in place. (Not shrunk to fit: the
        // unused capacity is never touched, so never resident, while a
        // copy would be.)
        Terms {
            vectors: vocab.vectors(counts),
        }
    }
}

/// A group of reports being merged.
struct Cluster {
    members: Vec<usize>,
    interval: Range<NaiveDate>,
    part: Option<resolve::PartOfDay>,
    /// The articles of the members, for the one-report-per-article rule.
    articles: Articles,
}

/// A small sorted set of article indices (most clusters hold one report:
/// a hash set each cost an allocation of buckets and a hash per lookup),
/// as `u32` ([`Reports`] numbers articles so).
#[derive(Default)]
struct Articles(Vec<u32>);

impl Articles {
    fn of(article: usize) -> Self {
        Articles(vec![id(article)])
    }

    fn insert(&mut self, article: usize) {
        let article = id(article);
        if let Err(k) = self.0.binary_search(&article) {
            self.0.insert(k, article);
        }
    }

    fn contains(&self, article: &usize) -> bool {
        self.0.binary_search(&id(*article)).is_ok()
    }
}

/// The merge's maps have integer keys and are only looked up, never
/// iterated (so the output does not depend on the hasher): `rustc-hash`'s
/// multiply-and-rotate hash instead of SipHash, which showed as a fifth of
/// the candidate search in a profile.
type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
type FastSet<T> = rustc_hash::FxHashSet<T>;

/// The text a report is compared by: its clause without a leading
/// connective or an attribution tail ("…, the harbour authority said"),
/// which would make unrelated reports from one source look alike.
fn report_text<'a>(docs: &'a [ResolvedArticle], reports: &Reports<'_>, i: usize) -> &'a str {
    docs[reports.article(i)]
        .report_summary(reports.get(i).span.start as usize)
        .text
}

/// Step 2: greedy merging, finest reports first, each report joining the
/// most similar compatible cluster or starting a new one.
///
/// The greedy order is by level (day or finer, then week, month, season,
/// quarter, half, year, decade, century) and date. A report can only join
/// a cluster inside its own interval, and within a level the intervals of
/// different dates are disjoint, so each level is cut into shards of one
/// interval that merge in parallel against the finer levels (read-only)
/// and their own new clusters. The decisions are then applied in the
/// greedy order, so cluster ids, postings and the result are those of the
/// one-by-one merge; the only difference is that a shard's candidate lists
/// ([`BLOCK_SCAN`]) hold only its own new clusters, not those of other
/// dates in the same month, which could never be joined anyway.
fn merge(docs: &[ResolvedArticle], reports: &Reports<'_>, vectors: &Vectors) -> Vec<Cluster> {
    let t = crate::timings::stage("  merge: order");
    let ranks = ArticleOrder::new(docs);
    // Keys made once: comparing through `reports` missed the cache. Packed
    // in 24 bytes with the report's index (a tuple of the key's parts and
    // the index took 48, and at 100k articles sorting them raised the
    // resident memory by 88 MiB).
    let mut keys: Vec<MergeKey> = (0..reports.len())
        .into_par_iter()
        .map(|i| MergeKey::new(reports.get(i), ranks.0[reports.article(i)], i))
        .collect();
    // The keys are distinct (one per report), so unstable is deterministic.
    keys.par_sort_unstable();
    let order: Vec<usize> = keys.iter().map(|k| k.3 as usize).collect();
    drop(keys);
    drop(t);
    let t = crate::timings::stage("  merge: first pass");
    let ctx = MergeContext {
        reports,
        vectors,
        dense_len: dense_len(vectors),
    };
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut blocks = Blocks::default();
    let mut cluster_of = vec![u32::MAX; reports.len()];
    let mut additions = Vec::new();
    for level in levels(&order, |i| reports.get(i).placement) {
        // Shards of positions in the level, so the decisions fill an array
        // of the level alone (one of every report lasted the whole pass,
        // which ends at the peak of a 100k build).
        let shards = shard_ranks(level, |i| reports.get(i).placement);
        let decided = in_shards(&shards, &clusters, &blocks, &ctx, |s, rank, scratch| {
            Some((rank, s.place(&ctx, level[rank], scratch)))
        });
        drop(shards);
        let mut decision = vec![Decision::New; level.len()];
        for (rank, d) in decided.into_iter().flatten() {
            decision[rank] = d;
        }
        // The decisions are applied in the greedy order; the postings they
        // add are only read by the next level, so they are added after.
        additions.clear();
        for (&i, &d) in level.iter().zip(&decision) {
            let target = match d {
                Decision::New => None,
                Decision::Join(c) => Some(c as usize),
                Decision::JoinNew(founder) => Some(cluster_of[founder as usize] as usize),
            };
            let c = match target {
                Some(c) => {
                    clusters[c].members.push(i);
                    clusters[c].articles.insert(reports.article(i));
                    c
                }
                None => {
                    let p = reports.get(i).placement;
                    clusters.push(Cluster {
                        members: vec![i],
                        interval: p.start..p.end,
                        part: p.part_of_day,
                        articles: Articles::of(reports.article(i)),
                    });
                    clusters.len() - 1
                }
            };
            cluster_of[i] = id(c);
            if clusters[c].members.len() <= MAX_LINKS {
                additions.push(Addition {
                    report: id(i),
                    cluster: id(c),
                    start: clusters[c].interval.start,
                    end: clusters[c].interval.end,
                });
            }
        }
        blocks.add_all(|i| vectors.vector(i), &additions);
    }
    drop(additions);
    drop(t);
    let _t = crate::timings::stage("  merge: second pass");
    // Second pass: a report left alone because it came before the report
    // it resembles ("the fire that began on March 7" read before "the
    // Kestrel warehouse fire last Friday") joins the event it fits best.
    // Clusters are in greedy order, so levels and shards cut the same way.
    let singles: Vec<usize> = (0..clusters.len())
        .filter(|&c| clusters[c].members.len() == 1)
        .collect();
    let founder = |c: usize| reports.get(clusters[c].members[0]).placement;
    let levels: Vec<Vec<Vec<usize>>> = levels(&singles, founder)
        .into_iter()
        .map(|level| shards(level, founder))
        .collect();
    for shards in levels {
        let moves = in_shards(&shards, &clusters, &blocks, &ctx, |s, c, scratch| {
            s.regroup(&ctx, c, scratch).map(|target| (c, target))
        });
        for (c, target) in moves.into_iter().flatten() {
            let i = clusters[c].members[0];
            clusters[target].members.push(i);
            clusters[target].articles.insert(reports.article(i));
            clusters[c].members.clear();
        }
    }
    clusters.retain(|c| !c.members.is_empty());
    // Free the threads' scratch space (it grows with the corpus).
    rayon::broadcast(|_| SCRATCH.take());
    clusters
}

/// The greedy order of the merge, packed: (coarser precision first, then
/// [`Placement::sort_key`]: start, precision, part of day, clock time),
/// then the article's rank, then the span's start; last the report's index.
/// Every part is an unsigned number that orders as the part does, so the
/// derived order is the tuple's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct MergeKey(u64, u64, u32, u32);

impl MergeKey {
    fn new(r: &FoundReport, rank: u32, index: usize) -> MergeKey {
        use chrono::Timelike;
        let p = r.placement;
        let precision = p.precision as u64;
        let reversed = Precision::Time as u64 - precision;
        let start = u64::from((day_number(p.start) as u32) ^ (1 << 31));
        let part = p.part_of_day.map_or(0, |d| d as u64 + 1);
        // Seconds, then the fraction (below 2e9 with a leap second): 48 bits.
        let time = p.time.map_or(0, |t| {
            1 + u64::from(t.num_seconds_from_midnight()) * 2_000_000_000 + u64::from(t.nanosecond())
        });
        // 4 + 32 + 4 + 3 bits, then the time's top 21 bits; its low 27 bits
        // and the 32-bit rank.
        let high = reversed << 60 | start << 28 | precision << 24 | part << 21 | time >> 27;
        let low = (time & ((1 << 27) - 1)) << 32 | u64::from(rank);
        MergeKey(high, low, r.span.start, id(index))
    }
}

thread_local! {
    /// Each thread's [`Scratch`], kept from shard to shard and level to
    /// level (a fresh one per shard cost more than the shard's work).
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Per-thread working space of [`Shard::best`]; every use leaves it zeroed.
#[derive(Default)]
struct Scratch {
    /// The report's vector, scattered by term id.
    dense: Vec<f32>,
    /// Per cluster id: the summed weights of the report's rarest terms the
    /// cluster has, and which of them (a bit each).
    score: Vec<f32>,
    seen: Vec<u8>,
    /// The clusters with a nonzero score, then ranked.
    found: Vec<(f32, u32)>,
    top_terms: Vec<(u32, f32)>,
    /// The postings of the shard at work, kept from shard to shard.
    chains: Chains,
}

impl Scratch {
    fn fit(&mut self, terms: usize, clusters: usize) {
        if self.dense.len() < terms {
            self.dense.resize(terms, 0.0);
        }
        if self.score.len() < clusters {
            self.score.resize(clusters, 0.0);
            self.seen.resize(clusters, 0);
        }
    }
}

/// Runs `step` on every item of every shard, the shards in parallel, each
/// with its own [`Shard`] view of `clusters` and its thread's scratch;
/// returns what the steps gave, by shard (one array of it all would be
/// one more large block of memory).
fn in_shards<T: Send>(
    shards: &[Vec<usize>],
    clusters: &[Cluster],
    blocks: &Blocks,
    ctx: &MergeContext<'_>,
    step: impl Fn(&mut Shard<'_>, usize, &mut Scratch) -> Option<T> + Sync,
) -> Vec<Vec<T>> {
    shards
        .par_iter()
        .map(|shard| {
            SCRATCH.with_borrow_mut(|scratch| {
                // Provisional cluster ids follow the base's, one at most
                // per item of the shard.
                scratch.fit(ctx.dense_len, clusters.len() + shard.len());
                let mut s = Shard::new(clusters, blocks, std::mem::take(&mut scratch.chains));
                let out = shard
                    .iter()
                    .filter_map(|&item| step(&mut s, item, scratch))
                    .collect();
                scratch.chains = s.postings;
                scratch.chains.clear();
                out
            })
        })
        .collect()
}

/// What is read, never written, while merging.
struct MergeContext<'a> {
    reports: &'a Reports<'a>,
    vectors: &'a Vectors,
    dense_len: usize,
}

/// Where a report goes: a new cluster, a cluster of a finer level (or of an
/// earlier report of another level, by id), or the cluster a report of the
/// same shard founded (by the founding report).
#[derive(Clone, Copy, Debug)]
enum Decision {
    New,
    Join(u32),
    JoinNew(u32),
}

/// A report or cluster index as a `u32` (there are fewer clusters than
/// reports); a clear stop for a site beyond that.
fn id(i: usize) -> u32 {
    u32::try_from(i).expect("the timeline holds fewer than 2^32 reports")
}

/// The length of a dense array that any of `vectors` scatters into.
fn dense_len(vectors: &Vectors) -> usize {
    (0..vectors.len())
        .map(|i| vectors.vector(i).id_bound())
        .max()
        .unwrap_or(0)
}

/// The merge level of a placement: everything a day or finer is one level
/// (its reports can only meet on one day); coarser values each their own.
fn level_of(p: Placement) -> Precision {
    p.precision.min(Precision::Day)
}

/// Cuts a sequence in greedy order (finest level first) into its levels.
fn levels(items: &[usize], placement: impl Fn(usize) -> Placement) -> Vec<&[usize]> {
    items
        .chunk_by(|&a, &b| level_of(placement(a)) == level_of(placement(b)))
        .collect()
}

/// Cuts one level into shards whose intervals do not overlap, each in the
/// level's order: reports of different shards can never join the same
/// cluster.
fn shards(level: &[usize], placement: impl Fn(usize) -> Placement) -> Vec<Vec<usize>> {
    shard_ranks(level, placement)
        .into_iter()
        .map(|shard| shard.into_iter().map(|rank| level[rank]).collect())
        .collect()
}

/// [`shards`] as positions in `level` rather than its items.
fn shard_ranks(level: &[usize], placement: impl Fn(usize) -> Placement) -> Vec<Vec<usize>> {
    // Each item with its start (looked up once: a report's placement lies
    // in its article) and its rank in the level's (greedy) order.
    let mut by_start: Vec<(NaiveDate, u32, u32)> = level
        .iter()
        .enumerate()
        .map(|(rank, &i)| (placement(i).start, id(rank), id(i)))
        .collect();
    // Stable: keeps the greedy order within one start date.
    by_start.sort_by_key(|&(start, ..)| start);
    let mut out: Vec<Vec<(NaiveDate, u32, u32)>> = Vec::new();
    let mut end = NaiveDate::MIN;
    for item in by_start {
        match out.last_mut() {
            Some(shard) if item.0 < end => shard.push(item),
            _ => out.push(vec![item]),
        }
        end = end.max(placement(item.2 as usize).end);
    }
    // A shard that gathered several start dates must follow the greedy
    // order, which sorts by more than the start.
    out.into_iter()
        .map(|mut shard| {
            if shard.windows(2).any(|w| w[0].0 != w[1].0) {
                shard.sort_unstable_by_key(|&(_, rank, _)| rank);
            }
            shard.iter().map(|&(_, rank, _)| rank as usize).collect()
        })
        .collect()
}

/// A cluster as a shard sees it: the base cluster plus what the shard
/// added, or nothing when the shard moved its only report away.
struct View<'a> {
    cluster: &'a Cluster,
    extra: &'a [usize],
    emptied: bool,
}

impl View<'_> {
    fn is_empty(&self) -> bool {
        self.emptied || self.cluster.members.is_empty()
    }

    /// The members, first ones first.
    fn members(&self) -> impl Iterator<Item = usize> + '_ {
        let base: &[usize] = if self.emptied {
            &[]
        } else {
            &self.cluster.members
        };
        base.iter().chain(self.extra).copied()
    }

    fn has_article(&self, reports: &Reports<'_>, article: usize) -> bool {
        self.cluster.articles.contains(&article)
            || self.extra.iter().any(|&m| reports.article(m) == article)
    }
}

/// One shard's view of the merge: the clusters before its level, read-only,
/// plus what the shard itself has done to them and the clusters it founded.
struct Shard<'a> {
    base: &'a [Cluster],
    blocks: &'a Blocks,
    /// Clusters founded in this shard, with their founding report; their
    /// provisional ids follow the base's.
    founded: Vec<(Cluster, usize)>,
    /// Reports added to base clusters in this shard.
    joined: FastMap<usize, Vec<usize>>,
    /// Base clusters whose only report moved away (second pass).
    emptied: FastSet<usize>,
    /// The postings of its own clusters and joins.
    postings: Chains,
}

impl<'a> Shard<'a> {
    /// A shard over `base`, its postings kept in `postings` (empty).
    fn new(base: &'a [Cluster], blocks: &'a Blocks, postings: Chains) -> Self {
        Shard {
            base,
            blocks,
            founded: Vec::new(),
            joined: FastMap::default(),
            emptied: FastSet::default(),
            postings,
        }
    }

    /// Cluster `c` as it stands in this shard.
    fn view(&self, c: usize) -> View<'_> {
        if let Some(k) = c.checked_sub(self.base.len()) {
            let cl = &self.founded[k].0;
            return View {
                cluster: cl,
                extra: &[],
                emptied: false,
            };
        }
        let joined = if self.joined.is_empty() {
            None
        } else {
            self.joined.get(&c)
        };
        View {
            cluster: &self.base[c],
            extra: joined.map_or(&[], Vec::as_slice),
            emptied: !self.emptied.is_empty() && self.emptied.contains(&c),
        }
    }

    /// Records that report `i` joins base cluster `c`; returns how many
    /// members `c` now has.
    fn join(&mut self, c: usize, i: usize) -> usize {
        let joined = self.joined.entry(c).or_default();
        joined.push(i);
        self.base[c].members.len() + joined.len()
    }

    /// First pass: where report `i` goes; records it in the shard.
    fn place(&mut self, ctx: &MergeContext<'_>, i: usize, scratch: &mut Scratch) -> Decision {
        let r = ctx.reports.get(i);
        let best = self.best(ctx, i, None, scratch);
        // `best` left the report's rarest terms in the scratch.
        let top = &scratch.top_terms;
        match best {
            Some(c) if c >= self.base.len() => {
                let k = c - self.base.len();
                let (cluster, founder) = &mut self.founded[k];
                cluster.members.push(i);
                cluster.articles.insert(ctx.reports.article(i));
                if cluster.members.len() <= MAX_LINKS {
                    self.postings.add(top, &cluster.interval, c);
                }
                let founder = *founder;
                Decision::JoinNew(id(founder))
            }
            Some(c) => {
                if self.join(c, i) <= MAX_LINKS {
                    self.postings.add(top, &self.base[c].interval, c);
                }
                Decision::Join(id(c))
            }
            None => {
                let p = r.placement;
                self.postings
                    .add(top, &(p.start..p.end), self.base.len() + self.founded.len());
                self.founded.push((
                    Cluster {
                        members: vec![i],
                        interval: p.start..p.end,
                        part: p.part_of_day,
                        articles: Articles::of(ctx.reports.article(i)),
                    },
                    i,
                ));
                Decision::New
            }
        }
    }

    /// Second pass: the cluster that singleton `c`'s report moves to, if
    /// any; records the move in the shard.
    fn regroup(
        &mut self,
        ctx: &MergeContext<'_>,
        c: usize,
        scratch: &mut Scratch,
    ) -> Option<usize> {
        let alone = {
            let view = self.view(c);
            let mut members = view.members();
            match (members.next(), members.next()) {
                (Some(i), None) => Some(i),
                _ => None,
            }
        };
        // No longer alone: another report joined it.
        let i = alone?;
        let target = self.best(ctx, i, Some(c), scratch)?;
        if target >= self.base.len() {
            unreachable!("the second pass founds no clusters");
        }
        self.join(target, i);
        self.emptied.insert(c);
        Some(target)
    }

    /// The most similar cluster report `i` may join (other than `skip`):
    /// its interval lies inside the report's, parts of day agree, no report
    /// of the same article is in it, and the best link passes the
    /// threshold. Only the [`MAX_CHECKED`] candidates that share most of
    /// the report's rarest terms (by weight) are compared in full.
    fn best(
        &self,
        ctx: &MergeContext<'_>,
        i: usize,
        skip: Option<usize>,
        scratch: &mut Scratch,
    ) -> Option<usize> {
        let r = ctx.reports.get(i);
        let p = r.placement;
        let one_day = p.end - p.start <= Duration::days(1);
        let threshold = if one_day {
            SAME_DAY_THRESHOLD
        } else {
            MERGE_THRESHOLD
        };
        ctx.vectors
            .vector(i)
            .top_terms(BLOCKING_TERMS, &mut scratch.top_terms);
        self.blocks
            .candidates(&self.postings, p.start, p.end, scratch);
        let Scratch {
            dense,
            score,
            seen,
            found,
            ..
        } = scratch;
        for f in found.iter_mut() {
            let c = f.1 as usize;
            f.0 = score[c];
            score[c] = 0.0;
            seen[c] = 0;
        }
        let mut best: Option<(usize, f32)> = None;
        let mut checked = 0;
        ctx.vectors.vector(i).scatter(dense);
        for c in ranked(found, 2 * MAX_CHECKED) {
            let view = self.view(c);
            let cl = view.cluster;
            if Some(c) == skip || view.is_empty() {
                continue;
            }
            let parts_agree =
                p.part_of_day.is_none() || cl.part.is_none() || p.part_of_day == cl.part;
            // One article tells each event once: two of its sentences on one
            // day are two events ("a Monday visit", "a call Monday night").
            if !parts_agree || view.has_article(ctx.reports, ctx.reports.article(i)) {
                continue;
            }
            checked += 1;
            if checked > MAX_CHECKED {
                break;
            }
            let sim = view
                .members()
                .take(MAX_LINKS)
                .map(|m| ctx.vectors.vector(m).dot_dense(dense))
                .fold(0.0, f32::max);
            // Below the general threshold a link needs a shared ordinary word:
            // "staff arrived in Calden" and "the government released aid … of
            // Calden" share only the town's name.
            let weak = sim < MERGE_THRESHOLD;
            if sim >= threshold
                && best.is_none_or(|(b, s)| sim > s || (sim == s && c < b))
                && (!weak
                    || view.members().take(MAX_LINKS).any(|m| {
                        similarity::shares_a_word(
                            ctx.vectors.vector(i).words(),
                            ctx.vectors.vector(m).words(),
                        )
                    }))
            {
                best = Some((c, sim));
            }
        }
        ctx.vectors.vector(i).unscatter(dense);
        found.clear();
        best.map(|(c, _)| c)
    }
}

/// The cluster ids of `found` (score, id), highest score first, then
/// lowest id. Only the first `head` are sorted up front (a report can have
/// hundreds of candidates, of which it compares a few); the rest are
/// sorted only if the caller reads past them.
fn ranked(found: &mut [(f32, u32)], head: usize) -> impl Iterator<Item = usize> + '_ {
    let order = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    let head = head.min(found.len());
    if head < found.len() {
        found.select_nth_unstable_by(head, order);
    }
    let (first, rest) = found.split_at_mut(head);
    first.sort_unstable_by(order);
    let mut rest = Some(rest);
    first.iter().map(|f| f.1 as usize).chain(
        std::iter::from_fn(move || {
            // Reached only when the head ran out: sort the rest once.
            let r = rest.take()?;
            r.sort_unstable_by(order);
            Some(r.iter().map(|f| f.1 as usize))
        })
        .flatten(),
    )
}

/// How many candidate clusters a report is compared with in full at most:
/// those that share the most of its rarest terms. Comparing with every
/// cluster found (up to 64 once) cost most of the merge, and its cost grew
/// with the corpus as the lists filled.
const MAX_CHECKED: usize = 12;

/// How many of a report's rarest terms are looked up to find candidates.
const BLOCKING_TERMS: usize = 8;

/// How many of the latest clusters of one (term, month) block are looked
/// at: bounds the work for terms that a whole corpus shares.
const BLOCK_SCAN: usize = 48;

/// How many months of a value up to a quarter are looked up month by
/// month; longer values (a half, a year, a decade) are looked up by year.
const BLOCK_MONTHS: i32 = 3;

/// How many years of a long value (a decade, a century) are looked up.
const BLOCK_YEARS: i32 = 2;

/// Candidate blocking: which clusters hold a report with a given term among
/// its [`BLOCKING_TERMS`] rarest, per month and per year of the cluster's
/// date (indexing every term doubled the postings for candidates that a
/// report's rarest terms seldom reach). A report is compared only with
/// the recent clusters that share one of its rarest terms in the months (or,
/// for a value longer than a quarter, the years) it covers, so the cost of
/// merging grows with the number of reports, not its square. (Looking a
/// year up month by month took twelve lists of [`BLOCK_SCAN`] per term and
/// was half the merge at 10k articles.)
///
/// The lists are cut by term id into [`POSTING_PARTS`] parts, so that the
/// postings of a whole level are added in parallel ([`Blocks::add_all`]),
/// each part in the level's order: a list lies in one part, so every list
/// receives its postings in the order a one-by-one merge gives them.
#[derive(Default)]
struct Blocks {
    parts: [Postings; POSTING_PARTS],
}

/// How many parts [`Blocks`] cuts its lists into. A constant, not the
/// number of threads: the lists, and so the timeline, must not depend on
/// the machine. Applying a level's postings was a third of the merge's
/// first pass at 10k articles, on one core.
const POSTING_PARTS: usize = 8;

/// The postings lists of the terms of one part of [`Blocks`].
#[derive(Default, Debug, PartialEq)]
struct Postings {
    monthly: FastMap<(u32, i32), List>,
    yearly: FastMap<(u32, i32), List>,
}

/// One postings list of [`Postings`], its latest posting last. Most lists
/// hold one or two postings (at 10k articles, three in four of them, and a
/// fifth of the lookups that find a list): those are kept in the map's
/// entry itself, in the 24 bytes a `Vec` takes there, so reading them
/// costs no second cache miss, and making them no allocation. Longer lists
/// are on the heap.
#[derive(Clone, Debug, PartialEq)]
enum List {
    One(Posting),
    Two([Posting; 2]),
    Many(Vec<Posting>),
}

impl List {
    fn as_slice(&self) -> &[Posting] {
        match self {
            List::One(p) => std::slice::from_ref(p),
            List::Two(ps) => ps,
            List::Many(ps) => ps,
        }
    }

    /// Appends `posting`, unless its cluster is the latest already.
    fn push(&mut self, posting: Posting) {
        let latest = self.as_slice().last().map(|p| p.cluster);
        if latest == Some(posting.cluster) {
            return;
        }
        match self {
            List::One(p) => *self = List::Two([*p, posting]),
            List::Two(ps) => {
                let mut many = Vec::with_capacity(4);
                many.extend_from_slice(ps);
                many.push(posting);
                *self = List::Many(many);
            }
            List::Many(ps) => {
                // Only the latest BLOCK_SCAN are ever read: a full list
                // drops the older ones rather than grow.
                if ps.len() == ps.capacity() && ps.len() > BLOCK_SCAN {
                    ps.drain(..ps.len() - BLOCK_SCAN);
                }
                ps.push(posting);
            }
        }
    }
}

/// Which part of [`Blocks`] holds term `t`'s lists.
fn part_of(t: u32) -> usize {
    t as usize % POSTING_PARTS
}

/// One report's postings to add, as [`Blocks::add_all`] takes them: the
/// report (whose rarest terms are indexed) and the cluster it is in, with
/// the cluster's interval.
struct Addition {
    report: u32,
    cluster: u32,
    start: NaiveDate,
    end: NaiveDate,
}

/// How many additions [`Blocks::add_all`] takes at a time: bounds the
/// memory of their rarest terms at 100k articles.
const ADD_CHUNK: usize = 1 << 14;

/// A cluster in a postings list, with its interval, so that clusters
/// outside a report's interval are passed over without a look at the
/// cluster: in 8 bytes (at 100k articles the lists held 9 million), its
/// start as days from the start of the list's month or year, and its
/// length in days. Intervals are at most a century (36,525 days); a longer
/// one would be passed over always ([`Posting::TOO_LONG`]).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Posting {
    cluster: u32,
    from: u16,
    days: u16,
}

impl Posting {
    const TOO_LONG: u16 = u16::MAX;

    /// The interval as day numbers, when the list starts at day `base`.
    fn interval(self, base: i32) -> Option<(i32, i32)> {
        let start = base + i32::from(self.from);
        (self.days != Self::TOO_LONG).then(|| (start, start + i32::from(self.days)))
    }
}

/// The day number of the first day of month `month_index`.
fn month_start(month_index: i32) -> i32 {
    let (year, month0) = (month_index.div_euclid(12), month_index.rem_euclid(12));
    day_number(NaiveDate::from_ymd_opt(year, month0 as u32 + 1, 1).expect("a month of a date"))
}

/// The day number of 1 January of `year`.
fn year_start(year: i32) -> i32 {
    day_number(NaiveDate::from_ymd_opt(year, 1, 1).expect("the year of a date"))
}

fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

impl Postings {
    /// The month lists, or the year lists.
    fn lists(&self, by_month: bool) -> &FastMap<(u32, i32), List> {
        if by_month {
            &self.monthly
        } else {
            &self.yearly
        }
    }

    /// Adds cluster `cluster`, of interval `[start, start + days)`, to the
    /// month and year lists of term `t`.
    fn push(&mut self, t: u32, start: NaiveDate, days: u16, cluster: u32) {
        let posting = |from: u32| Posting {
            cluster,
            from: from as u16,
            days,
        };
        for (map, key, posting) in [
            (&mut self.monthly, month_index(start), posting(start.day0())),
            (&mut self.yearly, start.year(), posting(start.ordinal0())),
        ] {
            map.entry((t, key))
                .and_modify(|list| list.push(posting))
                .or_insert(List::One(posting));
        }
    }
}

/// An interval's length in days for a [`Posting`].
fn posting_days(start: NaiveDate, end: NaiveDate) -> u16 {
    u16::try_from(day_number(end) - day_number(start)).unwrap_or(Posting::TOO_LONG)
}

impl Blocks {
    /// Adds the postings of one report, whose vector is `v`, of cluster
    /// `cluster`: what [`Blocks::add_all`] does for many.
    #[cfg(test)]
    fn add(&mut self, v: VectorRef<'_>, interval: &Range<NaiveDate>, cluster: usize) {
        let days = posting_days(interval.start, interval.end);
        let mut top = Vec::new();
        v.top_terms(BLOCKING_TERMS, &mut top);
        for &(t, _) in &top {
            self.parts[part_of(t)].push(t, interval.start, days, id(cluster));
        }
    }

    /// What adding each addition's postings in turn gives (`Blocks::add`,
    /// which the tests keep as the reference), in parallel:
    /// the rarest terms of a chunk of additions are found first and dealt
    /// to the parts, then each part takes the chunk's postings of its own
    /// terms, in order. (Each part reading every addition's terms to pick
    /// its own read them all eight times, and missed the cache doing so.)
    fn add_all<'v>(
        &mut self,
        vector: impl Fn(usize) -> VectorRef<'v> + Sync,
        additions: &[Addition],
    ) {
        const NO_TERM: u32 = u32::MAX;
        // Per part: (term, addition in the chunk, its days), in order; kept
        // from chunk to chunk, with room for an even share and a quarter
        // more (growing them was a cache miss per line written, twice).
        let most = additions.len().min(ADD_CHUNK);
        let share = most * BLOCKING_TERMS / POSTING_PARTS;
        let mut dealt: [Vec<(u32, u32, u16)>; POSTING_PARTS] =
            std::array::from_fn(|_| Vec::with_capacity(share + share / 4));
        for chunk in additions.chunks(ADD_CHUNK) {
            let tops: Vec<[u32; BLOCKING_TERMS]> = chunk
                .par_iter()
                .map_init(Vec::new, |top, a| {
                    vector(a.report as usize).top_terms(BLOCKING_TERMS, top);
                    let mut ids = [NO_TERM; BLOCKING_TERMS];
                    for (slot, &(t, _)) in ids.iter_mut().zip(top.iter()) {
                        *slot = t;
                    }
                    ids
                })
                .collect();
            for (n, (a, ids)) in chunk.iter().zip(&tops).enumerate() {
                let days = posting_days(a.start, a.end);
                for &t in ids.iter().filter(|&&t| t != NO_TERM) {
                    dealt[part_of(t)].push((t, id(n), days));
                }
            }
            drop(tops);
            self.parts
                .par_iter_mut()
                .zip(dealt.par_iter_mut())
                .for_each(|(part, postings)| {
                    for (t, n, days) in postings.drain(..) {
                        let a = &chunk[n as usize];
                        part.push(t, a.start, days, a.cluster);
                    }
                });
        }
    }

    /// Scores the clusters inside `[start, end)` among the [`BLOCK_SCAN`]
    /// latest of each of the report's rarest terms (`scratch.top_terms`),
    /// per month: first from `newer` (a shard's own postings, all later
    /// than these), then from these. (The order in which a list is read
    /// does not matter: a cluster's score sums the terms in their order,
    /// and [`ranked`] orders the clusters totally.) A cluster's score is the summed
    /// weights of the terms it shares; the clusters are pushed to
    /// `scratch.found`, their scores left in `scratch.score`.
    fn candidates(&self, newer: &Chains, start: NaiveDate, end: NaiveDate, scratch: &mut Scratch) {
        let last_day = end - Duration::days(1);
        let by_month = month_index(last_day) - month_index(start) < BLOCK_MONTHS;
        let (first, last, key_start): (_, _, fn(i32) -> i32) = if by_month {
            (month_index(start), month_index(last_day), month_start)
        } else {
            let first = start.year();
            (
                first,
                last_day.year().min(first + BLOCK_YEARS - 1),
                year_start,
            )
        };
        let (lo, hi) = (day_number(start), day_number(end));
        // The keys, each with the day its lists count from, worked out
        // once rather than per term (a date's day number is not cheap).
        const MOST_KEYS: usize = if BLOCK_MONTHS > BLOCK_YEARS {
            BLOCK_MONTHS as usize
        } else {
            BLOCK_YEARS as usize
        };
        let mut keys = [(0, 0); MOST_KEYS];
        for (slot, key) in keys.iter_mut().zip(first..=last) {
            *slot = (key, key_start(key));
        }
        let keys = &keys[..(last - first + 1).max(0) as usize];
        let Scratch {
            score,
            seen,
            found,
            top_terms,
            ..
        } = scratch;
        for (k, &(t, w)) in top_terms.iter().enumerate() {
            let bit = 1u8 << k;
            let mine = self.parts[part_of(t)].lists(by_month);
            for &(key, base) in keys {
                let mut visit = |posting: &Posting| {
                    match posting.interval(base) {
                        Some((s, e)) if s >= lo && e <= hi => {}
                        _ => return,
                    }
                    let c = posting.cluster as usize;
                    let mask = seen[c];
                    if mask & bit != 0 {
                        return;
                    }
                    if mask == 0 {
                        found.push((0.0, posting.cluster));
                    }
                    seen[c] = mask | bit;
                    score[c] += w;
                };
                let mut recent = 0;
                for posting in newer.latest(t, key, by_month) {
                    recent += 1;
                    visit(&posting);
                }
                tail(mine.get(&(t, key)), BLOCK_SCAN - recent)
                    .iter()
                    .for_each(visit);
            }
        }
    }
}

/// The last `n` entries of a postings list.
fn tail(list: Option<&List>, n: usize) -> &[Posting] {
    let list = list.map_or(&[][..], List::as_slice);
    &list[list.len().saturating_sub(n)..]
}

/// A shard's own postings: the lists of [`Blocks`], each a chain from its
/// latest posting back, in one arena that a thread keeps from shard to
/// shard ([`Scratch`]). A `Blocks` per shard allocated sixteen maps and a
/// vector per list, for shards of six reports (most of them, on days);
/// this allocates only while a thread's largest shard grows.
#[derive(Default)]
struct Chains {
    /// (term, month index or year, whether by month): the latest node.
    heads: FastMap<(u32, i32, bool), u32>,
    /// Each posting with the node of the one before it in its list.
    nodes: Vec<(Posting, u32)>,
}

impl Chains {
    /// The end of a chain.
    const END: u32 = u32::MAX;

    /// How many lists an emptied arena keeps room for: clearing costs as
    /// much as the room, and most shards are small.
    const KEPT: usize = 4096;

    fn clear(&mut self) {
        self.heads.clear();
        self.heads.shrink_to(Self::KEPT);
        self.nodes.clear();
    }

    /// Adds cluster `cluster`, of `interval`, to the lists of the terms
    /// `top` (a report's rarest, [`BLOCKING_TERMS`]), as
    /// [`Postings::push`] does.
    fn add(&mut self, top: &[(u32, f32)], interval: &Range<NaiveDate>, cluster: usize) {
        let (start, days) = (interval.start, posting_days(interval.start, interval.end));
        let cluster = id(cluster);
        for &(t, _) in top {
            for (by_month, key, from) in [
                (true, month_index(start), start.day0()),
                (false, start.year(), start.ordinal0()),
            ] {
                let head = self.heads.entry((t, key, by_month)).or_insert(Self::END);
                if *head != Self::END && self.nodes[*head as usize].0.cluster == cluster {
                    continue;
                }
                let posting = Posting {
                    cluster,
                    from: from as u16,
                    days,
                };
                self.nodes.push((posting, *head));
                *head = id(self.nodes.len() - 1);
            }
        }
    }

    /// The [`BLOCK_SCAN`] latest postings of a list, latest first.
    fn latest(&self, t: u32, key: i32, by_month: bool) -> impl Iterator<Item = Posting> + '_ {
        let mut at = self
            .heads
            .get(&(t, key, by_month))
            .copied()
            .unwrap_or(Self::END);
        std::iter::from_fn(move || {
            let (posting, before) = *self.nodes.get(at as usize)?;
            at = before;
            Some(posting)
        })
        .take(BLOCK_SCAN)
    }
}

/// The event of a cluster's reports, without the reports themselves
/// (its `reports` is left empty).
fn event_from(ranks: &ArticleOrder, reports: &Reports<'_>, members: &[usize]) -> Event {
    event_of(ranks, members.iter().map(|&i| reports.numbered(i)))
}

/// The event of `members` (one report per article), without the reports
/// themselves (its `reports` is left empty): the primary is the most
/// precise report, then the one of the earliest article; salience as
/// [`Timeline::build`] says.
pub(super) fn event_of(
    ranks: &ArticleOrder,
    members: impl Iterator<Item = Report> + Clone,
) -> Event {
    // One report per article and cluster: the primary is the only maximum.
    let primary = members
        .clone()
        .max_by(|a, b| {
            a.placement
                .precision
                .cmp(&b.placement.precision)
                .then_with(|| ranks.cmp_reports(b, a))
        })
        .expect("a cluster has at least one report");
    let mut sources: Vec<usize> = members.clone().map(|r| r.article()).collect();
    let count = sources.len();
    sources.sort_unstable_by(|&a, &b| ranks.cmp(a, b));
    sources.dedup();
    let precision_bonus = match primary.placement.precision {
        Precision::Time | Precision::PartOfDay => 1.0,
        Precision::Day => 0.8,
        Precision::Week => 0.5,
        Precision::Month => 0.3,
        _ => 0.0,
    };
    let salience =
        2.0 * sources.len() as f32 + 0.5 * (count - sources.len()) as f32 + precision_bonus;
    Event {
        article: primary.article(),
        sentence: primary.sentence(),
        mention: primary.mention(),
        span: primary.span(),
        placement: primary.placement,
        first_reported: sources[0],
        sources,
        reports: Vec::new(),
        salience,
        key: false,
    }
}

/// Puts `items` in `order` (the item at `order[k]` moves to `k`) in place,
/// one cycle of the permutation at a time: no second array of them all.
pub(super) fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut done = vec![false; items.len()];
    for start in 0..items.len() {
        let mut at = start;
        while !done[at] {
            done[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

fn order_reports(ranks: &ArticleOrder, reports: &Reports<'_>, a: usize, b: usize) -> Ordering {
    ranks
        .cmp(reports.article(a), reports.article(b))
        .then(reports.get(a).span.start.cmp(&reports.get(b).span.start))
}

/// Step 3: the top `max(3, ⌈n/5⌉)` events by salience are key events; ties
/// go to the earlier event.
pub(super) fn mark_key_events(events: &mut [Event]) {
    let k = 3.max(events.len().div_ceil(5)).min(events.len());
    let mut ranked: Vec<usize> = (0..events.len()).collect();
    ranked.sort_by(|&a, &b| {
        events[b]
            .salience
            .total_cmp(&events[a].salience)
            .then(a.cmp(&b))
    });
    for &i in &ranked[..k] {
        events[i].key = true;
    }
}

/// Conflicts: similar clusters from different articles whose dates are
/// disjoint and less than two weeks apart, as (cluster, later cluster,
/// similarity).
fn find_conflicts(
    reports: &Reports<'_>,
    vectors: &Vectors,
    clusters: &[Cluster],
) -> Vec<(usize, usize, f32)> {
    let mut by_start: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (i, c) in clusters.iter().enumerate() {
        by_start.entry(c.interval.start).or_default().push(i);
    }
    let bound = dense_len(vectors);
    // Each pair of clusters is looked at once, from its lower index, so
    // the clusters can be taken in parallel.
    let found = |dense: &mut Vec<f32>, (i, c): (usize, &Cluster)| -> Vec<(usize, usize, f32)> {
        if c.interval.end - c.interval.start > Duration::days(1) {
            return Vec::new(); // only day-level (or finer) dates can contradict
        }
        let lo = c.interval.start - Duration::days(14);
        let hi = c.interval.start + Duration::days(15);
        let candidates: Vec<usize> = by_start
            .range(lo..hi)
            .flat_map(|(_, v)| v)
            .take(MAX_CANDIDATES)
            .copied()
            .filter(|&j| {
                let d = &clusters[j];
                let disjoint =
                    d.interval.end <= c.interval.start || c.interval.end <= d.interval.start;
                j > i
                    && disjoint
                    && d.interval.end - d.interval.start <= Duration::days(1)
                    // one article telling two moments is no contradiction
                    && !d.members.iter().all(|&m| c.articles.contains(&reports.article(m)))
            })
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        // The most similar pair of reports from two articles, per
        // candidate: each report of `c` is scattered once and compared with
        // every candidate's (the same sums as `cosine`, so the same
        // values); the last of equal maxima wins, as with `max_by`.
        dense.resize(dense.len().max(bound), 0.0);
        let mut best: Vec<Option<(f32, usize, usize)>> = vec![None; candidates.len()];
        for &x in c.members.iter().take(MAX_LINKS) {
            let vx = vectors.vector(x);
            vx.scatter(dense);
            for (b, &j) in best.iter_mut().zip(&candidates) {
                for &y in clusters[j].members.iter().take(MAX_LINKS) {
                    if reports.article(x) == reports.article(y) {
                        continue;
                    }
                    let sim = vectors.vector(y).dot_dense(dense);
                    if b.is_none_or(|(s, ..)| sim.total_cmp(&s) != Ordering::Less) {
                        *b = Some((sim, x, y));
                    }
                }
            }
            vx.unscatter(dense);
        }
        // The ordinary words were found when tokenising (counting them
        // again from the texts was most of this step).
        candidates
            .iter()
            .zip(best)
            .filter_map(|(&j, b)| {
                let (sim, x, y) = b?;
                (sim >= CONFLICT_THRESHOLD
                    && similarity::shared_count(
                        vectors.vector(x).words(),
                        vectors.vector(y).words(),
                    ) >= 3)
                    .then_some((i, j, sim))
            })
            .collect()
    };
    clusters
        .par_iter()
        .enumerate()
        .map_init(Vec::new, found)
        .flat_map_iter(|pairs| pairs)
        .collect()
}

/// Articles in dateline order, then by path.
fn order_articles(docs: &[ResolvedArticle], a: usize, b: usize) -> Ordering {
    let (x, y) = (&docs[a].article, &docs[b].article);
    x.dateline
        .cmp(&y.dateline)
        .then_with(|| x.path.cmp(&y.path))
}

/// Each article's place in [`order_articles`], found by one sort, so that
/// the sorts of reports and events compare two integers rather than two
/// datelines and paths (those comparisons were a tenth of the merge).
pub(super) struct ArticleOrder(Vec<u32>);

impl ArticleOrder {
    pub(super) fn new(docs: &[ResolvedArticle]) -> Self {
        let mut by: Vec<usize> = (0..docs.len()).collect();
        // Stable: articles that compare equal keep their input order.
        by.par_sort_by(|&a, &b| order_articles(docs, a, b));
        let mut rank = vec![0; docs.len()];
        for (k, &a) in by.iter().enumerate() {
            rank[a] = u32::try_from(k).expect("fewer than 2^32 articles");
        }
        ArticleOrder(rank)
    }

    pub(super) fn cmp(&self, a: usize, b: usize) -> Ordering {
        self.0[a].cmp(&self.0[b])
    }

    /// Puts undated sentences in article order, then in text order.
    pub(super) fn sort_undated(&self, undated: &mut [Undated]) {
        undated.par_sort_by(|x, y| {
            self.cmp(x.article, y.article)
                .then(x.sentence.cmp(&y.sentence))
        });
    }

    /// The order of reports within an event: by article, then by place in
    /// the article.
    pub(super) fn cmp_reports(&self, a: &Report, b: &Report) -> Ordering {
        self.cmp(a.article(), b.article())
            .then(a.span.start.cmp(&b.span.start))
    }
}

/// The total order of events.
pub(super) fn compare(ranks: &ArticleOrder, x: &Event, y: &Event) -> Ordering {
    x.placement
        .sort_key()
        .cmp(&y.placement.sort_key())
        .then_with(|| x.placement.end.cmp(&y.placement.end))
        .then_with(|| ranks.cmp(x.first_reported, y.first_reported))
        .then_with(|| ranks.cmp(x.article, y.article))
        .then_with(|| x.span.start.cmp(&y.span.start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceFile;
    use crate::resolve::{Mention, PartOfDay, Timex, TimexType};
    use crate::timeline::similarity::Vector;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A placement for a TIMEX3-like value: `2025-06-21`, `2025-06-21TNI`, `2025-06`, `2025`.
    fn placed(value: &str) -> Placement {
        let (day, part) = match value.split_once('T') {
            Some((d, "NI")) => (d, Some(PartOfDay::Night)),
            Some((d, "MO")) => (d, Some(PartOfDay::Morning)),
            Some(_) => panic!("unsupported test value {value}"),
            None => (value, None),
        };
        let (start, end, precision) = match day.len() {
            10 => (date(day), date(day) + Duration::days(1), Precision::Day),
            7 => {
                let s = date(&format!("{day}-01"));
                (
                    s,
                    s.checked_add_months(chrono::Months::new(1)).unwrap(),
                    Precision::Month,
                )
            }
            4 => (
                date(&format!("{day}-01-01")),
                date(&format!("{day}-12-31")) + Duration::days(1),
                Precision::Year,
            ),
            _ => panic!("unsupported test value {value}"),
        };
        let precision = if part.is_some() {
            Precision::PartOfDay
        } else {
            precision
        };
        Placement {
            start,
            end,
            precision,
            part_of_day: part,
            time: None,
        }
    }

    /// An article at `path` with dateline `dl` whose `phrases` resolve to the given values.
    fn doc(path: &str, dl: &str, body: &str, phrases: &[(&str, &str)]) -> ResolvedArticle {
        let text = format!("+++\ntitle = \"t\"\ndate = {dl}\n+++\n{body}\n");
        let article = crate::content::article::parse(SourceFile {
            path: path.into(),
            text,
        })
        .unwrap();
        // Phrases are given in text order; each is searched after the previous one.
        let mut from = 0;
        let mut mentions: Vec<Mention> = phrases
            .iter()
            .map(|(phrase, value)| {
                let start = from
                    + article.prose[from..]
                        .find(phrase)
                        .unwrap_or_else(|| panic!("{phrase} not in {body}"));
                from = start + phrase.len();
                let kind = if value.contains('T') {
                    TimexType::Time
                } else {
                    TimexType::Date
                };
                let placement = (!value.starts_with('P')).then(|| placed(value));
                let kind = if placement.is_none() {
                    TimexType::Duration
                } else {
                    kind
                };
                Mention {
                    start,
                    end: start + phrase.len(),
                    timex: Timex {
                        kind,
                        value: value.to_string(),
                        modifier: None,
                        placement,
                    },
                    explanation: String::new(),
                }
            })
            .collect();
        mentions.sort_by_key(|m| m.start);
        ResolvedArticle::from_parts(article, mentions)
    }

    fn summary(docs: &[ResolvedArticle], t: &Timeline) -> Vec<(String, String, usize)> {
        t.events
            .iter()
            .map(|e| {
                let d = &docs[e.article];
                (
                    d.mention(e.mention).timex.value,
                    d.article.path.display().to_string(),
                    e.sources.len(),
                )
            })
            .collect()
    }

    #[test]
    fn mixed_precision_orders_coarse_before_fine_and_day_before_its_night() {
        let docs = vec![doc(
            "content/a.md",
            "2025-06-24",
            "The call came Monday night. The visit was on Monday. The pact was signed in January. Prices rose in 2025. The vote was held on January 3.",
            &[
                ("Monday night", "2025-06-23TNI"),
                ("Monday", "2025-06-23"),
                ("January", "2025-01"),
                ("2025", "2025"),
                ("January 3", "2025-01-03"),
            ],
        )];
        let t = Timeline::build(&docs);
        let values: Vec<String> = summary(&docs, &t).into_iter().map(|s| s.0).collect();
        assert_eq!(
            values,
            [
                "2025",
                "2025-01",
                "2025-01-03",
                "2025-06-23",
                "2025-06-23TNI"
            ]
        );
    }

    #[test]
    fn order_is_total_and_stable_when_the_input_order_changes() {
        let a = doc(
            "content/a.md",
            "2025-06-24",
            "Strikes hit the depot on June 21.",
            &[("June 21", "2025-06-21")],
        );
        let b = doc(
            "content/b.md",
            "2025-06-22",
            "Markets fell sharply on June 21.",
            &[("June 21", "2025-06-21")],
        );
        let c = doc(
            "content/c.md",
            "2025-06-22",
            "Schools closed early on June 21.",
            &[("June 21", "2025-06-21")],
        );
        let forward = vec![a.clone(), b.clone(), c.clone()];
        let backward = vec![c, b, a];
        let f: Vec<_> = summary(&forward, &Timeline::build(&forward))
            .into_iter()
            .map(|s| s.1)
            .collect();
        let r: Vec<_> = summary(&backward, &Timeline::build(&backward))
            .into_iter()
            .map(|s| s.1)
            .collect();
        assert_eq!(f, r);
        // Same day, different events: the earlier dateline first, then the path.
        assert_eq!(f, ["content/b.md", "content/c.md", "content/a.md"]);
    }

    #[test]
    fn the_same_event_in_two_articles_merges_and_keeps_both_sources() {
        let docs = vec![
            doc(
                "content/a.md",
                "2025-06-16",
                "The Vell levee collapsed on Saturday night in Calden.",
                &[("Saturday night", "2025-06-14TNI")],
            ),
            doc(
                "content/b.md",
                "2025-06-19",
                "The collapse of the Vell levee on June 14 flooded Calden.",
                &[("June 14", "2025-06-14")],
            ),
            doc(
                "content/c.md",
                "2025-06-19",
                "Calden schools held exams on June 14.",
                &[("June 14", "2025-06-14")],
            ),
        ];
        let t = Timeline::build(&docs);
        assert_eq!(t.events.len(), 2, "{:#?}", summary(&docs, &t));
        let merged = t
            .events
            .iter()
            .find(|e| e.sources.len() == 2)
            .expect("levee reports merge");
        assert_eq!(merged.sources, [0, 1], "earliest dateline first");
        assert_eq!(merged.first_reported, 0);
        assert_eq!(
            merged.placement.precision,
            Precision::PartOfDay,
            "keeps the most precise date"
        );
        let other = t.events.iter().find(|e| e.sources.len() == 1).unwrap();
        assert_eq!(
            other.article, 2,
            "a different event on the same day stays apart"
        );
    }

    #[test]
    fn merging_in_parallel_shards_gives_the_one_thread_result() {
        // Many days, months and years, each with reports that merge and
        // reports that do not, so that every level has several shards.
        let mut docs = Vec::new();
        for k in 0..40u32 {
            let day = format!("2024-{:02}-{:02}", 1 + k % 12, 1 + k % 27);
            let month = &day[..7];
            let (subject, other) = if k % 2 == 0 {
                ("The Vell levee collapsed", "Calden schools held exams")
            } else {
                ("Donors pledged flood aid", "The harbour reopened berths")
            };
            docs.push(doc(
                &format!("content/{k:02}.md"),
                "2024-12-30",
                &format!("{subject} on {day}. {other} in {month}. {subject} in 2023."),
                &[
                    (day.as_str(), day.as_str()),
                    (month, month),
                    ("2023", "2023"),
                ],
            ));
        }
        let build = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| Timeline::build(&docs))
        };
        let one = build(1);
        assert!(
            one.events.iter().any(|e| e.sources.len() > 1),
            "the input must merge something: {:#?}",
            summary(&docs, &one)
        );
        // Events, their order and conflicts are found in parallel too.
        assert!(
            !one.conflicts.is_empty(),
            "the input must hold a conflict (one story on two close days)"
        );
        for threads in [2, 4, 8] {
            assert_eq!(build(threads), one, "{threads} threads");
        }
    }

    #[test]
    fn packed_merge_keys_order_as_their_parts() {
        let time = |h: u32, m: u32, sec: u32, nanos: u32| {
            chrono::NaiveTime::from_hms_nano_opt(h, m, sec, nanos).unwrap()
        };
        let mut placements = vec![
            placed("2025-06-21"),
            placed("2025-06-21TNI"),
            placed("2025-06-21TMO"),
            placed("2025-06"),
            placed("2025"),
            placed("1066-10-14"),
            placed("0001-01-01"),
        ];
        for t in [
            time(9, 30, 0, 0),
            time(9, 30, 0, 1),
            time(9, 30, 1, 0),
            time(23, 59, 59, 1_999_999_999),
            time(0, 0, 0, 0),
        ] {
            placements.push(Placement {
                precision: Precision::Time,
                time: Some(t),
                ..placed("2025-06-21")
            });
        }
        let mut before = placed("2025-06-21");
        before.start = NaiveDate::MIN;
        placements.push(before);
        let mut reports = Vec::new();
        for p in &placements {
            for (rank, start) in [(0, 7), (0, 9), (3, 0), (u32::MAX, 4_000_000_000)] {
                reports.push((
                    FoundReport {
                        sentence: 0,
                        mention: 0,
                        span: start..start + 1,
                        placement: *p,
                    },
                    rank,
                ));
            }
        }
        let parts = |(r, rank): &(FoundReport, u32)| {
            (
                std::cmp::Reverse(r.placement.precision),
                r.placement.sort_key(),
                *rank,
                r.span.start,
            )
        };
        for (i, a) in reports.iter().enumerate() {
            for (j, b) in reports.iter().enumerate() {
                let keys = MergeKey::new(&a.0, a.1, i).cmp(&MergeKey::new(&b.0, b.1, j));
                assert_eq!(keys, parts(a).cmp(&parts(b)).then(i.cmp(&j)), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn permuting_in_place_puts_each_item_where_the_order_says() {
        let items = ["a", "b", "c", "d", "e", "f"];
        for order in [
            vec![0, 1, 2, 3, 4, 5],
            vec![5, 4, 3, 2, 1, 0],
            vec![2, 0, 1, 5, 3, 4],
        ] {
            let mut moved = items;
            permute(&mut moved, &order);
            let expected: Vec<&str> = order.iter().map(|&k| items[k]).collect();
            assert_eq!(moved.to_vec(), expected);
        }
    }

    #[test]
    fn shards_join_overlapping_intervals_and_keep_the_greedy_order() {
        let ps = [
            placed("2025-06-02"),
            placed("2025-06-01"),
            Placement {
                end: date("2025-06-03"),
                ..placed("2025-06-01")
            },
            placed("2025-06-05"),
        ];
        let level = [10, 11, 12, 13];
        let got = shards(&level, |i| ps[i - 10]);
        // 11 and 12 start on 1 June; 12 runs into 2 June, so 10 is in its
        // shard, which keeps the level's order.
        assert_eq!(got, vec![vec![10, 11, 12], vec![13]]);
        // The same shards as positions in the level.
        let ranks = shard_ranks(&level, |i| ps[i - 10]);
        assert_eq!(ranks, vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn candidates_are_ranked_by_shared_weight_then_id() {
        let mut found = vec![(0.5, 7), (2.0, 9), (0.5, 3), (1.0, 1), (2.0, 4)];
        // Only the first two are sorted up front; the rest when reached.
        let all: Vec<usize> = ranked(&mut found, 2).collect();
        assert_eq!(all, [4, 9, 1, 3, 7]);
        let mut none: Vec<(f32, u32)> = Vec::new();
        assert_eq!(ranked(&mut none, 4).count(), 0);
    }

    #[test]
    fn a_long_postings_list_still_gives_its_latest_clusters() {
        // Lists are cut back as they grow; what candidates read must stay
        // the latest BLOCK_SCAN clusters of the term and month.
        let mut vocab = Vocabulary::default();
        let (counts, _) = vocab.add_tokens(similarity::tokenize("the Vell levee repair plan"));
        let vector = vocab.vector(&counts);
        let v = vector.as_ref();
        let (day, n) = (date("2025-06-03"), 5 * BLOCK_SCAN + 7);
        let next = day + Duration::days(1);
        let mut blocks = Blocks::default();
        for c in 0..n {
            blocks.add(v, &(day..next), c);
        }
        let lists = blocks.parts.iter().flat_map(|p| p.monthly.values());
        assert!(lists.clone().count() >= BLOCKING_TERMS.min(v.terms().count()));
        assert!(
            lists
                .into_iter()
                .all(|l| l.as_slice().len() <= 2 * BLOCK_SCAN)
        );
        let mut scratch = Scratch::default();
        scratch.fit(v.id_bound(), n);
        v.top_terms(BLOCKING_TERMS, &mut scratch.top_terms);
        blocks.candidates(&Chains::default(), day, next, &mut scratch);
        let mut found: Vec<u32> = scratch.found.iter().map(|f| f.1).collect();
        found.sort_unstable();
        let latest: Vec<u32> = (n - BLOCK_SCAN..n).map(|c| c as u32).collect();
        assert_eq!(found, latest);
    }

    #[test]
    fn a_list_gives_the_latest_postings_a_plain_vector_gives() {
        // Random postings, the latest cluster often repeated (skipped), into
        // a list and into a vector that keeps everything: the list keeps
        // one or two inline, is cut back as it grows, and still gives the
        // vector's latest BLOCK_SCAN.
        let mut next = similarity::xorshift(0x2545_f491_4f6c_dd1d);
        for n in 1..4 * BLOCK_SCAN {
            let mut list: Option<List> = None;
            let mut plain: Vec<Posting> = Vec::new();
            for k in 0..n {
                let r = next();
                let repeat = r.is_multiple_of(3) && !plain.is_empty();
                let posting = Posting {
                    cluster: if repeat {
                        plain[plain.len() - 1].cluster
                    } else {
                        k as u32
                    },
                    from: (r >> 8) as u16 % 366,
                    days: (r >> 24) as u16,
                };
                match &mut list {
                    Some(l) => l.push(posting),
                    None => list = Some(List::One(posting)),
                }
                if plain.last().map(|p| p.cluster) != Some(posting.cluster) {
                    plain.push(posting);
                }
            }
            let l = list.as_ref().expect("a posting was pushed");
            assert_eq!(tail(list.as_ref(), BLOCK_SCAN), tail_of(&plain, BLOCK_SCAN));
            assert_eq!(tail(list.as_ref(), 1), tail_of(&plain, 1));
            assert!(l.as_slice().len() <= 2 * BLOCK_SCAN);
            let inline = matches!(l, List::One(_) | List::Two(_));
            assert_eq!(inline, plain.len() <= 2, "{n} pushes");
        }
    }

    fn tail_of(list: &[Posting], n: usize) -> &[Posting] {
        &list[list.len().saturating_sub(n)..]
    }

    #[test]
    fn a_shards_chains_give_the_latest_postings_of_each_list() {
        // The same additions as lists and as chains: each chain gives
        // the list's latest BLOCK_SCAN postings, latest first, with the
        // same repeated cluster skipped.
        let mut vocab = Vocabulary::default();
        let vectors: Vec<Vector> = [
            "harbour crane strike",
            "levee crane Vell",
            "strike Vell talks",
        ]
        .iter()
        .map(|t| {
            let (counts, _) = vocab.add_tokens(similarity::tokenize(t));
            vocab.vector(&counts)
        })
        .collect();
        let day = date("2025-06-03");
        let (mut lists, mut chains) = (Blocks::default(), Chains::default());
        let mut top = Vec::new();
        for n in 0..3 * BLOCK_SCAN {
            let start = day + Duration::days((n % 40) as i64);
            let interval = start..start + Duration::days([1, 7, 365][n % 3]);
            let v = vectors[n % vectors.len()].as_ref();
            // Every cluster twice in a row, some lists full.
            lists.add(v, &interval, n / 2);
            v.top_terms(BLOCKING_TERMS, &mut top);
            chains.add(&top, &interval, n / 2);
        }
        let mut compared = 0;
        for part in &lists.parts {
            for (by_month, map) in [(true, &part.monthly), (false, &part.yearly)] {
                for (&(t, key), list) in map {
                    let mut latest: Vec<Posting> = tail(Some(list), BLOCK_SCAN).to_vec();
                    latest.reverse();
                    let chain: Vec<Posting> = chains.latest(t, key, by_month).collect();
                    assert_eq!(chain, latest);
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, chains.heads.len());
        assert!(chains.heads.len() > 10);
        chains.clear();
        assert!(chains.heads.is_empty() && chains.nodes.is_empty());
    }

    #[test]
    fn postings_added_in_parallel_are_those_added_one_by_one() {
        // More additions than one chunk, terms in every part, clusters
        // joined again and again (a list skips a repeated cluster), lists
        // that fill and are cut back, and intervals of a day to a decade.
        let mut vocab = Vocabulary::default();
        let texts: Vec<String> = (0..40)
            .map(|k| {
                // Letters only: distinct words, so distinct terms.
                let word = |n: usize, stem: &str| format!("{stem}{}", (b'a' + n as u8) as char);
                format!(
                    "{} {} {} {} talks Vell",
                    word(k % 26, "harbour"),
                    word(k % 7, "crane"),
                    word(k % 5, "strike"),
                    word(k % 3, "levee")
                )
            })
            .collect();
        let counts: Vec<_> = texts
            .iter()
            .map(|t| vocab.add_tokens(similarity::tokenize(t)).0)
            .collect();
        let vectors: Vec<Vector> = counts.iter().map(|c| vocab.vector(c)).collect();
        let day = date("2025-06-03");
        let additions: Vec<Addition> = (0..ADD_CHUNK + 3 * BLOCK_SCAN + 11)
            .map(|n| {
                let start = day + Duration::days((n % 400) as i64);
                let days = [1, 1, 7, 31, 3653][n % 5];
                Addition {
                    report: (n % vectors.len()) as u32,
                    cluster: (n / 3) as u32,
                    start,
                    end: start + Duration::days(days),
                }
            })
            .collect();
        let mut one_by_one = Blocks::default();
        for a in &additions {
            one_by_one.add(
                vectors[a.report as usize].as_ref(),
                &(a.start..a.end),
                a.cluster as usize,
            );
        }
        let mut parallel = Blocks::default();
        parallel.add_all(|i| vectors[i].as_ref(), &additions);
        assert!(parallel.parts.iter().all(|p| !p.monthly.is_empty()));
        assert_eq!(parallel.parts, one_by_one.parts);
    }

    #[test]
    fn the_event_sharing_the_rare_words_is_found_among_many_candidates() {
        // Many more events of the day than are compared in full, all
        // sharing the common words; the one that shares the rare ones
        // comes last in the greedy order and must still be found.
        let mut docs: Vec<ResolvedArticle> = (0..3 * MAX_CHECKED)
            .map(|k| {
                let (a, b) = (b'a' + (k / 26) as u8, b'a' + (k % 26) as u8);
                let topic = format!("qor{}{}x", a as char, b as char);
                doc(
                    &format!("content/{k:02}.md"),
                    "2025-06-04",
                    &format!("The council discussed the {topic} plan on June 3."),
                    &[("June 3", "2025-06-03")],
                )
            })
            .collect();
        docs.push(doc(
            "content/y.md",
            "2025-06-04",
            "The council discussed the Vell levee repair plan on June 3.",
            &[("June 3", "2025-06-03")],
        ));
        docs.push(doc(
            "content/z.md",
            "2025-06-05",
            "Council members backed the Vell levee repair on June 3.",
            &[("June 3", "2025-06-03")],
        ));
        let t = Timeline::build(&docs);
        let merged: Vec<&Event> = t.events.iter().filter(|e| e.sources.len() > 1).collect();
        assert_eq!(merged.len(), 1, "{:#?}", summary(&docs, &t));
        assert_eq!(merged[0].sources, [docs.len() - 2, docs.len() - 1]);
    }

    #[test]
    fn a_shared_place_name_alone_does_not_merge_two_events_of_a_day() {
        let mut docs = vec![
            doc(
                "content/a.md",
                "2025-06-17",
                "The national government released 40 million crowns in emergency aid on Tuesday, a day after Prime Minister Tomas Hald visited flooded neighbourhoods of Calden.",
                &[("Tuesday", "2025-06-17")],
            ),
            doc(
                "content/b.md",
                "2025-06-19",
                "Agency staff arrived in Calden on Tuesday afternoon.",
                &[("Tuesday", "2025-06-17")],
            ),
        ];
        // Other reports make the town's name rare enough to weigh.
        for (i, text) in [
            "Rain fell on June 1.",
            "The river rose on June 2.",
            "Roads closed on June 3.",
            "Schools shut on June 4.",
        ]
        .iter()
        .enumerate()
        {
            let path = format!("content/z{i}.md");
            docs.push(doc(
                &path,
                "2025-06-20",
                text,
                &[(
                    &text[text.len() - 7..text.len() - 1],
                    &format!("2025-06-0{}", i + 1),
                )],
            ));
        }
        let t = Timeline::build(&docs);
        assert!(
            t.events.iter().all(|e| e.sources.len() == 1),
            "{:#?}",
            summary(&docs, &t)
        );
    }

    #[test]
    fn two_similar_sentences_of_one_article_stay_two_events() {
        let docs = vec![doc(
            "content/a.md",
            "2025-06-24",
            "The ministers of Norland and Ostra spoke in a phone call Monday night. The Norland minister made a Monday visit to Ostra.",
            &[("Monday night", "2025-06-23TNI"), ("Monday", "2025-06-23")],
        )];
        assert_eq!(Timeline::build(&docs).events.len(), 2);
    }

    #[test]
    fn a_month_mention_merges_into_the_day_it_contains_when_content_agrees() {
        let docs = vec![
            doc(
                "content/a.md",
                "2025-06-20",
                "Ostra and Norland signed the river basin agreement on January 12.",
                &[("January 12", "2025-01-12")],
            ),
            doc(
                "content/b.md",
                "2025-07-02",
                "The river basin agreement that Ostra signed in January holds.",
                &[("January", "2025-01")],
            ),
            doc(
                "content/c.md",
                "2025-07-02",
                "Snow fell across Brenmark in January.",
                &[("January", "2025-01")],
            ),
        ];
        let t = Timeline::build(&docs);
        let values: Vec<_> = summary(&docs, &t);
        assert_eq!(t.events.len(), 2, "{values:#?}");
        assert_eq!(
            values[0],
            ("2025-01".into(), "content/c.md".into(), 1),
            "the month-level snow stays apart, first"
        );
        assert_eq!(
            values[1],
            ("2025-01-12".into(), "content/a.md".into(), 2),
            "the agreement takes the day"
        );
    }

    #[test]
    fn incompatible_dates_for_the_same_event_are_kept_and_reported() {
        let docs = vec![
            doc(
                "content/a.md",
                "2025-06-19",
                "The Vell river crested at 6.2 metres in Calden on June 17.",
                &[("June 17", "2025-06-17")],
            ),
            doc(
                "content/b.md",
                "2025-06-30",
                "The Vell river crested at 6.2 metres in Calden on June 18.",
                &[("June 18", "2025-06-18")],
            ),
        ];
        let t = Timeline::build(&docs);
        assert_eq!(t.events.len(), 2, "both dates are kept");
        assert_eq!(t.conflicts.len(), 1);
        assert_eq!((t.conflicts[0].first, t.conflicts[0].second), (0, 1));
    }

    #[test]
    fn a_sentence_with_two_dates_splits_at_its_connective() {
        let docs = vec![doc(
            "content/a.md",
            "2025-06-24",
            "The river rose above its mark on June 13, and the levee broke on June 14.",
            &[("June 13", "2025-06-13"), ("June 14", "2025-06-14")],
        )];
        let t = Timeline::build(&docs);
        assert_eq!(t.events.len(), 2);
        let prose = &docs[0].article.prose;
        assert_eq!(
            &prose[t.events[0].span.clone()],
            "The river rose above its mark on June 13,"
        );
        assert_eq!(
            &prose[t.events[1].span.clone()],
            "and the levee broke on June 14."
        );
    }

    #[test]
    fn the_date_of_a_statement_yields_to_the_date_it_reports() {
        let docs = vec![doc(
            "content/a.md",
            "2025-03-09",
            "Firefighters said on Sunday that the fire that began on March 7 was under control.",
            &[("Sunday", "2025-03-09"), ("March 7", "2025-03-07")],
        )];
        let t = Timeline::build(&docs);
        assert_eq!(t.events.len(), 1);
        assert_eq!(
            docs[0].mention(t.events[0].mention).timex.value,
            "2025-03-07"
        );
    }

    #[test]
    fn relative_dates_in_quotes_do_not_place_events() {
        let docs = vec![doc(
            "content/a.md",
            "2025-06-24",
            "He said: \"Russia stands today on the right side.\" She said: \"The strikes on June 21 were unlawful.\"",
            &[("today", "2025-06-24"), ("June 21", "2025-06-21")],
        )];
        let t = Timeline::build(&docs);
        let values: Vec<_> = summary(&docs, &t).into_iter().map(|s| s.0).collect();
        assert_eq!(values, ["2025-06-21"]);
        assert_eq!(t.undated.len(), 1, "the quoted `today` is kept as undated");
    }

    #[test]
    fn durations_alone_are_undated_not_dropped() {
        let docs = vec![doc(
            "content/a.md",
            "2025-06-24",
            "The pact runs for 20 years. It was signed in January.",
            &[("20 years", "P20Y"), ("January", "2025-01")],
        )];
        let t = Timeline::build(&docs);
        assert_eq!(t.events.len(), 1);
        assert_eq!(t.undated.len(), 1);
        assert_eq!(t.undated[0].sentence, 0);
    }

    #[test]
    fn key_events_are_the_most_reported() {
        let docs = vec![
            doc(
                "content/a.md",
                "2025-06-16",
                "The Vell levee collapsed on June 14. Bakers met on June 10. Choirs sang on June 11.",
                &[
                    ("June 14", "2025-06-14"),
                    ("June 10", "2025-06-10"),
                    ("June 11", "2025-06-11"),
                ],
            ),
            doc(
                "content/b.md",
                "2025-06-17",
                "The Vell levee collapsed on June 14. Painters met on June 12.",
                &[("June 14", "2025-06-14"), ("June 12", "2025-06-12")],
            ),
            doc(
                "content/c.md",
                "2025-06-18",
                "The Vell levee collapsed on June 14. Poets met on June 13.",
                &[("June 14", "2025-06-14"), ("June 13", "2025-06-13")],
            ),
        ];
        let t = Timeline::build(&docs);
        assert_eq!(t.events.len(), 5);
        let top = t
            .events
            .iter()
            .max_by(|a, b| a.salience.total_cmp(&b.salience))
            .unwrap();
        assert_eq!(top.sources.len(), 3);
        assert!(top.key);
        assert_eq!(t.key_events().count(), 3, "max(3, ⌈5/5⌉) key events");
    }
}
