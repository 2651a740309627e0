use dateline::project::{LoadOptions, Project};
use dateline::timeline::similarity::Vocabulary;
fn main() {
    let root = std::env::args().nth(1).unwrap();
    let p = Project::load(std::path::Path::new(&root), &LoadOptions::default()).unwrap();
    let mut texts = Vec::new();
    for e in &p.timeline.events {
        for r in &e.reports {
            texts.push((
                r.placement.start,
                p.docs[r.article()].article.prose[r.span()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ));
        }
    }
    let mut v = Vocabulary::default();
    let c: Vec<_> = texts.iter().map(|t| v.add(&t.1)).collect();
    let vs: Vec<_> = c.iter().map(|c| v.vector(c)).collect();
    for i in 0..texts.len() {
        for j in i + 1..texts.len() {
            let s = vs[i].cosine(&vs[j]);
            if s > 0.05 {
                println!(
                    "{s:.3} | {} {} | {} {}",
                    texts[i].0,
                    &texts[i].1[..50.min(texts[i].1.len())],
                    texts[j].0,
                    &texts[j].1[..50.min(texts[j].1.len())]
                );
            }
        }
    }
}
