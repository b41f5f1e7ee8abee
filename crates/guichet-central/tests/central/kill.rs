//! A desk killed (SIGKILL) at random points of its sync, again and again, and the central office
//! killed and restarted in the middle of one: at the end the central office holds every event of
//! the desk exactly once, and every voucher number exactly once.

use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::Duration;

use crate::support::{Central, Desk, Lcg};

const KILLS: usize = 20;

fn local_last_seq(desk: &Desk) -> i64 {
    desk.sql()
        .query_row("SELECT MAX(seq) FROM journal", [], |r| r.get(0))
        .unwrap()
}

fn pending(desk: &Desk) -> i64 {
    desk.sql()
        .query_row("SELECT COUNT(*) FROM journal WHERE acked = 0", [], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn killed_desk_and_restarted_central_lose_nothing_and_store_nothing_twice() {
    let mut central = Central::start();
    let desk = Desk::with_demo("05", 300);
    desk.ok(&[
        "campaign",
        "--scheme",
        "PL",
        "--year",
        "2026",
        "--on",
        "2026-03-10",
        "--pdf",
        &desk.pdf("pl.pdf"),
    ]);
    desk.enrol(&central, &central.url);
    let mut rng = Lcg::seeded();

    let mut kills = 0;
    let mut rounds = 0;
    // The longest wait before a kill, in ms: shortened whenever a sync ends before its kill, so that
    // the kills keep falling inside pushes whatever the speed of the machine.
    let mut longest = 150;
    // Kills that fell inside a push: some events acknowledged, some still waiting.
    let mut inside_push = 0;
    while kills < KILLS {
        rounds += 1;
        assert!(rounds < 200, "the sync always finished before the kill");
        if pending(&desk) < 40 {
            // More work at the desk, so that the next kills fall in a push.
            for n in 0..5 {
                desk.ok(&["agent", "add", &format!("Agent {n} du tour {rounds}")]);
            }
            if rounds == 3 {
                desk.ok(&[
                    "campaign",
                    "--scheme",
                    "CL",
                    "--year",
                    "2026",
                    "--on",
                    "2026-03-10",
                    "--pdf",
                    &desk.pdf("cl.pdf"),
                ]);
            }
        }
        let before = pending(&desk);
        let mut child = desk
            .command(&["sync", "--batch-size", "2"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(1 + rng.below(longest)));
        if child.try_wait().unwrap().is_none() {
            // std's kill is SIGKILL on Unix: no cleanup runs.
            child.kill().unwrap();
            child.wait().unwrap();
            kills += 1;
            let after = pending(&desk);
            if after > 0 && after < before {
                inside_push += 1;
            }
        } else {
            longest = (longest * 2 / 3).max(4);
        }
        child.wait().unwrap();
    }

    assert!(
        inside_push >= KILLS / 4,
        "only {inside_push} of {kills} kills fell inside a push"
    );

    // More work, then the central office dies and comes back in the middle of a sync.
    for n in 0..30 {
        desk.ok(&["agent", "add", &format!("Renfort {n}")]);
    }
    let child = desk
        .command(&["sync", "--json", "--batch-size", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(40 + rng.below(60)));
    central.restart();
    let out = child.wait_with_output().unwrap();
    // The retries with backoff normally ride over the restart; if the desk gave up (exit 4,
    // offline), the next sync finishes the work.
    assert!(
        matches!(out.status.code(), Some(0 | 4)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = desk.ok(&["sync", "--json"]).json();
    assert_eq!(last["pending"], 0, "{last}");

    let local = local_last_seq(&desk);
    let db = rusqlite::Connection::open(&central.db).unwrap();
    let (count, distinct, max): (i64, i64, i64) = db
        .query_row(
            "SELECT COUNT(*), COUNT(DISTINCT seq), MAX(seq) FROM events WHERE desk = 5",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((count, distinct, max), (local, local, local));
    let twice: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM (SELECT json_extract(payload, '$.number') AS n FROM events
                 WHERE event = 'voucher_issued' GROUP BY n HAVING COUNT(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(twice, 0, "a voucher number was stored twice");
    let at_central: BTreeSet<String> = db
        .prepare(
            "SELECT json_extract(payload, '$.number') FROM events WHERE event = 'voucher_issued'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let at_desk: BTreeSet<String> = desk
        .sql()
        .prepare("SELECT number FROM vouchers")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(at_desk.len() > 50, "{} vouchers", at_desk.len());
    assert_eq!(at_central, at_desk);
    // The desk's chain state matches: every event hashed once, all acknowledged.
    let hashed: i64 = desk
        .sql()
        .query_row("SELECT COUNT(*) FROM sync_chain", [], |r| r.get(0))
        .unwrap();
    assert_eq!(hashed, local);
    eprintln!(
        "{kills} kills in {rounds} rounds; {local} events, {} vouchers",
        at_desk.len()
    );
}
