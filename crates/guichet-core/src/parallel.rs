//! Applying a pure rule to many items over the machine's cores, keeping their order: campaigns and
//! whole-file assessments judge every household independently.

use std::num::NonZeroUsize;

/// `f` applied to every item, in order, over at most `threads` threads (`None`: every available
/// core). Small inputs stay on the calling thread. A panic in `f` is propagated as such.
pub fn map_in_order<T, R, F>(items: &[T], threads: Option<NonZeroUsize>, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let available = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let threads = threads.map_or(available, NonZeroUsize::get).max(1);
    if threads == 1 || items.len() < 2 * threads {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        let mut all = Vec::with_capacity(items.len());
        for worker in workers {
            match worker.join() {
                Ok(part) => all.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_is_kept_whatever_the_threads() {
        let items: Vec<u64> = (0..1_001).collect();
        let expected: Vec<u64> = items.iter().map(|i| i * i).collect();
        for threads in [1, 2, 3, 8] {
            let got = map_in_order(&items, NonZeroUsize::new(threads), |i| i * i);
            assert_eq!(got, expected, "{threads} threads");
        }
        assert!(map_in_order(&[] as &[u64], None, |i| *i).is_empty());
    }
}
