//! Running an extractor over a stream of stories, in parallel, in order.
//!
//! Stories are read one at a time on a reader thread and processed in
//! chunks on a rayon pool, while the caller's thread consumes the previous
//! chunk's results; results come back in input order, so output is the same
//! with one thread or many. Only a few chunks of stories are ever held in
//! memory.
//!
//! The caller's thread only borrows each result: a chunk's results go back
//! to the pool in the vector the pool built, to be freed there, among the
//! threads that allocated them, while it extracts a later chunk. Freeing
//! memory another thread allocated costs the allocator several times more,
//! and the caller's thread is the one stage that cannot be spread over
//! cores: it allocates nothing to hand the results back.

use std::sync::mpsc::{self, Receiver, SyncSender};

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

    /// Extracts every story of `items`, lending results to `on_result` in
    /// input order, problems to `on_warning` (in input order too, between
    /// the results) and the running totals to `on_progress` after each
    /// chunk. With `strict`, the first warning stops the run.
    ///
    /// Three stages overlap: a reader thread cuts `items` into chunks, the
    /// worker pool extracts one chunk while the caller's thread hands the
    /// previous chunk's results to `on_result`. Bounded channels between them
    /// keep at most a few chunks in memory; when a stage stops (an error, or
    /// the end), the others see their channel close and stop too. Handled
    /// results go back to the pool, which frees them while it extracts its
    /// next chunk (see the module's notes); `on_result` may move out the
    /// fields it keeps, with [`std::mem::take`].
    ///
    /// # Errors
    ///
    /// The first error of `on_result`, or the first warning under `strict`.
    pub fn run<E>(
        &self,
        items: impl Iterator<Item = Item> + Send,
        strict: bool,
        mut on_result: impl FnMut(&mut StoryResult) -> Result<(), E>,
        on_warning: impl FnMut(&Warning),
        on_progress: impl FnMut(&Stats),
    ) -> Result<Stats, RunError<E>> {
        let handle = |ready: Ready<'_, ()>| match ready {
            Ready::Extracted(r) => on_result(r),
            Ready::Prepared(()) => Ok(()),
        };
        self.drive(items, strict, None, handle, on_warning, on_progress)
    }

    /// Like [`Pipeline::run`], with a step of the caller's own between
    /// extraction and `on_prepared`: `prepare` turns each result into what
    /// `on_prepared` takes (a JSON line, say), and `on_prepared` gets them in
    /// input order.
    ///
    /// With two or more workers, the workers prepare each result as they
    /// extract it, and free it: the caller's thread, the one stage that
    /// cannot be spread over cores, is left with `on_prepared` alone. With
    /// one worker, the caller's thread prepares each result itself, on a
    /// core of its own beside the worker's, which is faster there.
    ///
    /// # Errors
    ///
    /// The first error of `on_prepared`, or the first warning under
    /// `strict`.
    pub fn run_prepared<T: Send, E>(
        &self,
        items: impl Iterator<Item = Item> + Send,
        strict: bool,
        prepare: impl Fn(&StoryResult) -> T + Sync,
        mut on_prepared: impl FnMut(&mut T) -> Result<(), E>,
        on_warning: impl FnMut(&Warning),
        on_progress: impl FnMut(&Stats),
    ) -> Result<Stats, RunError<E>> {
        let on_workers = self.pool.current_num_threads() > 1;
        let handle = |ready: Ready<'_, T>| match ready {
            Ready::Extracted(r) => on_prepared(&mut prepare(r)),
            Ready::Prepared(t) => on_prepared(t),
        };
        let prepare: &(dyn Fn(&StoryResult) -> T + Sync) = &prepare;
        self.drive(
            items,
            strict,
            on_workers.then_some(prepare),
            handle,
            on_warning,
            on_progress,
        )
    }

    /// Runs the three stages of [`Pipeline::run`], with `prepare`, if any,
    /// applied to each result on the workers.
    fn drive<T: Send, E>(
        &self,
        items: impl Iterator<Item = Item> + Send,
        strict: bool,
        prepare: Option<&(dyn Fn(&StoryResult) -> T + Sync)>,
        mut handle: impl FnMut(Ready<'_, T>) -> Result<(), E>,
        mut on_warning: impl FnMut(&Warning),
        mut on_progress: impl FnMut(&Stats),
    ) -> Result<Stats, RunError<E>> {
        let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Chunk<Item>>(1);
        let (done_tx, done_rx) = mpsc::sync_channel::<Chunk<Done<T>>>(1);
        // Unbounded, so that handing results back never waits on the pool,
        // which may itself wait to hand over a chunk; it holds at most the
        // chunks handled while the pool extracted one.
        let (spent_tx, spent_rx) = mpsc::channel::<Vec<Done<T>>>();
        std::thread::scope(|scope| {
            scope.spawn(move || self.read_chunks(items, &chunk_tx));
            scope.spawn(move || {
                for chunk in chunk_rx {
                    let done = self.extract_chunk(chunk, prepare, &spent_rx);
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
            let mut stats = Stats::default();
            for mut chunk in done_rx {
                for done in &mut chunk.items {
                    let ready = match done {
                        Done::Result(r) => Ready::Extracted(r),
                        Done::Prepared(t) => Ready::Prepared(t),
                        Done::Warning(w) => {
                            if strict {
                                return Err(RunError::Strict(w.clone()));
                            }
                            on_warning(w);
                            if w.skipped {
                                stats.skipped += 1;
                            } else {
                                stats.repaired += 1;
                            }
                            continue;
                        }
                    };
                    stats.stories += 1;
                    handle(ready).map_err(RunError::Sink)?;
                }
                stats.bytes += chunk.bytes;
                on_progress(&stats);
                // Once the pool has stopped, the results it did not take are
                // freed as its end of the channel closes.
                let _ = spent_tx.send(chunk.items);
            }
            Ok(stats)
        })
    }

    /// Cuts the input into chunks of at most `self.chunk` stories or 8 MB of
    /// text; stops early when the extraction stage has gone.
    fn read_chunks(&self, items: impl Iterator<Item = Item>, to: &SyncSender<Chunk<Item>>) {
        let mut chunk = Chunk::new(self.chunk);
        for item in items {
            if let Item::Story(story) = &item {
                chunk.stories += 1;
                chunk.bytes +=
                    (story.text.len() + story.title.as_ref().map_or(0, String::len)) as u64;
            }
            chunk.items.push(item);
            if chunk.stories >= self.chunk || chunk.bytes >= CHUNK_BYTES {
                let full = std::mem::replace(&mut chunk, Chunk::new(self.chunk));
                if to.send(full).is_err() {
                    return;
                }
            }
        }
        if !chunk.items.is_empty() {
            let _ = to.send(chunk);
        }
    }

    /// Extracts the stories of one chunk on the pool, keeping their order
    /// and the warnings' places among them; with `prepare`, prepares each
    /// result and frees it as soon as it is made. Frees there, meanwhile,
    /// the results handed back since the last chunk.
    ///
    /// The freeing runs beside the extraction rather than before it, where
    /// the other workers waited for it: freeing a chunk's results takes one
    /// worker a twentieth to a tenth of the time the chunk's extraction
    /// takes (measured at 100 MB with one and two workers).
    fn extract_chunk<T: Send>(
        &self,
        chunk: Chunk<Item>,
        prepare: Option<&(dyn Fn(&StoryResult) -> T + Sync)>,
        spent: &Receiver<Vec<Done<T>>>,
    ) -> Chunk<Done<T>> {
        let spent: Vec<Vec<Done<T>>> = spent.try_iter().collect();
        let extract = move || {
            chunk
                .items
                .into_par_iter()
                .map(|item| match item {
                    Item::Story(story) => {
                        let result = self.extractor.extract(&story);
                        match prepare {
                            Some(prepare) => Done::Prepared(prepare(&result)),
                            None => Done::Result(result),
                        }
                    }
                    Item::Warning(w) => Done::Warning(w),
                })
                .collect()
        };
        let ((), items) = self
            .pool
            .install(move || rayon::join(move || drop(spent), extract));
        Chunk {
            items,
            stories: chunk.stories,
            bytes: chunk.bytes,
        }
    }
}

/// The most story text (title and body) one chunk holds.
const CHUNK_BYTES: u64 = 8 << 20;

/// A run of consecutive input items, passed between the stages.
struct Chunk<T> {
    items: Vec<T>,
    /// Stories among the items.
    stories: usize,
    /// Bytes of their text.
    bytes: u64,
}

impl<T> Chunk<T> {
    fn new(capacity: usize) -> Chunk<T> {
        Chunk {
            items: Vec::with_capacity(capacity),
            stories: 0,
            bytes: 0,
        }
    }
}

/// An input item after extraction.
enum Done<T> {
    /// A result as the extractor made it.
    Result(StoryResult),
    /// A result a worker prepared (and freed).
    Prepared(T),
    Warning(Warning),
}

/// A story's result, as the caller's thread meets it.
enum Ready<'a, T> {
    /// As the extractor made it.
    Extracted(&'a mut StoryResult),
    /// Prepared on a worker.
    Prepared(&'a mut T),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Story;
    use crate::read::Location;

    fn story(i: usize) -> Item {
        Item::Story(Story::new(format!("s{i}"), "Japan and India held talks."))
    }

    fn warning(line: usize, skipped: bool) -> Item {
        Item::Warning(Warning {
            location: Location {
                file: "feed.jsonl".to_owned(),
                line: Some(line),
            },
            message: "not JSON".to_owned(),
            skipped,
        })
    }

    /// Twenty items: stories, with warnings among them, of records skipped
    /// and of records read with a repair.
    fn mixed() -> impl Iterator<Item = Item> {
        (0..20).map(|i| match i % 7 {
            3 => warning(i, true),
            5 => warning(i, false),
            _ => story(i),
        })
    }

    /// What a run should report of `items`, in order: each story's id, and
    /// each warning.
    fn events_of(items: impl Iterator<Item = Item>) -> Vec<String> {
        items
            .map(|item| match item {
                Item::Story(s) => s.id,
                Item::Warning(w) => w.to_string(),
            })
            .collect()
    }

    /// A pipeline with tiny chunks, so that every test crosses chunk borders.
    fn pipeline(ex: &Extractor, threads: usize) -> Pipeline<'_> {
        let mut p = Pipeline::new::<()>(ex, threads).unwrap();
        p.chunk = 3;
        p
    }

    #[test]
    fn results_and_warnings_keep_their_input_order_on_any_thread_count() {
        let ex = Extractor::with_defaults().unwrap();
        let want = events_of(mixed());
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            let events = std::cell::RefCell::new(&mut seen);
            let stats = pipeline(&ex, threads)
                .run(
                    mixed(),
                    false,
                    |r| {
                        events.borrow_mut().push(r.id.clone());
                        Ok::<(), ()>(())
                    },
                    |w| events.borrow_mut().push(w.to_string()),
                    |_| {},
                )
                .unwrap();
            assert_eq!(seen, want, "{threads} threads");
            assert_eq!((stats.stories, stats.skipped, stats.repaired), (14, 3, 3));
        }
    }

    #[test]
    fn prepared_results_keep_their_order_and_are_prepared_where_the_cores_are() {
        let ex = Extractor::with_defaults().unwrap();
        let want = events_of(mixed());
        for threads in [1, 2, 4] {
            let events = std::cell::RefCell::new(Vec::new());
            let stats = pipeline(&ex, threads)
                .run_prepared(
                    mixed(),
                    false,
                    // Which pool thread prepared it, if any.
                    |r| (r.id.clone(), rayon::current_thread_index()),
                    |(id, worker)| {
                        assert_eq!(worker.is_some(), threads > 1, "{threads} threads");
                        events.borrow_mut().push(std::mem::take(id));
                        Ok::<(), ()>(())
                    },
                    |w| events.borrow_mut().push(w.to_string()),
                    |_| {},
                )
                .unwrap();
            assert_eq!(events.into_inner(), want, "{threads} threads");
            assert_eq!((stats.stories, stats.skipped, stats.repaired), (14, 3, 3));
        }
    }

    #[test]
    fn a_handler_may_take_fields_out_of_the_results_it_is_lent() {
        let ex = Extractor::with_defaults().unwrap();
        let want: Vec<String> = (0..10).map(|i| format!("s{i}")).collect();
        for threads in [1, 2] {
            let mut taken = Vec::new();
            pipeline(&ex, threads)
                .run(
                    (0..10).map(story),
                    false,
                    |r| {
                        taken.push(std::mem::take(&mut r.id));
                        Ok::<(), ()>(())
                    },
                    |_| {},
                    |_| {},
                )
                .unwrap();
            assert_eq!(taken, want, "{threads} threads");
        }
    }

    #[test]
    fn a_failing_sink_stops_an_endless_input() {
        let ex = Extractor::with_defaults().unwrap();
        let mut taken = 0;
        let result = pipeline(&ex, 2).run(
            (0..).map(story),
            false,
            |_| {
                taken += 1;
                if taken == 5 { Err("closed") } else { Ok(()) }
            },
            |_| {},
            |_| {},
        );
        assert!(matches!(result, Err(RunError::Sink("closed"))));
        assert_eq!(taken, 5);
    }

    #[test]
    fn strict_stops_at_the_first_warning_after_the_stories_before_it() {
        let ex = Extractor::with_defaults().unwrap();
        let mut ids = Vec::new();
        let input = (0..4)
            .map(story)
            .chain([warning(5, false)])
            .chain((6..).map(story));
        let result = pipeline(&ex, 2).run(
            input,
            true,
            |r| {
                ids.push(r.id.clone());
                Ok::<(), ()>(())
            },
            |_| {},
            |_| {},
        );
        let Err(RunError::Strict(w)) = result else {
            panic!("strict must stop the run")
        };
        assert_eq!(w.location.line, Some(5));
        assert_eq!(ids, ["s0", "s1", "s2", "s3"]);
    }
}
