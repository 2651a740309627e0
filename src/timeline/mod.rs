//! The timeline model: from resolved articles to ordered [`Event`]s.
//!
//! [`sentence::split`] cuts each article's prose into sentences; a sentence
//! carrying a resolved DATE or TIME becomes an [`Event`]; sentences whose
//! expressions cannot be placed on the calendar (durations, sets, `PAST_REF`)
//! are kept as [`Undated`]. [`Timeline::build`] orders events totally.

pub mod model;
pub mod sentence;
pub mod similarity;
pub mod summary;

pub use model::{Conflict, Event, Report, ResolvedArticle, Timeline, Undated};
