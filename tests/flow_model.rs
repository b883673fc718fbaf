//! The flow model against hand-computed maps: the cases real teams draw that a
//! first engine got wrong (issue 8), each with its answer worked out by hand in
//! the comment above it.

mod common;

use common::*;
use takt::analysis::report::map_report;
use takt::analysis::{WaitBasis, WarningCode, analyze};
use takt::io;
use takt::model::generate::reworked_chain;
use takt::model::*;

fn visits(m: &Map, id: &str) -> f64 {
    let a = analyze(m);
    let index = m.elements.iter().position(|e| e.id == id).unwrap();
    a.steps
        .iter()
        .find(|s| s.element == index)
        .map(|s| s.visits)
        .unwrap_or_else(|| panic!("{id} is not a step of the stream"))
}

fn has_warning(m: &Map, code: WarningCode, element: Option<&str>) -> bool {
    analyze(m)
        .warnings
        .iter()
        .any(|w| w.code == code && w.element.as_deref() == element)
}

fn in_document(m: Map) -> Document {
    let mut document = Document::new("t");
    document.maps[0] = Map {
        id: "current".into(),
        ..m
    };
    document
}

// ---- 1. Rework that never exits ------------------------------------------------

/// supplier -> A (10 min, %C&A 0, rework A -> A with no probability) -> B (20 min) -> customer.
fn never_exits() -> Map {
    let mut m = map(10.0);
    add(&mut m, "sup", ElementKind::Supplier);
    add(
        &mut m,
        "a",
        step_with(|s| {
            s.process_time = minutes(10.0);
            s.pct_ca = Some(0.0);
        }),
    );
    add(&mut m, "b", step(minutes(20.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["sup", "a", "b", "cust"]);
    connect(&mut m, "a", "a", rework(None));
    m
}

#[test]
fn a_loop_that_never_exits_is_refused_by_the_loader_with_its_place() {
    let text = io::save(&in_document(never_exits()));
    let errors = io::load(&text).unwrap_err();
    let error = &errors.0[0];
    assert_eq!(error.path, "$.maps[0].flows[3].kind.rework");
    assert!(
        error.reason.contains("\u{201c}A\u{201d}"),
        "{}",
        error.reason
    );
    assert!(error.reason.contains("100%"), "{}", error.reason);
}

#[test]
fn a_loop_that_never_exits_is_reported_and_left_out_never_breaking_the_invariants() {
    // Given to the engine directly: A's loop is left out, so LT = 10 + 20 min, FE 100%.
    let m = never_exits();
    let a = analyze(&m);
    assert!(has_warning(&m, WarningCode::EndlessRework, Some("a")));
    assert_close(a.lead_time, 30.0 * MINUTE);
    assert_close(a.first_pass_lead_time, 30.0 * MINUTE);
    assert_close(a.flow_efficiency.unwrap(), 1.0);
    assert_close(visits(&m, "b"), 1.0);
}

#[test]
fn rework_probabilities_out_of_one_step_adding_to_one_are_refused() {
    // B sends back 60% to A and 40% to itself: 100%, the unit never leaves.
    let mut m = map(10.0);
    add(&mut m, "a", step(minutes(1.0)));
    add(&mut m, "b", step(minutes(1.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["a", "b", "cust"]);
    connect(&mut m, "b", "a", rework(Some(0.6)));
    connect(&mut m, "b", "b", rework(Some(0.4)));
    let errors = io::load(&io::save(&in_document(m.clone()))).unwrap_err();
    assert_eq!(
        errors.0[0].path,
        "$.maps[0].flows[2].kind.rework.probability"
    );
    let a = analyze(&m);
    assert!(has_warning(&m, WarningCode::EndlessRework, Some("b")));
    assert!(a.lead_time >= a.first_pass_lead_time);
    assert!(a.flow_efficiency.unwrap() <= 1.0);
}

#[test]
fn a_loop_of_probability_near_one_keeps_everything_downstream() {
    // p = 0.999999: A runs 1 / (1 - p) = 10^6 times, B once.
    // LT = 10 min x 10^6 + 20 min; first pass 30 min.
    let mut m = never_exits();
    m.flows[3].kind = rework(Some(0.999_999));
    let a = analyze(&m);
    assert!((visits(&m, "a") - 1e6).abs() < 1e-3);
    assert_close(visits(&m, "b"), 1.0);
    assert_close(a.lead_time, 10.0 * MINUTE * 1e6 + 20.0 * MINUTE);
    assert!(a.lead_time >= a.first_pass_lead_time);
    assert!(io::load(&io::save(&in_document(m))).is_ok());
}

// ---- 2. Joins conserve flow when rework touches one branch -----------------------

/// supplier -> {B, C} (1 min each) -> J (1 min) -> E (100 min) -> customer, rework J -> B at 0.5.
#[test]
fn rework_from_a_join_into_one_branch_repeats_that_branch_only() {
    let mut m = map(10.0);
    add(&mut m, "sup", ElementKind::Supplier);
    for id in ["b", "c", "j"] {
        add(&mut m, id, step(minutes(1.0)));
    }
    add(&mut m, "e", step(minutes(100.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["sup", "b", "j", "e", "cust"]);
    chain(&mut m, &["sup", "c", "j"]);
    connect(&mut m, "j", "b", rework(Some(0.5)));
    // J is sent back half the time: B and J run 1 / (1 - 0.5) = 2 times; C and E once.
    for (id, expected) in [("b", 2.0), ("c", 1.0), ("j", 2.0), ("e", 1.0)] {
        assert_close(visits(&m, id), expected);
    }
    // LT = B 2 x 1 + J 2 x 1 + E 100 = 104 min; first pass 102 min.
    let a = analyze(&m);
    assert_close(a.lead_time, 104.0 * MINUTE);
    assert_close(a.first_pass_lead_time, 102.0 * MINUTE);
    assert_close(a.process_time, 102.0 * MINUTE);
}

/// s -> A -> {B, C} -> J -> E -> customer, rework B -> A at 0.5, every step 1 min, E 100 min.
#[test]
fn rework_from_a_branch_to_before_the_fork_leaves_the_join_at_one_visit() {
    let mut m = map(10.0);
    add(&mut m, "s", ElementKind::Supplier);
    for id in ["a", "b", "c", "j"] {
        add(&mut m, id, step(minutes(1.0)));
    }
    add(&mut m, "e", step(minutes(100.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["s", "a", "b", "j", "e", "cust"]);
    chain(&mut m, &["a", "c", "j"]);
    connect(&mut m, "b", "a", rework(Some(0.5)));
    // A and B run twice; C, J and E once.
    for (id, expected) in [("a", 2.0), ("b", 2.0), ("c", 1.0), ("j", 1.0), ("e", 1.0)] {
        assert_close(visits(&m, id), expected);
    }
    // LT = A 2 + B 2 + J 1 + E 100 = 105 min.
    assert_close(analyze(&m).lead_time, 105.0 * MINUTE);
}

// ---- 3. A customer with no flow into it ------------------------------------------

#[test]
fn a_customer_no_flow_reaches_falls_back_to_the_longest_path_with_a_warning() {
    // A (10 min) -> B (20 min); the customer stands alone. LT = 30 min, as with no customer.
    let mut m = map(10.0);
    add(&mut m, "a", step(minutes(10.0)));
    add(&mut m, "b", step(minutes(20.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["a", "b"]);
    let a = analyze(&m);
    assert_close(a.lead_time, 30.0 * MINUTE);
    assert!(has_warning(
        &m,
        WarningCode::CustomerUnreached,
        Some("cust")
    ));
    let mut without = m.clone();
    without.elements.pop();
    assert_close(analyze(&without).lead_time, a.lead_time);
}

// ---- 4. Unmarked cycles do not depend on the order of the file -------------------

/// s -> A (10 min) -> B (20 min) -> customer, and a push B -> A not marked as rework.
fn unmarked_cycle() -> Map {
    let mut m = map(10.0);
    add(&mut m, "s", ElementKind::Supplier);
    add(&mut m, "a", step(minutes(10.0)));
    add(&mut m, "b", step(minutes(20.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["s", "a", "b", "cust"]);
    connect(&mut m, "b", "a", FlowKind::Push);
    m
}

#[test]
fn an_unmarked_cycle_is_broken_at_the_flow_going_back_whatever_the_order() {
    // The flow going back is B -> A (A is nearer the start): LT = 30 min in every order.
    let m = unmarked_cycle();
    let expected = analyze(&m);
    assert_close(expected.lead_time, 30.0 * MINUTE);
    assert!(has_warning(&m, WarningCode::UnmarkedCycle, Some("b")));
    for rotation in 0..m.elements.len() {
        let mut reordered = m.clone();
        reordered.elements.rotate_left(rotation);
        reordered.flows.reverse();
        let a = analyze(&reordered);
        assert_close(a.lead_time, 30.0 * MINUTE);
        assert!(has_warning(
            &reordered,
            WarningCode::UnmarkedCycle,
            Some("b")
        ));
    }
}

// ---- 5 and 6. Scale: no cubic solve, no recursion ---------------------------------

#[test]
fn a_chain_of_rework_loops_solves_like_a_random_walk() {
    // Three steps, each sending back to the previous at p = 0.1 (a Markov chain):
    // x3 = 1/(1-p) = 1.1111, x2 = 1/(1-p)^2 = 1.2346, x1 = 1 + p x2 = 1.12346.
    let m = reworked_chain(3, 0.1);
    assert_close(visits(&m, "s00002"), 1.0 / 0.9);
    assert_close(visits(&m, "s00001"), 1.0 / 0.81);
    assert_close(visits(&m, "s00000"), 1.0 + 0.1 / 0.81);
    // A long chain tends to 1 / (1 - 2p) = 1.25 visits in the middle.
    let long = reworked_chain(200, 0.1);
    assert!((visits(&long, "s00100") - 1.25).abs() < 1e-9);
}

#[test]
fn ten_thousand_reworked_steps_in_series_analyse_fast_and_without_recursion() {
    // In a thread with a 256 KiB stack: a recursive walk over 50,000 elements would overflow it.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let m = reworked_chain(50_000, 0.1);
            let started = std::time::Instant::now();
            let a = analyze(&m);
            (a.lead_time, a.first_pass_lead_time, started.elapsed())
        })
        .unwrap();
    let (lead, first_pass, elapsed) = handle.join().expect("no stack overflow");
    assert!(lead > first_pass && first_pass >= 50_000.0 * MINUTE - 1e-6);
    // Generous even for a debug build on a slow machine; the bench measures the real figure.
    assert!(elapsed.as_secs() < 20, "took {elapsed:?}");
}

// ---- 7. Changeover, batch, EPE and EPEI -------------------------------------------

/// Learning to See's stamping press: C/T 1 s, C/O 1 h, uptime 85%, 2 shifts of
/// 27,600 s, 18,400 brackets a month over 20 days (920 a day).
fn stamping(edit: impl FnOnce(&mut ProcessStep)) -> Map {
    let mut m = map(0.0);
    m.calendar = Calendar {
        hours_per_day: 2.0 * 27_600.0 / 3600.0,
        days_per_week: 5.0,
        days_per_month: 20.0,
        shifts_per_day: 2.0,
    };
    m.demand = Demand {
        quantity: 18_400.0,
        per: Period::Month,
    };
    let mut press = ProcessStep {
        cycle_time: Some(Duration::new(1.0, TimeUnit::Seconds)),
        changeover_time: hours(1.0),
        uptime_pct: Some(85.0),
        shifts: Some(2.0),
        ..ProcessStep::default()
    };
    edit(&mut press);
    add(&mut m, "stamping", ElementKind::Process(press));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["stamping", "cust"]);
    m
}

#[test]
fn changeover_without_batch_or_epe_is_not_charged_and_is_warned_about() {
    // Charged to every unit it would be (1 + 3600) / 0.85 s per unit: 7,061% utilised.
    // Not charged: 1 / 0.85 = 1.176 s x 920 / 55,200 s = 1.96%.
    let m = stamping(|_| {});
    let a = analyze(&m);
    let load = &a.steps[0];
    assert_close(load.effective_cycle.unwrap(), 1.0 / 0.85);
    assert_close(load.utilisation.unwrap(), 1.0 / 0.85 * 920.0 / 55_200.0);
    assert!(has_warning(
        &m,
        WarningCode::ChangeoverNotCharged,
        Some("stamping")
    ));
}

#[test]
fn epe_gives_the_batch_that_shares_the_changeover() {
    // EPE 2 weeks = 10 working days: batch = 920 x 10 = 9,200 units.
    // Effective C/T = (1 + 3600 / 9200) / 0.85 = 1.6368 s; utilisation x 920 / 55,200 = 2.728%.
    let m = stamping(|s| s.epe = Some(Duration::new(2.0, TimeUnit::Weeks)));
    let a = analyze(&m);
    let load = &a.steps[0];
    assert_close(load.batch.unwrap(), 9_200.0);
    let effective = (1.0 + 3600.0 / 9200.0) / 0.85;
    assert_close(load.effective_cycle.unwrap(), effective);
    assert_close(load.utilisation.unwrap(), effective * 920.0 / 55_200.0);
    assert!(!has_warning(
        &m,
        WarningCode::ChangeoverNotCharged,
        Some("stamping")
    ));
    // A batch size, when given, wins over EPE.
    let sized = stamping(|s| {
        s.epe = Some(Duration::new(2.0, TimeUnit::Weeks));
        s.batch_size = Some(1_800.0);
    });
    assert_close(analyze(&sized).steps[0].batch.unwrap(), 1_800.0);
}

#[test]
fn epei_is_the_changeover_over_the_time_left_after_running_demand() {
    // Available a day: 55,200 s x 85% = 46,920 s; running 920 units at 1 s takes 920 s;
    // 46,000 s are left, so the 3,600 s changeover fits every 3,600 / 46,000 = 0.0783 day.
    let m = stamping(|_| {});
    let epei = analyze(&m).steps[0].epei.unwrap();
    assert_close(epei, 3600.0 / 46_000.0 * 55_200.0);
    let report = map_report(&m, &analyze(&m));
    assert_eq!(report.steps[0].epei.as_ref().unwrap().text, "1.2 h");
}

// ---- 8. Shifts ---------------------------------------------------------------------

#[test]
fn a_step_working_one_shift_in_a_two_shift_plant_has_half_the_time() {
    // 16 h a day in 2 shifts, 96 units a day: takt 10 min. A 6 min step on both
    // shifts is 60% utilised; on one shift 120%, over takt, and the bottleneck.
    let mut m = map(96.0);
    m.calendar.hours_per_day = 16.0;
    m.calendar.shifts_per_day = 2.0;
    add(
        &mut m,
        "both",
        step_with(|s| {
            s.process_time = minutes(6.0);
            s.shifts = Some(2.0);
        }),
    );
    add(
        &mut m,
        "one",
        step_with(|s| {
            s.process_time = minutes(6.0);
            s.shifts = Some(1.0);
        }),
    );
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["both", "one", "cust"]);
    let a = analyze(&m);
    assert_close(a.steps[0].utilisation.unwrap(), 0.6);
    assert_close(a.steps[1].utilisation.unwrap(), 1.2);
    assert_eq!(a.bottleneck, Some(1));
    assert!(has_warning(&m, WarningCode::OverTakt, Some("one")));
}

#[test]
fn a_version_2_file_gets_the_plant_shifts_from_its_steps() {
    let v2 = r#"{"format":"takt-vsm","version":2,"title":"old","maps":[{"id":"current",
        "name":"Current state","state":"current",
        "calendar":{"hours_per_day":16,"days_per_week":5,"days_per_month":21},
        "demand":{"quantity":96,"per":"day"},
        "elements":[{"id":"a","name":"A","x":0,"y":0,"kind":{"process":{
            "process_time":{"value":6,"unit":"min"},"shifts":2}}}]}]}"#;
    let document = io::load(v2).unwrap();
    assert_eq!(document.version, takt::model::FORMAT_VERSION);
    assert_eq!(document.maps[0].calendar.shifts_per_day, 2.0);
    // So the step keeps its whole day, as version 2 computed it: 60%.
    assert_close(
        analyze(&document.maps[0]).steps[0].utilisation.unwrap(),
        0.6,
    );
}

// ---- 9. Figures as people write them ---------------------------------------------

#[test]
fn reports_show_three_significant_digits_and_never_null() {
    // 23.6 days of wait and 10.6 days of work.
    let mut m = map(10.0);
    add(&mut m, "q", wait(Some(Duration::new(23.6, TimeUnit::Days))));
    add(&mut m, "a", step(Some(Duration::new(10.6, TimeUnit::Days))));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["q", "a", "cust"]);
    let report = map_report(&m, &analyze(&m));
    assert_eq!(report.process_time.text, "10.6 d");
    assert_eq!(report.lead_time.text, "34.2 d");
    // An absurd but valid map: 10^9 weeks behind a loop of p = 0.999999.
    let mut huge = map(1e-9);
    add(
        &mut huge,
        "q",
        wait(Some(Duration::new(1e9, TimeUnit::Weeks))),
    );
    add(
        &mut huge,
        "a",
        step(Some(Duration::new(1e9, TimeUnit::Weeks))),
    );
    add(&mut huge, "cust", ElementKind::Customer);
    chain(&mut huge, &["q", "a", "cust"]);
    connect(&mut huge, "a", "q", rework(Some(0.999_999)));
    let report = map_report(&huge, &analyze(&huge));
    let json = serde_json::to_string(&report).unwrap();
    assert!(
        !json.contains("\"seconds\":null") && !json.contains("\"value\":null"),
        "{json}"
    );
    assert!(!json.contains("inf") && !json.contains("NaN"), "{json}");
    assert!(
        report.lead_time.text.len() < 16,
        "{}",
        report.lead_time.text
    );
    let text = report.to_text();
    assert!(!text.contains("inf%"), "{text}");
}

// ---- 10. Modelling holes ----------------------------------------------------------

#[test]
fn a_fifo_lane_into_an_inventory_counts_once_as_that_inventorys_cap() {
    // A -FIFO(limit 20)-> queue of 100 units -> B, 10 a day: the lane caps the queue
    // at 20 / 10 = 2 days; it adds no wait of its own. LT = 2 d + A + B (1 min each).
    let mut m = map(10.0);
    add(&mut m, "a", step(minutes(1.0)));
    add(&mut m, "q", stock(100.0));
    add(&mut m, "b", step(minutes(1.0)));
    add(&mut m, "cust", ElementKind::Customer);
    connect(&mut m, "a", "q", FlowKind::Fifo(Fifo { limit: Some(20.0) }));
    chain(&mut m, &["q", "b", "cust"]);
    let a = analyze(&m);
    assert_close(a.lead_time, 2.0 * DAY + 2.0 * MINUTE);
    // The same lane out of the inventory gives the same figure.
    let mut out = m.clone();
    out.flows[0].kind = FlowKind::Push;
    out.flows[1].kind = FlowKind::Fifo(Fifo { limit: Some(20.0) });
    assert_close(analyze(&out).lead_time, a.lead_time);
}

#[test]
fn pull_and_fifo_out_of_an_inventory_count_the_inventory_once() {
    // A queue of 30 units at 10 a day (3 d) feeding B by pull with a supermarket of
    // 50 units: the queue is the supermarket; its own figure counts, 3 d, once.
    let mut m = map(10.0);
    add(&mut m, "q", stock(30.0));
    add(&mut m, "b", step(minutes(1.0)));
    add(&mut m, "cust", ElementKind::Customer);
    connect(
        &mut m,
        "q",
        "b",
        FlowKind::Pull(Pull {
            supermarket_quantity: Some(50.0),
        }),
    );
    chain(&mut m, &["b", "cust"]);
    assert_close(analyze(&m).lead_time, 3.0 * DAY + MINUTE);
    // An empty queue takes the supermarket's quantity: 5 d.
    if let ElementKind::Inventory(q) = &mut m.elements[0].kind {
        q.quantity = None;
    }
    let a = analyze(&m);
    assert_close(a.lead_time, 5.0 * DAY + MINUTE);
    assert_eq!(a.inventories[0].how.basis, WaitBasis::Supermarket);
}

#[test]
fn an_inventory_with_a_wait_and_a_quantity_says_which_one_counts() {
    let mut m = map(10.0);
    add(
        &mut m,
        "q",
        ElementKind::Inventory(Inventory {
            quantity: Some(40.0),
            wait: hours(2.0),
        }),
    );
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["q", "cust"]);
    let a = analyze(&m);
    assert_close(a.lead_time, 2.0 * HOUR);
    assert_eq!(a.inventories[0].days, Some(4.0));
    let report = map_report(&m, &a);
    assert_eq!(report.inventories[0].basis, WaitBasis::Measured);
    assert_eq!(
        report.inventories[0].wait_from,
        "the measured wait counts; the quantity of 40 gives the inventory days only"
    );
}

#[test]
fn production_control_linked_only_by_information_is_not_part_of_the_stream() {
    // Production control (a 30 min "step") sends schedules to A and B by information flows.
    let mut m = map(10.0);
    add(&mut m, "pc", step(minutes(30.0)));
    add(&mut m, "a", step(minutes(1.0)));
    add(&mut m, "b", step(minutes(2.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["a", "b", "cust"]);
    connect(&mut m, "pc", "a", FlowKind::ElectronicInfo);
    connect(&mut m, "pc", "b", FlowKind::ManualInfo);
    let a = analyze(&m);
    assert!(!has_warning(&m, WarningCode::Unconnected, Some("pc")));
    assert_close(a.work_content, 3.0 * MINUTE);
    assert_eq!(a.steps.len(), 2);
    assert_eq!(m.elements[a.steps[a.bottleneck.unwrap()].element].id, "b");
    assert_close(a.lead_time, 3.0 * MINUTE);
}

#[test]
fn rework_out_of_the_customer_is_ignored_with_a_warning() {
    let mut m = map(10.0);
    add(&mut m, "a", step(minutes(1.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["a", "cust"]);
    connect(&mut m, "cust", "a", rework(Some(0.5)));
    let a = analyze(&m);
    assert_close(a.lead_time, MINUTE);
    assert!(has_warning(&m, WarningCode::ReworkNotALoop, Some("cust")));
}

#[test]
fn a_vanishing_demand_gives_no_infinite_wait() {
    // Found by the fuzz test: a demand of 8.9e-309 a day made 40 units wait forever.
    let mut m = map(8.887e-309);
    add(&mut m, "q", stock(40.0));
    add(&mut m, "a", step(minutes(1.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["q", "a", "cust"]);
    let a = analyze(&m);
    assert!(a.lead_time.is_finite() && a.takt.is_none_or(f64::is_finite));
    assert_close(a.lead_time, MINUTE);
    assert!(has_warning(&m, WarningCode::MissingTime, Some("q")));
}
