//! Keeping and sharing maps, natively: the share-link codec, the library's
//! saved envelopes and revisions, and the CSV of steps.

use takt::analysis::analyze;
use takt::analysis::forecast::{forecast_report, standard_forecast};
use takt::io::library::{self, Entry, Header, Thumbnail};
use takt::io::link::{self, LinkError};
use takt::io::{self, csv, examples};
use takt::model::ElementKind;

fn example(key: &str) -> takt::model::Document {
    io::load(examples::example(key).unwrap().json).unwrap()
}

#[test]
fn a_link_round_trips_every_example() {
    for e in examples::EXAMPLES {
        let document = example(e.key);
        let payload = link::encode(&document);
        assert!(
            payload
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(link::decode(&payload).unwrap(), document, "{}", e.key);
        // Compression pays: the link is much shorter than the file.
        assert!(payload.len() * 2 < io::save(&document).len(), "{}", e.key);
    }
}

#[test]
fn garbage_links_are_refused_with_a_reason() {
    assert_eq!(link::decode("abc$def"), Err(LinkError::NotBase64(3)));
    assert_eq!(link::decode("AAAA"), Err(LinkError::NotDeflate));
    let payload = link::encode(&example("manufacturing"));
    let cut = &payload[..payload.len() / 2];
    assert!(matches!(link::decode(cut), Err(LinkError::NotDeflate)));
    // Valid deflate of text that is not a Takt map: refused by the loader, located.
    let not_a_map = miniz_oxide::deflate::compress_to_vec(b"{\"format\":\"other\"}", 6);
    let text = link::decode(&base64(&not_a_map)).unwrap_err().to_string();
    assert!(
        text.starts_with("the map in the link is not valid: $"),
        "{text}"
    );
}

#[test]
fn a_link_is_capped_before_and_after_unpacking() {
    let long = "A".repeat(link::MAX_LINK_CHARS + 1);
    assert_eq!(link::decode(&long), Err(LinkError::TooLong(long.len())));
    // A small bomb: 30 MB of spaces packs into a few kilobytes and must not be unpacked whole.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 30 * 1024 * 1024], 9);
    let payload = base64(&bomb);
    assert!(payload.len() < 100_000);
    assert_eq!(link::decode(&payload), Err(LinkError::TooLarge));
}

/// base64url without padding, written independently of the codec under test.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = String::new();
    for b in bytes {
        bits.push_str(&format!("{b:08b}"));
    }
    bits.as_bytes()
        .chunks(6)
        .map(|c| {
            let mut v = 0;
            for (i, bit) in c.iter().enumerate() {
                v |= usize::from(*bit == b'1') << (5 - i);
            }
            A[v] as char
        })
        .collect()
}

/// The localStorage of a browser where the Takt that kept maps there saved two
/// (written by that version itself: tests/e2e/fixtures/legacy-library.json).
fn legacy_library() -> Vec<(String, String)> {
    let text = include_str!("e2e/fixtures/legacy-library.json");
    let fixture: serde_json::Value = serde_json::from_str(text).unwrap();
    fixture["local_storage"]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(key, value)| {
            let id = key.strip_prefix(library::LEGACY_DOCUMENT_PREFIX)?;
            Some((id.to_string(), value.as_str().unwrap().to_string()))
        })
        .collect()
}

#[test]
fn maps_kept_by_an_earlier_takt_move_over_whole() {
    let saved = legacy_library();
    assert_eq!(saved.len(), 2);
    let moved = library::from_legacy(saved.clone());
    for ((id, text), (moved_id, (header, body), entry)) in saved.iter().zip(&moved) {
        assert_eq!(id, moved_id);
        let envelope: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(header.rev, envelope["rev"].as_u64().unwrap());
        assert_eq!(header.saved, envelope["saved"].as_f64().unwrap());
        // The document is carried byte for byte, and reads as the one saved.
        let document = io::load(body).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(body).unwrap(),
            envelope["document"]
        );
        assert_eq!(entry.title, document.title);
        assert_eq!(entry.modified, header.saved);
        assert!(entry.maps > 0);
    }
    // The incident map with its edit (triage 17 min) is there.
    let incident = moved
        .iter()
        .find(|(_, _, e)| e.title.contains("incident"))
        .expect("the incident map");
    assert!(incident.1.1.contains("\"value\": 17"));
    assert!(incident.2.figures.starts_with("lead time "));
}

#[test]
fn a_damaged_legacy_copy_is_moved_as_it_is_and_listed_as_damaged() {
    let mut saved = legacy_library();
    let (id, text) = saved.remove(0);
    let cut = text[..text.len() / 2].to_string();
    let not_json =
        "{\"rev\": 2, \"by\": \"tab\", \"saved\": 5, \"document\": {\"format\": 1}}".to_string();
    let moved = library::from_legacy(vec![
        (id.clone(), cut.clone()),
        ("x".into(), not_json.clone()),
    ]);
    // Cut short: not even an envelope, so the whole text is kept as it was.
    assert_eq!(moved[0].1.1, cut);
    assert_eq!(moved[0].2, Entry::damaged(&id, 0.0));
    // An envelope around a document the loader refuses: header kept, document kept, listed damaged.
    assert_eq!(moved[1].1.0.rev, 2);
    assert_eq!(moved[1].1.1, "{\"format\": 1}");
    assert_eq!(moved[1].2.maps, 0);
}

