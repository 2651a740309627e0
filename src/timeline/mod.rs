//! The timeline model: from resolved articles to ordered [`Event`]s.
//!
//! [`sentence::split`] cuts each article's prose into sentences; a sentence
//! carrying a resolved DATE or TIME becomes an [`Event`]; sentences whose
//! expressions cannot be placed on the calendar (durations, sets, `PAST_REF`)
//! are kept as [`Undated`]. [`Timeline::build`] orders events totally. The
//! texts it compares and shows are kept with each [`ResolvedArticle`], so
//! the article's own text can be dropped once it is resolved.
//! `reuse` tells the preview server whether an edited article gives the
//! timeline the same inputs, so that the last timeline still holds;
//! [`tokens`] keeps report tokens from one of its timelines to the next,
//! and `patch` gives it a quick timeline after an edit
//! ([`Timeline::patched`]) to show while the exact one is built.

pub mod article;
pub mod model;
mod patch;
mod reuse;
pub mod sentence;
pub mod similarity;
pub mod summary;
pub mod tokens;

pub use article::ResolvedArticle;
pub use model::{Conflict, Event, Report, Timeline, Undated};
pub use tokens::TokenCache;
