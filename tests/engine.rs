//! The analysis engine against hand-computed maps.

mod common;

use common::*;
use takt::analysis::{Rung, WarningCode, analyze, compare};
use takt::model::*;

fn ids(map: &Map, path: &[usize]) -> Vec<String> {
    path.iter().map(|&i| map.elements[i].id.clone()).collect()
}

/// supplier → 2 h wait → A (10 min) → 40 units at 80/day → B (20 min) → customer
fn series() -> Map {
    let mut m = map(80.0);
    add(&mut m, "sup", ElementKind::Supplier);
    add(&mut m, "q1", wait(hours(2.0)));
    add(&mut m, "a", step(minutes(10.0)));
    add(&mut m, "q2", stock(40.0));
    add(&mut m, "b", step(minutes(20.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["sup", "q1", "a", "q2", "b", "cust"]);
    m
}

#[test]
fn series_lead_time_is_the_sum_of_waits_and_process_times() {
    let m = series();
    let a = analyze(&m);
    // 40 units / 80 per day = 0.5 working day = 4 h.
    let lead = 2.0 * HOUR + 10.0 * MINUTE + 4.0 * HOUR + 20.0 * MINUTE;
    assert_close(a.lead_time, lead);
    assert_close(a.process_time, 30.0 * MINUTE);
    assert_close(a.flow_efficiency.unwrap(), 30.0 * MINUTE / lead);
    assert_eq!(
        ids(&m, &a.critical_path),
        ["sup", "q1", "a", "q2", "b", "cust"]
    );
    assert_close(a.total_wait(), 6.0 * HOUR);
    assert_close(a.total_process(), 30.0 * MINUTE);
    let rungs: Vec<Rung> = a.timeline.iter().map(|s| s.rung).collect();
    assert_eq!(
        rungs,
        [Rung::Wait, Rung::Process, Rung::Wait, Rung::Process]
    );
    // The largest contributor is the 4 h inventory.
    assert_eq!(
        m.elements[a.timeline[a.largest_contributor.unwrap()].element].id,
        "q2"
    );
    // 80 a day is a 6 min takt: both steps are too slow, and that is the only complaint.
    assert!(
        a.warnings.iter().all(|w| w.code == WarningCode::OverTakt),
        "{:?}",
        a.warnings
    );
}

#[test]
fn parallel_branches_do_not_add_up_the_longest_one_is_critical() {
    let mut m = map(10.0);
    add(&mut m, "sup", ElementKind::Supplier);
    add(&mut m, "a", step(minutes(10.0)));
    add(&mut m, "q1", wait(hours(1.0)));
    add(&mut m, "b1", step(minutes(5.0)));
    add(&mut m, "b2", step(minutes(30.0)));
    add(&mut m, "join", step(minutes(10.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["sup", "a", "q1", "b1", "join", "cust"]);
    chain(&mut m, &["a", "b2", "join"]);
    let a = analyze(&m);
    assert_close(a.lead_time, (10.0 + 60.0 + 5.0 + 10.0) * MINUTE);
    assert_eq!(
        ids(&m, &a.critical_path),
        ["sup", "a", "q1", "b1", "join", "cust"]
    );
    // Process time counts only the steps on the critical path; work content counts all.
    assert_close(a.process_time, 25.0 * MINUTE);
    assert_close(a.work_content, 55.0 * MINUTE);
}

#[test]
fn a_rework_loop_of_probability_p_gives_one_over_one_minus_p_visits() {
    let p = 0.25;
    let mut m = map(10.0);
    add(&mut m, "a", step(minutes(10.0)));
    add(&mut m, "b", step(minutes(20.0)));
    add(&mut m, "c", step(minutes(30.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["a", "b", "c", "cust"]);
    connect(&mut m, "c", "a", rework(Some(p)));
    let a = analyze(&m);
    for load in &a.steps {
        assert_close(load.visits, 1.0 / (1.0 - p));
    }
    assert_close(a.first_pass_lead_time, 60.0 * MINUTE);
    assert_close(a.lead_time, 60.0 * MINUTE / (1.0 - p));
    assert_close(a.rework_lead_time(), 20.0 * MINUTE);
    assert_close(a.rework_work, 60.0 * MINUTE * p / (1.0 - p));
    // Value-adding process time counts each step once.
    assert_close(a.process_time, 60.0 * MINUTE);
}

#[test]
fn rework_probability_defaults_to_one_minus_the_senders_pct_ca() {
    let mut m = map(10.0);
    add(&mut m, "a", step(minutes(10.0)));
    add(
        &mut m,
        "check",
        step_with(|s| {
            s.process_time = minutes(5.0);
            s.pct_ca = Some(80.0);
        }),
    );
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["a", "check", "cust"]);
    connect(&mut m, "check", "a", rework(None));
    let a = analyze(&m);
    assert_close(a.steps[0].visits, 1.25);
    assert_close(a.lead_time, 15.0 * MINUTE * 1.25);
    assert_close(a.rolled_pct_ca.unwrap(), 0.8);
}

#[test]
fn nested_rework_loops_solve_the_markov_chain() {
    // A → B → C → D; C sends half back to B, D sends half back to A.
    // x_A = 1 + x_D/2, x_B = x_A + x_C/2, x_C = x_B, x_D = x_C/2  ⇒  A 2, B 4, C 4, D 2.
    let mut m = map(10.0);
    for id in ["a", "b", "c", "d"] {
        add(&mut m, id, step(minutes(1.0)));
    }
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["a", "b", "c", "d", "cust"]);
    connect(&mut m, "c", "b", rework(Some(0.5)));
    connect(&mut m, "d", "a", rework(Some(0.5)));
    let visits: Vec<f64> = analyze(&m).steps.iter().map(|s| s.visits).collect();
    for (actual, expected) in visits.iter().zip([2.0, 4.0, 4.0, 2.0]) {
        assert_close(*actual, expected);
    }
}

#[test]
fn rework_inside_one_parallel_branch_leaves_the_join_at_one_visit() {
    let mut m = map(10.0);
    add(&mut m, "s", step(minutes(1.0)));
    add(&mut m, "left", step(minutes(1.0)));
    add(&mut m, "right", step(minutes(1.0)));
    add(&mut m, "join", step(minutes(1.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["s", "left", "join", "cust"]);
    chain(&mut m, &["s", "right", "join"]);
    connect(&mut m, "left", "left", rework(Some(0.5)));
    let a = analyze(&m);
    let visits: Vec<f64> = a.steps.iter().map(|s| s.visits).collect();
    for (actual, expected) in visits.iter().zip([1.0, 2.0, 1.0, 1.0]) {
        assert_close(*actual, expected);
    }
}

#[test]
fn inventory_converts_to_days_by_littles_law() {
    let mut m = map(0.0);
    m.demand = Demand {
        quantity: 600.0,
        per: Period::Week,
    }; // 120 a working day
    add(&mut m, "q", stock(120.0));
    add(&mut m, "a", step(minutes(1.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["q", "a", "cust"]);
    let a = analyze(&m);
    assert_close(a.inventories[0].days.unwrap(), 1.0);
    assert_close(a.inventories[0].wait, DAY);
    assert_close(a.lead_time, DAY + MINUTE);
}

#[test]
fn a_fifo_limit_caps_the_wait_before_the_step() {
    let mut m = map(100.0);
    add(&mut m, "q", stock(500.0)); // 5 days by Little's law...
    add(&mut m, "a", step(minutes(1.0)));
    add(&mut m, "cust", ElementKind::Customer);
    connect(
        &mut m,
        "q",
        "a",
        FlowKind::Fifo(Fifo { limit: Some(100.0) }),
    ); // ...but the lane holds 1 day
    chain(&mut m, &["a", "cust"]);
    assert_close(analyze(&m).lead_time, DAY + MINUTE);
}

#[test]
fn a_fifo_lane_between_steps_waits_its_limit_and_shows_on_the_timeline() {
    let mut m = map(100.0);
    add(&mut m, "a", step(minutes(1.0)));
    add(&mut m, "b", step(minutes(1.0)));
    connect(&mut m, "a", "b", FlowKind::Fifo(Fifo { limit: Some(50.0) }));
    let a = analyze(&m);
    assert_close(a.lead_time, 0.5 * DAY + 2.0 * MINUTE);
    assert_eq!(a.timeline.iter().filter(|s| s.flow.is_some()).count(), 1);
}

#[test]
fn a_step_over_takt_is_the_bottleneck_and_is_warned_about() {
    let mut m = map(480.0); // 8 h / 480 = takt 60 s
    add(
        &mut m,
        "fast",
        step_with(|s| s.cycle_time = Some(Duration::new(40.0, TimeUnit::Seconds))),
    );
    add(
        &mut m,
        "slow",
        step_with(|s| {
            s.cycle_time = Some(Duration::new(40.0, TimeUnit::Seconds));
            s.uptime_pct = Some(50.0); // 40 s at half uptime is 80 s
            s.changeover_time = minutes(10.0);
            s.batch_size = Some(100.0); // plus 600 s / 100 = 6 s
        }),
    );
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["fast", "slow", "cust"]);
    let a = analyze(&m);
    assert_close(a.takt.unwrap(), 60.0);
    let slow = &a.steps[1];
    assert_close(slow.effective_cycle.unwrap(), (40.0 + 6.0) / 0.5);
    assert_close(slow.utilisation.unwrap(), 92.0 / 60.0);
    assert!(slow.over_takt() && !a.steps[0].over_takt());
    assert_eq!(a.bottleneck, Some(1));
    assert!(
        a.warnings
            .iter()
            .any(|w| w.code == WarningCode::OverTakt && w.element.as_deref() == Some("slow"))
    );
}

#[test]
fn parallel_servers_share_the_load() {
    let mut m = map(480.0);
    add(
        &mut m,
        "a",
        step_with(|s| {
            s.cycle_time = Some(Duration::new(90.0, TimeUnit::Seconds));
            s.capacity = Some(2.0);
        }),
    );
    assert_close(analyze(&m).steps[0].utilisation.unwrap(), 0.75);
}

#[test]
fn takt_uses_the_working_calendar() {
    let mut m = map(0.0);
    m.calendar = Calendar {
        hours_per_day: 7.5,
        days_per_week: 5.0,
        days_per_month: 20.0,
        shifts_per_day: 1.0,
    };
    m.demand = Demand {
        quantity: 18_000.0,
        per: Period::Month,
    };
    assert_close(analyze(&m).takt.unwrap(), 20.0 * 7.5 * HOUR / 18_000.0);
}

#[test]
fn rolled_pct_ca_multiplies_along_the_critical_path() {
    let mut m = map(10.0);
    add(
        &mut m,
        "a",
        step_with(|s| {
            s.process_time = minutes(1.0);
            s.pct_ca = Some(90.0);
        }),
    );
    add(
        &mut m,
        "b",
        step_with(|s| {
            s.process_time = minutes(1.0);
            s.pct_ca = Some(80.0);
        }),
    );
    chain(&mut m, &["a", "b"]);
    assert_close(analyze(&m).rolled_pct_ca.unwrap(), 0.72);
}

#[test]
fn warnings_name_the_elements_they_are_about() {
    let mut m = map(0.0);
    add(&mut m, "a", step(None));
    add(&mut m, "b", step(minutes(1.0)));
    add(&mut m, "alone", step(minutes(1.0)));
    add(&mut m, "q", stock(10.0));
    add(&mut m, "idea", ElementKind::Kaizen(Kaizen::default()));
    add(&mut m, "bad", step_with(|s| s.pct_ca = Some(140.0)));
    chain(&mut m, &["a", "b", "a"]); // a loop not marked as rework
    chain(&mut m, &["b", "q", "bad"]);
    let warnings = analyze(&m).warnings;
    let has = |code: WarningCode, id: Option<&str>| {
        warnings
            .iter()
            .any(|w| w.code == code && w.element.as_deref() == id)
    };
    assert!(has(WarningCode::MissingTime, Some("a")));
    assert!(
        has(WarningCode::MissingTime, Some("q")),
        "no demand: the quantity cannot be converted"
    );
    assert!(has(WarningCode::Unconnected, Some("alone")));
    assert!(has(WarningCode::UnmarkedCycle, Some("b")));
    assert!(has(WarningCode::KaizenUnattached, Some("idea")));
    assert!(has(WarningCode::PctCaOutOfRange, Some("bad")));
    assert!(has(WarningCode::ZeroDemand, None));
    assert!(has(WarningCode::NoCustomer, None));
    assert!(warnings.iter().all(|w| !w.message.is_empty()));
}

#[test]
fn a_rework_loop_that_never_exits_is_warned_about_and_does_not_poison_the_figures() {
    let mut m = map(10.0);
    add(&mut m, "a", step(minutes(1.0)));
    add(
        &mut m,
        "b",
        step_with(|s| {
            s.process_time = minutes(1.0);
            s.pct_ca = Some(0.0); // every unit is sent back
        }),
    );
    chain(&mut m, &["a", "b"]);
    connect(&mut m, "b", "a", rework(None));
    let a = analyze(&m);
    assert!(
        a.warnings
            .iter()
            .any(|w| w.code == WarningCode::EndlessRework)
    );
    assert!(a.lead_time.is_finite());
}

#[test]
fn an_empty_map_analyses_to_zeros() {
    let a = analyze(&map(10.0));
    assert_eq!(a.lead_time, 0.0);
    assert!(a.critical_path.is_empty() && a.bottleneck.is_none() && a.flow_efficiency.is_none());
}

#[test]
fn handoffs_count_changes_of_owner_between_steps() {
    let mut m = map(10.0);
    let owned = |owner: &str| step_with(|s| s.owner = owner.into());
    add(&mut m, "a", owned("sales"));
    add(&mut m, "q", stock(1.0));
    add(&mut m, "b", owned("ops"));
    add(&mut m, "c", owned("ops"));
    chain(&mut m, &["a", "q", "b", "c"]);
    assert_eq!(analyze(&m).handoffs, 1);
}

#[test]
fn comparison_gives_absolute_and_relative_change() {
    let before = series();
    let mut after = series();
    if let ElementKind::Inventory(q) = &mut after.elements[1].kind {
        q.wait = hours(1.0); // the 2 h wait halved
    }
    let comparison = compare(&before, &analyze(&before), &after, &analyze(&after));
    let lead = comparison
        .metrics
        .iter()
        .find(|m| m.key == "lead_time")
        .unwrap();
    let old = 6.5 * HOUR;
    assert_close(lead.before.unwrap(), old);
    assert_close(lead.after.unwrap(), old - HOUR);
    assert_close(lead.change.unwrap(), -HOUR);
    assert_close(lead.relative.unwrap(), -HOUR / old);
    let steps = comparison
        .metrics
        .iter()
        .find(|m| m.key == "steps")
        .unwrap();
    assert_eq!((steps.before, steps.change), (Some(2.0), Some(0.0)));
}

#[test]
fn generated_maps_analyse_without_warnings_about_structure() {
    let m = takt::model::generate::generated_map(20);
    let a = analyze(&m);
    assert!(a.lead_time > 0.0);
    assert!(a.steps.iter().all(|s| s.visits >= 1.0));
    assert!(!a.warnings.iter().any(|w| matches!(
        w.code,
        WarningCode::UnmarkedCycle | WarningCode::Unconnected | WarningCode::EndlessRework
    )));
}

#[test]
fn a_rework_flow_that_does_not_lead_back_is_ignored_with_a_warning() {
    let mut m = map(10.0);
    add(&mut m, "a", step(minutes(1.0)));
    add(&mut m, "b", step(minutes(1.0)));
    add(&mut m, "side", step(minutes(1.0)));
    chain(&mut m, &["a", "b"]);
    connect(&mut m, "a", "side", rework(Some(0.5)));
    let a = analyze(&m);
    assert_close(a.lead_time, 2.0 * MINUTE);
    assert!(
        a.warnings
            .iter()
            .any(|w| w.code == WarningCode::ReworkNotALoop && w.element.as_deref() == Some("a"))
    );
}

#[test]
fn auto_layout_puts_the_flow_left_to_right_and_stacks_parallel_branches() {
    let mut m = map(10.0);
    add(&mut m, "sup", ElementKind::Supplier);
    add(&mut m, "a", step(minutes(10.0)));
    add(&mut m, "long", step(minutes(30.0)));
    add(&mut m, "short", step(minutes(5.0)));
    add(&mut m, "join", step(minutes(10.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["sup", "a", "long", "join", "cust"]);
    chain(&mut m, &["a", "short", "join"]);
    let positions = takt::ui::editor::layout::lay_out(&m, |_| 4);
    let at = |id: &str| {
        positions
            .iter()
            .find(|p| p.0 == id)
            .map(|p| (p.1, p.2))
            .unwrap()
    };
    let main_row = at("sup").1;
    for pair in ["sup", "a", "long", "join", "cust"].windows(2) {
        assert!(
            at(pair[0]).0 < at(pair[1]).0,
            "{} is left of {}",
            pair[0],
            pair[1]
        );
        assert_eq!(at(pair[1]).1, main_row, "the critical path is one row");
    }
    assert_eq!(
        at("short").0,
        at("long").0,
        "parallel branches share a column"
    );
    assert_ne!(at("short").1, main_row, "and are stacked");
}

/// Every marker and label a flow draws, against every element's box, after
/// auto-layout: the names of what overlaps what.
fn overlaps_after_layout(map: &Map) -> Vec<String> {
    use takt::ui::editor::flow_shape::flow_clutter;
    use takt::ui::editor::geometry::{full_bounds, symbol_bounds};
    use takt::ui::editor::symbols::data_line_count;
    let mut laid = map.clone();
    for (id, x, y) in takt::ui::editor::layout::lay_out(map, data_line_count) {
        let e = laid.elements.iter_mut().find(|e| e.id == id).unwrap();
        (e.x, e.y) = (takt::model::ops::snap(x), takt::model::ops::snap(y));
    }
    let boxes: Vec<_> = laid
        .elements
        .iter()
        .map(|e| (e.id.clone(), full_bounds(e, data_line_count(e))))
        .collect();
    let mut found = Vec::new();
    for (i, (a, box_a)) in boxes.iter().enumerate() {
        for (b, box_b) in &boxes[i + 1..] {
            if box_a.intersects(box_b) {
                found.push(format!("{a} overlaps {b}"));
            }
        }
    }
    for flow in &laid.flows {
        let (Some(from), Some(to)) = (laid.element(&flow.from), laid.element(&flow.to)) else {
            continue;
        };
        for clutter in flow_clutter(flow, &symbol_bounds(from), &symbol_bounds(to)) {
            for (id, bounds) in &boxes {
                if clutter.intersects(bounds) {
                    found.push(format!("a marker or label of flow {} covers {id}", flow.id));
                }
            }
        }
    }
    found
}

#[test]
fn after_auto_layout_no_marker_or_label_covers_a_box_on_any_example() {
    for example in takt::io::examples::EXAMPLES {
        let document = takt::io::load(example.json).unwrap();
        for map in &document.maps {
            let found = overlaps_after_layout(map);
            assert!(
                found.is_empty(),
                "{} / {}: {found:?}",
                example.key,
                map.name
            );
        }
    }
}

#[test]
fn auto_layout_makes_room_for_a_long_rework_loop_a_pull_label_and_two_kaizen_bursts() {
    // sup -> a -> [pull, 1,200 in supermarket] -> b -> c -> d -> cust, d reworks back to a,
    // with two bursts on b and one about nothing in particular.
    let mut m = map(10.0);
    add(&mut m, "sup", ElementKind::Supplier);
    for id in ["a", "b", "c", "d"] {
        add(&mut m, id, step(minutes(10.0)));
    }
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["sup", "a", "b", "c", "d", "cust"]);
    let pull = m.flows.iter_mut().find(|f| f.from == "a").unwrap();
    pull.kind = FlowKind::Pull(Pull {
        supermarket_quantity: Some(1200.0),
    });
    m.flows.push(Flow {
        id: "back".into(),
        from: "d".into(),
        to: "a".into(),
        kind: FlowKind::Rework(Rework {
            probability: Some(0.2),
        }),
    });
    for (id, about) in [("k1", Some("b")), ("k2", Some("b")), ("k3", None)] {
        add(
            &mut m,
            id,
            ElementKind::Kaizen(Kaizen {
                attached_to: about.map(String::from),
                ..Default::default()
            }),
        );
    }
    assert_eq!(overlaps_after_layout(&m), Vec::<String>::new());
}

#[test]
fn each_step_reports_its_share_of_the_lead_time_on_the_critical_path_only() {
    // series(): 2 h + A 10 min + 40 units at 80/day (4 h) + B 20 min = 390 min.
    // C (5 min) runs beside A, so it is off the critical path.
    let mut m = series();
    add(&mut m, "c", step(minutes(5.0)));
    chain(&mut m, &["q1", "c", "q2"]);
    let a = analyze(&m);
    assert_close(a.lead_time, 390.0 * MINUTE);
    let report = takt::analysis::report::map_report(&m, &a);
    let share = |id: &str| {
        let step = report.steps.iter().find(|s| s.id == id).unwrap();
        step.share_of_lead_time.as_ref().map(|r| r.value)
    };
    assert_close(share("a").unwrap(), 10.0 / 390.0);
    assert_close(share("b").unwrap(), 20.0 / 390.0);
    assert_eq!(share("c"), None);
    let b = report.steps.iter().find(|s| s.id == "b").unwrap();
    assert_eq!(b.share_of_lead_time.as_ref().unwrap().text, "5.13%");
}
