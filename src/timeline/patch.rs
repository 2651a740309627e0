//! A quick timeline for the preview server, while the exact one is built.
//!
//! An edit that adds or changes a dated sentence changes the timeline's
//! inputs, and the exact timeline must then be built again whole: every
//! TF-IDF weight depends on the number of reports and on how many carry
//! each word, so one new sentence can move a merge anywhere. At 10,000
//! articles that takes about a second. [`Timeline::patched`] instead
//! takes the last timeline and replaces only what the edited articles
//! gave it, in milliseconds:
//!
//! - a report whose sentence (its text and its date) the article still
//!   has stays in the event it was in;
//! - a new or changed dated sentence becomes an event of its own (the
//!   exact merge may then join it to another article's event);
//! - a report the article no longer has leaves its event, and an event
//!   left without reports goes;
//! - events that changed are made again (primary, sources, salience), all
//!   are put in the timeline's total order and key events are chosen
//!   again; conflicts are kept between the events that are still there;
//!   the edited articles' undated sentences are taken anew.
//!
//! The server shows this timeline at once and then the exact one
//! ([`crate::serve`]); they differ only where the exact merge would join
//! or part events differently.

use std::collections::HashMap;

use crate::resolve::Placement;
#[cfg(test)]
use chrono::NaiveDate;

use super::article::{ResolvedArticle, collect_undated};
use super::model::{ArticleOrder, Conflict, Event, Report, Timeline, compare, event_of};
use super::model::{mark_key_events, permute};

