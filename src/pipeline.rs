//! Running an extractor over a stream of stories, in parallel, in order.
//!
//! Stories are read one at a time and processed in chunks on a rayon pool;
//! results come back in input order, so output is the same with one thread
//! or many. Only a chunk of stories is ever held in memory.

use rayon::prelude::{IntoParallelIterator, ParallelIterator};

use crate::extract::{Extractor, StoryResult};
use crate::read::{Item, Warning};

/// What a run read and skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Stories extracted.
    pub stories: u64,
    /// Bytes of story text (title and body) extracted.
    pub bytes: u64,
    /// Records skipped, with warnings.
    pub skipped: u64,
    /// Warnings about records that were still read.
    pub repaired: u64,
}

/// Runs an extractor over stories.
#[derive(Debug)]
pub struct Pipeline<'a> {
    extractor: &'a Extractor,
    pool: rayon::ThreadPool,
    chunk: usize,
}

/// Why a run stopped early.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError<E> {
    /// The result handler failed (a write error, say).
    #[error(transparent)]
    Sink(E),
    /// A warning under `strict`.
    #[error("{0} (stopping: --strict)")]
    Strict(Warning),
    /// The thread pool could not start.
    #[error("starting worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
}

impl<'a> Pipeline<'a> {
    /// A pipeline on `threads` worker threads (0: one per core).
    ///
    /// # Errors
    ///
    /// When the worker threads cannot start.
    pub fn new<E>(extractor: &'a Extractor, threads: usize) -> Result<Pipeline<'a>, RunError<E>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        Ok(Pipeline {
            extractor,
            pool,
            chunk: 512,
        })
    }

    /// Extracts every story of `items`, handing results to `on_result` in
    /// input order, problems to `on_warning` and the running totals to
    /// `on_progress` after each chunk. With `strict`, the first warning
    /// stops the run.
    ///
    /// # Errors
    ///
    /// The first error of `on_result`, or the first warning under `strict`.
    pub fn run<E>(
        &self,
        items: impl Iterator<Item = Item>,
        strict: bool,
        mut on_result: impl FnMut(StoryResult) -> Result<(), E>,
        mut on_warning: impl FnMut(&Warning),
        mut on_progress: impl FnMut(&Stats),
    ) -> Result<Stats, RunError<E>> {
        let mut stats = Stats::default();
        let mut chunk = Vec::with_capacity(self.chunk);
        let mut chunk_bytes = 0;
        let mut items = items.peekable();
        while items.peek().is_some() {
            for item in items.by_ref() {
                match item {
                    Item::Story(story) => {
                        chunk_bytes +=
                            story.text.len() + story.title.as_ref().map_or(0, String::len);
                        chunk.push(story);
                    }
                    Item::Warning(w) => {
                        if strict {
                            return Err(RunError::Strict(w));
                        }
                        on_warning(&w);
                        if w.skipped {
                            stats.skipped += 1;
                        } else {
                            stats.repaired += 1;
                        }
                    }
                }
                if chunk.len() >= self.chunk || chunk_bytes >= 8 << 20 {
                    break;
                }
            }
            let stories = std::mem::take(&mut chunk);
            let results: Vec<StoryResult> = self.pool.install(|| {
                stories
                    .into_par_iter()
                    .map(|s| self.extractor.extract(&s))
                    .collect()
            });
            stats.stories += results.len() as u64;
            stats.bytes += chunk_bytes as u64;
            chunk_bytes = 0;
            for r in results {
                on_result(r).map_err(RunError::Sink)?;
            }
            on_progress(&stats);
        }
        Ok(stats)
    }
}
