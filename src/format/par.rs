//! The files of a set on more than one thread, with results that never depend on scheduling.
//!
//! Loading is most of the time of a command over large files (two 20 MB positions: reading
//! and parsing each is independent of the other, and so is compiling each against the one
//! vocabulary). Each job's result goes to its job's place, so the caller sees them in the
//! order of its files, whichever thread ran which job and whenever it finished: diagnostics,
//! warnings and models come out byte for byte as on one thread.

use std::sync::{Condvar, Mutex, PoisonError};

/// How many threads to use for `jobs` jobs when at most `limit` are asked for: never more
/// than the machine runs at once or than there are jobs, and at least one (the caller's).
pub(crate) fn threads_for(limit: usize, jobs: usize) -> usize {
    let available = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    limit.min(available).min(jobs).max(1)
}

/// `f` over `items`, on up to `threads` threads (the calling one among them), each with its
/// own state from `init` (a reading buffer); the results in the items' order.
///
/// The jobs are taken one by one from a shared queue, so a thread that finishes a small file
/// takes the next one. With one thread, or one job, or should no thread start, everything
/// runs on the calling thread, in order.
pub(crate) fn map_with<T, S, R>(
    threads: usize,
    items: Vec<T>,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, T) -> R + Sync,
) -> Vec<R>
where
    T: Send,
    R: Send,
{
    let threads = threads_for(threads, items.len());
    if threads <= 1 {
        let mut state = init();
        return items.into_iter().map(|x| f(&mut state, x)).collect();
    }
    let len = items.len();
    let queue = Mutex::new(items.into_iter().enumerate());
    let work = || {
        let mut state = init();
        let mut done = Vec::new();
        loop {
            // A poisoned lock means another worker panicked; the scope re-raises that panic.
            let next = match queue.lock() {
                Ok(mut q) => q.next(),
                Err(_) => None,
            };
            let Some((i, x)) = next else { break };
            done.push((i, f(&mut state, x)));
        }
        done
    };
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(len).collect();
    std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(s, work).ok())
            .collect();
        // The calling thread works too: should no helper start, it does every job.
        for (i, r) in work() {
            slots[i] = Some(r);
        }
        for h in helpers {
            match h.join() {
                Ok(done) => {
                    for (i, r) in done {
                        slots[i] = Some(r);
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    // Every job was taken by exactly one worker, and every worker has been joined.
    slots.into_iter().flatten().collect()
}

/// Lays out `items` in batches of `batch` on up to `threads` threads (the calling one among
/// them), each batch into a buffer by `lay_out(state, index of its first item, batch, buffer)`
/// (the buffer comes empty), and hands the buffers to `write` in the items' order: the bytes
/// written are the same on any number of threads, the batches' edges wherever they fall.
///
/// The helpers are started once and claim batches in order, at most `2 × threads` ahead of the
/// one written next, so only that many batches' bytes are held, in buffers reused as they are
/// written. The calling thread writes them, and claims and lays out batches too while the one
/// due is not ready: on a busy machine, where a helper may not get a core for a while, it waits
/// only when a helper is laying out the batch due and the window is full, never for a helper
/// to start or to end.
pub(crate) fn write_in_order<T, S>(
    threads: usize,
    items: &[T],
    batch: usize,
    init: impl Fn() -> S + Sync,
    lay_out: impl Fn(&mut S, usize, &[T], &mut Vec<u8>) + Sync,
    mut write: impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()>
where
    T: Sync,
{
    let batch = batch.max(1);
    let batches = items.len().div_ceil(batch);
    let part = |k: usize| &items[k * batch..((k + 1) * batch).min(items.len())];
    let threads = threads_for(threads, batches);
    let (mut state, mut own) = (init(), Vec::new());
    if threads <= 1 {
        for k in 0..batches {
            own.clear();
            lay_out(&mut state, k * batch, part(k), &mut own);
            write(&own)?;
        }
        return Ok(());
    }
    let window = 2 * threads;
    let hand = Mutex::new(Hand::default());
    let turn = Condvar::new();
    let lock = || hand.lock().unwrap_or_else(PoisonError::into_inner);
    let helper = || {
        // Should laying out panic, the calling thread is told, so that it does not wait for a
        // batch that will never come; the scope then raises the panic.
        let _told = Told(&hand, &turn);
        let mut state = init();
        loop {
            let (k, mut buf) = {
                let mut h = lock();
                loop {
                    if h.stop || h.next >= batches {
                        return;
                    }
                    if h.next < h.written + window {
                        break;
                    }
                    h = turn.wait(h).unwrap_or_else(PoisonError::into_inner);
                }
                h.next += 1;
                (h.next - 1, h.spare.pop().unwrap_or_default())
            };
            buf.clear();
            lay_out(&mut state, k * batch, part(k), &mut buf);
            lock().ready.push((k, buf));
            turn.notify_all();
        }
    };
    std::thread::scope(|s| {
        // Should the calling thread panic, the helpers stop, so that the scope can join them.
        let _told = Told(&hand, &turn);
        for _ in 1..threads {
            // A helper that does not start leaves its batches to the calling thread.
            let _ = std::thread::Builder::new().spawn_scoped(s, helper);
        }
        let mut result = Ok(());
        for k in 0..batches {
            let mut h = lock();
            let laid = loop {
                if let Some(at) = h.ready.iter().position(|(j, _)| *j == k) {
                    break Some(h.ready.swap_remove(at).1);
                }
                if h.next == k || h.broken {
                    h.next = h.next.max(k + 1);
                    break None;
                }
                // A helper is laying out batch `k`: lay out the next one meanwhile, if the
                // window has room, else wait.
                if h.next < (k + window).min(batches) {
                    let j = h.next;
                    h.next += 1;
                    let mut buf = h.spare.pop().unwrap_or_default();
                    drop(h);
                    buf.clear();
                    lay_out(&mut state, j * batch, part(j), &mut buf);
                    h = lock();
                    h.ready.push((j, buf));
                    continue;
                }
                h = turn.wait(h).unwrap_or_else(PoisonError::into_inner);
            };
            drop(h);
            let written = match &laid {
                Some(buf) => write(buf),
                None => {
                    own.clear();
                    lay_out(&mut state, k * batch, part(k), &mut own);
                    write(&own)
                }
            };
            let mut h = lock();
            h.written = k + 1;
            h.spare.extend(laid);
            if written.is_err() {
                h.stop = true;
                result = written;
            }
            drop(h);
            turn.notify_all();
            if result.is_err() {
                break;
            }
        }
        lock().stop = true;
        turn.notify_all();
        result
    })
}

/// What the threads of [`write_in_order`] share: which batch is claimed next, how many are
/// written, the laid-out batches not yet written (at most a window's), and spare buffers.
#[derive(Default)]
struct Hand {
    next: usize,
    written: usize,
    ready: Vec<(usize, Vec<u8>)>,
    spare: Vec<Vec<u8>>,
    /// The writing ended (done, or `write` failed): helpers stop claiming.
    stop: bool,
    /// A helper panicked: the calling thread no longer waits for claimed batches.
    broken: bool,
}

/// Tells the other threads of [`write_in_order`] when one unwinds: no thread then waits for
/// another, and the scope joins them all and raises the panic.
struct Told<'a>(&'a Mutex<Hand>, &'a Condvar);

impl Drop for Told<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut h = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            (h.broken, h.stop) = (true, true);
            drop(h);
            self.1.notify_all();
        }
    }
}

/// [`map_with`] without per-thread state.
pub(crate) fn map<T, R>(threads: usize, items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R>
where
    T: Send,
    R: Send,
{
    map_with(threads, items, || (), |(), x| f(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..200).collect();
        // Uneven jobs, so that the threads finish out of order.
        let slow = |x: u64| (0..(x % 7) * 5_000).fold(x, |a, b| a.wrapping_mul(31).wrapping_add(b)) % 2 + x * 2;
        let one = map(1, items.clone(), slow);
        for threads in [2, 3, 8] {
            assert_eq!(map(threads, items.clone(), slow), one);
        }
        assert_eq!(one.len(), 200);
        assert!(map(2, Vec::<u8>::new(), |x| x).is_empty());
    }

    #[test]
    fn each_thread_has_its_own_state() {
        // Each job sees a buffer of its thread only: cleared and filled by this job alone.
        let out = map_with(2, (0..50u8).collect(), Vec::new, |buf: &mut Vec<u8>, x| {
            buf.clear();
            buf.extend(std::iter::repeat_n(x, usize::from(x) * 100));
            buf.iter().all(|&b| b == x) && buf.len() == usize::from(x) * 100
        });
        assert!(out.into_iter().all(|ok| ok));
    }

    /// Batches laid out on threads are written in the items' order, whatever the batch size
    /// and the number of threads; a failed write stops the writing.
    #[test]
    fn batches_are_written_in_order() {
        let items: Vec<u32> = (0..1000).collect();
        let lay_out = |calls: &mut usize, first: usize, part: &[u32], buf: &mut Vec<u8>| {
            assert!(buf.is_empty());
            *calls += 1;
            for (k, x) in part.iter().enumerate() {
                assert_eq!(*x as usize, first + k);
                buf.extend_from_slice(format!("{x},").as_bytes());
            }
        };
        let expected: String = items.iter().map(|x| format!("{x},")).collect();
        for threads in [0, 1, 2, 3] {
            for batch in [0, 1, 7, 999, 1000, 5000] {
                let mut out = Vec::new();
                write_in_order(
                    threads,
                    &items,
                    batch,
                    || 0,
                    lay_out,
                    |b| {
                        out.extend_from_slice(b);
                        Ok(())
                    },
                )
                .unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), expected, "{threads} {batch}");
            }
            let mut writes = 0;
            let failed = write_in_order(
                threads,
                &items,
                10,
                || 0,
                lay_out,
                |_| {
                    writes += 1;
                    Err(std::io::Error::other("closed"))
                },
            );
            assert!(failed.is_err() && writes == 1);
        }
    }

    /// A batch that panics, on whichever thread lays it out, raises the panic; nothing waits
    /// for it forever.
    #[test]
    fn a_panic_in_a_batch_is_raised_not_waited_for() {
        let items: Vec<u32> = (0..64).collect();
        for threads in [1, 2, 3] {
            for bad in [0, 1, 5, 63] {
                let raised = std::panic::catch_unwind(|| {
                    write_in_order(
                        threads,
                        &items,
                        1,
                        || (),
                        |(), first, _, buf: &mut Vec<u8>| {
                            assert_ne!(first, bad, "batch {bad}");
                            buf.push(0);
                        },
                        |_| Ok(()),
                    )
                });
                assert!(raised.is_err(), "{threads} {bad}");
            }
        }
    }

    #[test]
    fn never_more_threads_than_jobs_or_asked() {
        assert_eq!(threads_for(2, 1), 1);
        assert_eq!(threads_for(1, 5), 1);
        assert_eq!(threads_for(0, 5), 1);
        assert!(threads_for(2, 5) <= 2);
        assert_eq!(threads_for(8, 0), 1);
    }
}
