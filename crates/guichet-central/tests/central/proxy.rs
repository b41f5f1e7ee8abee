//! A connection that drops: a small TCP proxy between the desks and the central office cuts
//! connections at random points (in the request or in the answer); sync still completes, and
//! everything is held once.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use crate::support::{Central, Desk, Lcg};

/// Forwards 127.0.0.1:{port} to `upstream`, cutting every connection after a random number of bytes
/// (up to 30 KB, both directions counted: in a request or in an answer; a desk keeps its connection
/// alive, so a sync's connection carries more than that and is cut several times). Returns the proxy's URL and
/// the count of connections cut.
fn cutting_proxy(upstream: u16) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let cuts = Arc::new(AtomicUsize::new(0));
    let rng = Arc::new(Mutex::new(Lcg::seeded()));
    let counted = Arc::clone(&cuts);
    thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                continue;
            };
            let budget = Some(200 + rng.lock().unwrap().below(30_000) as usize);
            let sent = Arc::new(AtomicUsize::new(0));
            let cut = budget.map(|_| Arc::clone(&counted));
            for (from, to) in [
                (client.try_clone().unwrap(), server.try_clone().unwrap()),
                (server, client),
            ] {
                let sent = Arc::clone(&sent);
                let cut = cut.clone();
                thread::spawn(move || pump(from, to, &sent, budget, cut));
            }
        }
    });
    (format!("http://127.0.0.1:{port}"), cuts)
}

fn pump(
    mut from: TcpStream,
    mut to: TcpStream,
    sent: &AtomicUsize,
    budget: Option<usize>,
    cut: Option<Arc<AtomicUsize>>,
) {
    let mut buffer = [0u8; 1024];
    loop {
        let n = match from.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let total = sent.fetch_add(n, Ordering::SeqCst) + n;
        if let Some(budget) = budget
            && total > budget
        {
            let keep = n.saturating_sub(total - budget);
            let _ = to.write_all(&buffer[..keep]);
            if let Some(cut) = &cut {
                cut.fetch_add(1, Ordering::SeqCst);
            }
            break;
        }
        if to.write_all(&buffer[..n]).is_err() {
            break;
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
}

/// Runs `guichet sync` until it succeeds (as the desk's background sync does), at most `tries`.
fn sync_until_done(desk: &Desk, args: &[&str], tries: usize) -> serde_json::Value {
    let mut all = vec!["sync", "--json"];
    all.extend_from_slice(args);
    for attempt in 1..=tries {
        let run = desk.run(&all);
        if run.code == 0 {
            return run.json();
        }
        eprintln!("sync attempt {attempt} failed: {}", run.stderr);
    }
    panic!("sync never completed through the proxy");
}

#[test]
fn sync_completes_through_a_connection_that_drops() {
    let central = Central::start();
    let (url, cuts) = cutting_proxy(central.port);
    let busy = Desk::with_demo("08", 120);
    let quiet = Desk::new("09");
    // Enrolment goes through the proxy too: an answer lost is asked again and recognised.
    busy.enrol(&central, &url);
    quiet.enrol(&central, &url);

    let local: i64 = busy
        .sql()
        .query_row("SELECT MAX(seq) FROM journal", [], |r| r.get(0))
        .unwrap();
    let pushed = sync_until_done(&busy, &["--batch-size", "10"], 3);
    assert_eq!(pushed["pending"], 0);
    let pulled = sync_until_done(&quiet, &["--page-size", "10"], 3);
    assert_eq!(pulled["pending"], 0);
    let cut = cuts.load(Ordering::SeqCst);
    eprintln!("the proxy cut {cut} connection(s)");
    assert!(cut > 0, "the proxy cut no connection");

    // The central office holds every event of desk 08 once; desk 09 holds them all once too.
    let desks = central.ok(&["desks", "--json"]).json();
    let d08 = &desks["desks"][0];
    assert_eq!(
        (d08["last_seq"].as_i64(), d08["events"].as_i64()),
        (Some(local), Some(local))
    );
    let (count, distinct, max): (i64, i64, i64) = quiet
        .sql()
        .query_row(
            "SELECT COUNT(*), COUNT(DISTINCT seq), MAX(seq) FROM remote_events WHERE desk = 8",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((count, distinct, max), (local, local, local));
}