#[test]
fn an_open_list_keeps_its_order_and_puts_a_copy_after_its_source() {
    let document = example("manufacturing");
    let ids = |list: Vec<&Entry>| list.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    let opened: Vec<String> = ["c", "b", "a"].map(String::from).to_vec();
    // "a" saved since: newest first would put it on top; the open list keeps it last.
    let mut index = Vec::new();
    for (id, t) in [("c", 30.0), ("b", 20.0), ("a", 40.0)] {
        index = library::upsert(index, Entry::of(id, &document, t));
    }
    let none = std::collections::HashMap::new();
    assert_eq!(
        ids(library::kept_order(&opened, &index, &none)),
        ["c", "b", "a"]
    );
    // A copy of "c" and a map from another tab arrive; "b" is deleted.
    index = library::upsert(index, Entry::of("c2", &document, 50.0));
    index = library::upsert(index, Entry::of("x", &document, 45.0));
    index.retain(|e| e.id != "b");
    let copied = std::collections::HashMap::from([("c2".to_string(), "c".to_string())]);
    assert_eq!(
        ids(library::kept_order(&opened, &index, &copied)),
        ["c", "c2", "a", "x"]
    );
    // Opened again, the list is newest first.
    assert_eq!(
        index.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["c2", "x", "a", "c"]
    );
}