impl Timeline {
    /// This timeline with the articles of `edited` replaced by their new
    /// versions in `docs` (see the module's overview): each entry is an
    /// article's index in `docs` with the article as this timeline was
    /// built from. `docs` must hold the same articles, in the same order,
    /// as this timeline's.
    pub fn patched(
        &self,
        docs: &[ResolvedArticle],
        edited: &[(usize, &ResolvedArticle)],
    ) -> Timeline {
        let ranks = ArticleOrder::new(docs);
        let mut old_of: Vec<Option<&ResolvedArticle>> = vec![None; docs.len()];
        for &(a, old) in edited {
            old_of[a] = Some(old);
        }
        // Each event's reports of other articles, and where each report of
        // an edited article was: by its article, text and date.
        let mut groups: Vec<(Vec<Report>, bool)> = Vec::with_capacity(self.events.len());
        let mut was: HashMap<(usize, &str, Placement), usize> = HashMap::new();
        for (e, event) in self.events.iter().enumerate() {
            // Most events are not the edited articles': nothing to copy.
            if event.reports.iter().all(|r| old_of[r.article()].is_none()) {
                groups.push((Vec::new(), false));
                continue;
            }
            let mut kept = Vec::new();
            for r in &event.reports {
                match old_of[r.article()] {
                    None => kept.push(r.clone()),
                    Some(old) => {
                        if let Some(text) = old.article.prose.get(r.span()) {
                            was.entry((r.article(), text, r.placement)).or_insert(e);
                        }
                    }
                }
            }
            groups.push((kept, true));
        }
        // The edited articles' reports now: back in their event when the
        // same sentence was there, else an event each.
        let mut alone: Vec<Report> = Vec::new();
        for &(a, _) in edited {
            let doc = &docs[a];
            for found in doc.found_reports() {
                let report = Report {
                    article: u32::try_from(a).expect("fewer than 2^32 articles"),
                    sentence: found.sentence,
                    mention: found.mention,
                    span: found.span.clone(),
                    placement: found.placement,
                };
                let text = doc.article.prose.get(report.span());
                match text.and_then(|t| was.remove(&(a, t, report.placement))) {
                    Some(e) => groups[e].0.push(report),
                    None => alone.push(report),
                }
            }
        }
        // The events, each with the index of the old event it continues.
        let mut events: Vec<(Event, Option<usize>)> =
            Vec::with_capacity(self.events.len() + alone.len());
        for (e, (mut reports, touched)) in groups.into_iter().enumerate() {
            if !touched {
                events.push((self.events[e].clone(), Some(e)));
            } else if !reports.is_empty() {
                reports.sort_by(|a, b| ranks.cmp_reports(a, b));
                let mut event = event_of(&ranks, reports.iter().cloned());
                event.reports = reports;
                events.push((event, Some(e)));
            }
        }
        for report in alone {
            let mut event = event_of(&ranks, std::iter::once(report.clone()));
            event.reports = vec![report];
            events.push((event, None));
        }
        let mut order: Vec<usize> = (0..events.len()).collect();
        order.sort_by(|&x, &y| compare(&ranks, &events[x].0, &events[y].0));
        permute(&mut events, &order);
        let mut position = vec![None; self.events.len()];
        for (pos, (_, old)) in events.iter().enumerate() {
            if let Some(old) = *old {
                position[old] = Some(pos);
            }
        }
        let mut conflicts: Vec<Conflict> = self
            .conflicts
            .iter()
            .filter_map(|c| {
                let (x, y) = (position[c.first]?, position[c.second]?);
                Some(Conflict {
                    first: x.min(y),
                    second: x.max(y),
                    similarity: c.similarity,
                })
            })
            .collect();
        conflicts.sort_by_key(|c| (c.first, c.second));
        let mut events: Vec<Event> = events.into_iter().map(|(e, _)| e).collect();
        for e in &mut events {
            e.key = false;
        }
        mark_key_events(&mut events);
        let mut undated: Vec<_> = self
            .undated
            .iter()
            .filter(|u| old_of[u.article].is_none())
            .cloned()
            .collect();
        for &(a, _) in edited {
            undated.extend(
                collect_undated(std::slice::from_ref(&docs[a]))
                    .into_iter()
                    .map(|u| super::Undated { article: a, ..u }),
            );
        }
        ranks.sort_undated(&mut undated);
        Timeline {
            events,
            undated,
            conflicts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceFile;

    /// An article at `path`, dated 24 June 2025, resolved for real.
    fn doc(path: &str, body: &str) -> ResolvedArticle {
        let text = format!("+++\ntitle = \"{path}\"\ndate = 2025-06-24\n+++\n{body}\n");
        let article = crate::content::article::parse(SourceFile {
            path: path.into(),
            text,
        })
        .unwrap();
        ResolvedArticle::new(article)
    }

    const LEVEE: &str = "The Vell levee collapsed in Calden on June 21 after days of rain.";

    fn site(a: &str) -> Vec<ResolvedArticle> {
        vec![
            doc("a.md", a),
            doc(
                "b.md",
                &format!("{LEVEE} The talks lasted two weeks, officials said."),
            ),
            doc(
                "c.md",
                "Firefighters contained the Kestrel warehouse blaze on June 19.",
            ),
        ]
    }

    /// Each event as (its date, its primary's article, its sources).
    fn shape(docs: &[ResolvedArticle], t: &Timeline) -> Vec<(String, String, Vec<String>)> {
        let path = |a: usize| docs[a].article.path.display().to_string();
        t.events
            .iter()
            .map(|e| {
                (
                    docs[e.article].mention(e.mention).timex.value,
                    path(e.article),
                    e.sources.iter().map(|&s| path(s)).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn an_edit_that_the_exact_merge_agrees_with_gives_the_exact_timeline() {
        let before = site(&format!(
            "{LEVEE} Donors pledged flood aid to Calden on June 22. The talks lasted two weeks."
        ));
        let last = Timeline::build(&before);
        assert_eq!(
            shape(&before, &last)[1],
            (
                "2025-06-21".into(),
                "a.md".into(),
                vec!["a.md".into(), "b.md".into()]
            ),
            "the levee is one event of two articles"
        );
        // The levee sentence stays; the pledge moves a day; a sentence
        // comes; the undated one goes.
        let after = site(&format!(
            "{LEVEE} Donors pledged flood aid to Calden on June 23. The harbour of Port Alder reopened on June 25."
        ));
        let quick = last.patched(&after, &[(0, &before[0])]);
        assert_eq!(quick, Timeline::build(&after));
        assert_eq!(
            shape(&after, &quick),
            [
                ("2025-06-19".into(), "c.md".into(), vec!["c.md".into()]),
                (
                    "2025-06-21".into(),
                    "a.md".into(),
                    vec!["a.md".into(), "b.md".into()]
                ),
                ("2025-06-23".into(), "a.md".into(), vec!["a.md".into()]),
                ("2025-06-25".into(), "a.md".into(), vec!["a.md".into()]),
            ]
        );
        assert_eq!(quick.undated.len(), 1, "only b's undated sentence is left");
    }

    #[test]
    fn a_sentence_taken_out_leaves_its_event_to_the_other_articles() {
        let before = site(LEVEE);
        let last = Timeline::build(&before);
        let after = site("Residents waited for news on June 20.");
        let quick = last.patched(&after, &[(0, &before[0])]);
        let shape = shape(&after, &quick);
        assert!(
            shape.contains(&("2025-06-21".into(), "b.md".into(), vec!["b.md".into()])),
            "b is the levee's only source and its primary now: {shape:?}"
        );
        assert!(
            shape
                .iter()
                .any(|(v, a, _)| v == "2025-06-20" && a == "a.md")
        );
        assert_eq!(quick, Timeline::build(&after));
    }

    #[test]
    fn a_changed_sentence_is_an_event_of_its_own_until_the_exact_merge() {
        let before = site("Residents waited for news on June 21.");
        let last = Timeline::build(&before);
        // a now tells the levee's collapse in b's words: the exact merge
        // joins them, the quick timeline leaves a's sentence alone.
        let after = site(LEVEE);
        let quick = last.patched(&after, &[(0, &before[0])]);
        let exact = Timeline::build(&after);
        let levee = |t: &Timeline| {
            t.events
                .iter()
                .filter(|e| e.placement.start == NaiveDate::from_ymd_opt(2025, 6, 21).unwrap())
                .map(|e| e.sources.len())
                .collect::<Vec<_>>()
        };
        assert_eq!(levee(&exact), [2]);
        assert_eq!(levee(&quick), [1, 1]);
        // Still in the timeline's total order, with its key events.
        assert!(
            quick
                .events
                .windows(2)
                .all(|w| w[0].placement.sort_key() <= w[1].placement.sort_key())
        );
        assert_eq!(quick.key_events().count(), 3);
    }

    #[test]
    fn conflicts_follow_their_events_to_their_new_places() {
        let blaze = |day: u32| {
            format!(
                "Firefighters contained the Kestrel warehouse blaze in the port district on June {day}."
            )
        };
        let docs = |c: &str| {
            vec![
                doc("a.md", &blaze(19)),
                doc("b.md", &blaze(20)),
                doc("c.md", c),
            ]
        };
        let before = docs(LEVEE);
        let last = Timeline::build(&before);
        // c gains an event before both: the conflict's events move on.
        let after = docs(&format!(
            "Donors pledged flood aid to Calden on June 10. {LEVEE}"
        ));
        let quick = last.patched(&after, &[(2, &before[2])]);
        let pairs = |t: &Timeline| {
            t.conflicts
                .iter()
                .map(|c| (t.events[c.first].article, t.events[c.second].article))
                .collect::<Vec<_>>()
        };
        assert_eq!(pairs(&last), [(0, 1)]);
        assert_eq!(last.conflicts[0].first, 0);
        assert_eq!(quick.conflicts[0].first, 1);
        assert_eq!(pairs(&quick), pairs(&Timeline::build(&after)));
    }
}