#[test]
fn the_index_keeps_one_entry_per_document_newest_first() {
    let document = example("manufacturing");
    let a = Entry::of("a", &document, 10.0);
    let b = Entry::of("b", &document, 20.0);
    let index = library::upsert(library::upsert(Vec::new(), a.clone()), b);
    assert_eq!(
        index.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["b", "a"]
    );
    let index = library::upsert(index, Entry::of("a", &document, 30.0));
    assert_eq!(
        index.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(
        a.elements,
        document
            .maps
            .iter()
            .map(|m| m.elements.len())
            .sum::<usize>()
    );
    let text = serde_json::to_string(&index).unwrap();
    assert_eq!(serde_json::from_str::<Vec<Entry>>(&text).unwrap(), index);
}

#[test]
fn a_thumbnail_fits_the_map_into_a_square() {
    let document = example("incident-resolution");
    let thumb = Thumbnail::of(&document.maps[0]);
    assert_eq!(thumb.0.len(), document.maps[0].elements.len());
    assert!(thumb.0.iter().any(|p| p.0 == 0) && thumb.0.iter().any(|p| p.0 == 100));
    assert!(thumb.0.iter().all(|p| p.1 <= 100));
}

#[test]
fn the_csv_has_a_row_per_step_with_the_engines_figures() {
    let document = example("incident-resolution");
    let map = &document.maps[0];
    let analysis = analyze(map);
    let forecast = forecast_report(map, &standard_forecast(map).unwrap());
    let text = csv::steps_csv(map, &analysis, Some(&forecast));
    let rows: Vec<&str> = text.trim_end().split("\r\n").collect();
    let steps = map
        .elements
        .iter()
        .filter(|e| matches!(e.kind, ElementKind::Process(_)))
        .count();
    assert_eq!(rows.len(), steps + 1);
    assert!(rows[0].starts_with("id,name,owner,process_time,process_time_unit,"));
    let triage: Vec<&str> = rows
        .iter()
        .find(|r| r.starts_with("triage,"))
        .unwrap()
        .split(',')
        .collect();
    assert_eq!(
        &triage[..5],
        ["triage", "Triage", "Service desk (L1)", "10", "min"]
    );
    assert_eq!(
        triage[triage.len() - 2],
        "true",
        "triage is on the critical path"
    );
    assert!(rows[0].ends_with(",on_critical_path,criticality"));
    let share = forecast
        .criticality
        .iter()
        .find(|c| c.id == "triage")
        .unwrap()
        .share;
    assert_eq!(triage.last().unwrap().parse::<f64>().unwrap(), share);
    assert!(share > 0.99, "triage is on every run's path: {share}");
    // Without a forecast the column is there, empty.
    let plain = csv::steps_csv(map, &analysis, None);
    assert!(plain.lines().nth(1).unwrap().ends_with(','));
}

#[test]
fn the_forecast_csv_has_the_mean_and_every_fifth_percentile() {
    let document = example("incident-resolution");
    let map = &document.maps[0];
    let report = forecast_report(map, &standard_forecast(map).unwrap());
    let text = csv::forecast_csv(&report);
    let rows: Vec<Vec<&str>> = text
        .trim_end()
        .split("\r\n")
        .map(|r| r.split(',').collect())
        .collect();
    assert_eq!(
        rows[0],
        ["map", "runs", "seed", "figure", "lead_time_s", "lead_time"]
    );
    assert_eq!(rows.len(), 1 + 1 + 21);
    assert_eq!(&rows[1][..4], [map.id.as_str(), "10000", "1", "mean"]);
    let seconds = |figure: &str| -> f64 {
        rows.iter().find(|r| r[3] == figure).unwrap()[4]
            .parse()
            .unwrap()
    };
    assert_eq!(seconds("mean"), report.mean.seconds);
    assert_eq!(seconds("p85"), report.p85.seconds);
    assert_eq!(seconds("p50"), report.p50.seconds);
    assert_eq!(seconds("p0"), report.min.seconds);
    assert_eq!(seconds("p100"), report.max.seconds);
    let quantiles: Vec<f64> = rows[2..].iter().map(|r| r[4].parse().unwrap()).collect();
    assert!(quantiles.windows(2).all(|w| w[0] <= w[1]), "{quantiles:?}");
}

// ---- Back up everything ------------------------------------------------------

use takt::io::backup::{self, Restore};

fn stored(id: &str, saved: f64, example: usize) -> (String, Header, String) {
    let document = takt::io::load(takt::io::examples::EXAMPLES[example].json).unwrap();
    let header = Header {
        rev: 3,
        by: "tab-a".into(),
        saved,
    };
    (id.to_string(), header, takt::io::save(&document))
}

#[test]
fn a_backup_holds_every_document_and_reads_back() {
    let documents = vec![stored("a1", 1000.0, 0), stored("b2", 2000.0, 1)];
    let text = backup::backup(&documents, 3000.0);
    assert!(backup::is_backup(&text));
    let read = backup::read_backup(&text).unwrap();
    assert_eq!(read.len(), 2);
    assert_eq!(read[1].id, "b2");
    assert_eq!(read[1].saved, 2000.0);
    assert_eq!(read[1].document, takt::io::load(&documents[1].2).unwrap());
}

#[test]
fn restoring_never_overwrites_a_newer_copy() {
    let text = backup::backup(
        &[
            stored("old", 1000.0, 0),
            stored("new", 5000.0, 1),
            stored("same", 7000.0, 2),
            stored("gone", 10.0, 3),
        ],
        9000.0,
    );
    let items = backup::read_backup(&text).unwrap();
    // The library: "old" saved later than the backup's copy, "new" earlier, "same" at the same time, no "gone".
    let library = |id: &str| match id {
        "old" => Some(2000.0),
        "new" => Some(4000.0),
        "same" => Some(7000.0),
        _ => None,
    };
    let plan = backup::plan(&items, library);
    assert_eq!(
        plan,
        [Restore::Keep, Restore::Replace, Restore::Keep, Restore::Add]
    );
    assert_eq!(
        backup::summary(&plan),
        "1 added, 1 updated, 2 kept (the library\u{2019}s copy was newer or the same)"
    );
}

#[test]
fn a_backup_with_a_bad_document_is_refused_whole_with_its_place() {
    let mut bad = stored("x9", 1.0, 0);
    bad.2 = bad.2.replacen("\"pct_ca\": 70", "\"pct_ca\": 140", 1);
    let text = backup::backup(&[stored("ok1", 1.0, 1), bad], 2.0);
    let errors = backup::read_backup(&text).unwrap_err();
    assert!(
        errors.0[0]
            .path
            .starts_with("$.documents[1].document.maps[0].elements["),
        "{errors}"
    );
    assert!(errors.0[0].reason.contains("140"));
    assert!(backup::read_backup("{\"format\":\"takt-vsm\",\"version\":3}").is_err());
    assert!(!backup::is_backup(takt::io::examples::EXAMPLES[0].json));
}

#[test]
fn a_backup_over_its_cap_is_refused_before_it_is_read() {
    let huge = format!(
        "{{\"format\":\"takt-library\",\"version\":1,\"documents\":[]}}{}",
        " ".repeat(backup::MAX_BACKUP_BYTES)
    );
    let error = backup::read_backup(&huge).unwrap_err().to_string();
    assert!(error.contains("larger than 200 MB"), "{error}");
}

#[test]
fn a_link_opens_on_the_map_it_was_made_on() {
    assert_eq!(link::fragment("abc", 0), "share=abc");
    assert_eq!(link::fragment("abc", 2), "share=abc&map=2");
    assert_eq!(link::read_fragment("share=abc&map=2"), Some(("abc", 2)));
    assert_eq!(link::read_fragment("share=abc"), Some(("abc", 0)));
    assert_eq!(link::read_fragment("share=abc&map=x"), Some(("abc", 0)));
    assert_eq!(link::read_fragment("other=abc"), None);
}
