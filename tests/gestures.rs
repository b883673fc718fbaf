//! The map's gestures as a state machine (app::gesture): every gesture ends, a
//! drag ends exactly once, and a second finger turns a drag into a pinch with
//! the drag kept as one step.

use proptest::prelude::*;
use takt::app::gesture::{At, Gesture, Gestures, Input, Output, Press};

fn at(x: f64, y: f64) -> At {
    At {
        screen: (x, y),
        map: (x, y),
    }
}

fn down(pointer: i32, x: f64, y: f64, press: Press) -> Input {
    Input::Down {
        pointer,
        at: at(x, y),
        press,
    }
}

fn moved(pointer: i32, x: f64, y: f64) -> Input {
    Input::Move {
        pointer,
        at: at(x, y),
    }
}

fn up(pointer: i32, x: f64, y: f64) -> Input {
    Input::Up {
        pointer,
        at: at(x, y),
    }
}

#[test]
fn a_drag_previews_snapped_offsets_and_commits_once_on_up() {
    let mut g = Gestures::default();
    assert_eq!(
        g.handle(down(1, 100.0, 100.0, Press::Drag)),
        [Output::DragStart]
    );
    assert!(g.is_dragging());
    assert_eq!(
        g.handle(moved(1, 114.0, 96.0)),
        [Output::DragPreview((10.0, 0.0))]
    );
    // The same snapped place: nothing new to show.
    assert_eq!(g.handle(moved(1, 113.0, 97.0)), []);
    assert_eq!(
        g.handle(moved(1, 131.0, 120.0)),
        [Output::DragPreview((30.0, 20.0))]
    );
    assert_eq!(
        g.handle(up(1, 131.0, 120.0)),
        [Output::DragCommit((30.0, 20.0))]
    );
    assert!(g.is_idle());
    // A late lost capture after the up changes nothing.
    assert_eq!(g.handle(Input::Cancel { pointer: 1 }), []);
}

#[test]
fn a_second_finger_during_a_drag_commits_it_and_pinches() {
    let mut g = Gestures::default();
    g.handle(down(1, 100.0, 100.0, Press::Drag));
    g.handle(moved(1, 140.0, 100.0));
    // The second finger's press is not a gesture of its own.
    let out = g.handle(down(2, 200.0, 100.0, Press::Nothing));
    assert_eq!(out, [Output::DragCommit((40.0, 0.0)), Output::PinchStart]);
    assert!(!g.is_dragging());
    assert_eq!(
        g.gesture(),
        &Gesture::Pinch {
            pointers: (1, 2),
            distance: 60.0,
            center: (170.0, 100.0)
        }
    );
    // Spreading the fingers to twice the distance zooms by 2 about the first centre.
    assert_eq!(
        g.handle(moved(2, 260.0, 100.0)),
        [Output::PinchZoom {
            factor: 2.0,
            center: (170.0, 100.0)
        }]
    );
    // Either finger lifted ends the pinch; the other does nothing until lifted.
    assert_eq!(g.handle(up(2, 260.0, 100.0)), []);
    assert_eq!(g.gesture(), &Gesture::Idle);
    assert_eq!(g.handle(moved(1, 150.0, 100.0)), []);
    assert_eq!(g.handle(up(1, 150.0, 100.0)), []);
    assert!(g.is_idle());
}

#[test]
fn cancel_lost_capture_and_blur_revert_a_drag_and_drop_the_overlay() {
    for end in [Input::Cancel { pointer: 7 }, Input::Blur] {
        let mut g = Gestures::default();
        g.handle(down(7, 0.0, 0.0, Press::Drag));
        g.handle(moved(7, 50.0, 50.0));
        assert_eq!(g.handle(end.clone()), [Output::DragRevert]);
        assert!(g.is_idle());
    }
    let mut g = Gestures::default();
    g.handle(down(3, 0.0, 0.0, Press::Band));
    assert_eq!(g.handle(Input::Blur), [Output::ClearOverlay]);
    assert!(g.is_idle());
    let mut g = Gestures::default();
    g.handle(down(3, 0.0, 0.0, Press::Connect { from: "a".into() }));
    assert_eq!(
        g.handle(Input::Cancel { pointer: 3 }),
        [Output::ClearOverlay]
    );
    assert!(g.is_idle());
}

#[test]
fn a_band_selects_what_it_spans_and_a_flow_ends_where_the_pointer_is_lifted() {
    let mut g = Gestures::default();
    g.handle(down(1, 10.0, 10.0, Press::Band));
    g.handle(moved(1, 60.0, 40.0));
    assert_eq!(
        g.handle(up(1, 60.0, 40.0)),
        [
            Output::ClearOverlay,
            Output::BandSelect {
                from: (10.0, 10.0),
                to: (60.0, 40.0)
            }
        ]
    );
    g.handle(down(
        1,
        10.0,
        10.0,
        Press::Connect {
            from: "triage".into(),
        },
    ));
    assert_eq!(
        g.handle(up(1, 90.0, 30.0)),
        [
            Output::ClearOverlay,
            Output::ConnectEnd {
                from: "triage".into(),
                screen: (90.0, 30.0)
            }
        ]
    );
    assert!(g.is_idle());
}

#[test]
fn a_pan_follows_the_pointer_from_where_it_began() {
    let mut g = Gestures::default();
    g.handle(down(1, 10.0, 10.0, Press::Pan));
    assert_eq!(g.handle(moved(1, 25.0, 5.0)), [Output::PanBy((15.0, -5.0))]);
    // Another pointer's moves are not this pan's.
    assert_eq!(g.handle(moved(9, 99.0, 99.0)), []);
    assert_eq!(g.handle(up(1, 25.0, 5.0)), []);
    assert!(g.is_idle());
}

/// What the editor does with the outputs: whether a drag is open, and the steps of history.
#[derive(Default)]
struct Editor {
    dragging: bool,
    steps: usize,
}

impl Editor {
    fn apply(&mut self, output: &Output) -> Result<(), String> {
        match output {
            Output::DragStart if self.dragging => return Err("a drag began inside a drag".into()),
            Output::DragStart => self.dragging = true,
            Output::DragPreview(_) if !self.dragging => {
                return Err("a preview outside a drag".into());
            }
            Output::DragCommit(_) | Output::DragRevert if !self.dragging => {
                return Err("a drag ended twice, or never began".into());
            }
            Output::DragCommit(by) => {
                self.dragging = false;
                if *by != (0.0, 0.0) {
                    self.steps += 1;
                }
            }
            Output::DragRevert => self.dragging = false,
            _ => {}
        }
        Ok(())
    }
}

fn any_press() -> impl Strategy<Value = Press> {
    prop_oneof![
        Just(Press::Pan),
        Just(Press::Drag),
        Just(Press::Band),
        Just(Press::Nothing),
        Just(Press::Connect { from: "a".into() }),
    ]
}

fn any_input() -> impl Strategy<Value = Input> {
    let pointer = 0..4i32;
    let place = (-500.0..500.0f64, -500.0..500.0f64);
    prop_oneof![
        (pointer.clone(), place.clone(), any_press())
            .prop_map(|(p, (x, y), press)| down(p, x, y, press)),
        (pointer.clone(), place.clone()).prop_map(|(p, (x, y))| moved(p, x, y)),
        (pointer.clone(), place).prop_map(|(p, (x, y))| up(p, x, y)),
        pointer.prop_map(|p| Input::Cancel { pointer: p }),
        Just(Input::Blur),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Any sequence of events: drags open and end in pairs, the editor is left
    /// "dragging" only while a drag holds a pointer down, and lifting every
    /// pointer (or a blur) leaves no gesture open and no drag half-recorded.
    #[test]
    fn every_gesture_ends_and_history_holds_whole_steps(
        inputs in proptest::collection::vec(any_input(), 0..60),
        lift_all in any::<bool>(),
    ) {
        let mut g = Gestures::default();
        let mut editor = Editor::default();
        let mut down_now = std::collections::BTreeSet::new();
        for input in inputs {
            match &input {
                Input::Down { pointer, .. } => { down_now.insert(*pointer); }
                Input::Up { pointer, .. } | Input::Cancel { pointer } => { down_now.remove(pointer); }
                Input::Blur => down_now.clear(),
                Input::Move { .. } => {}
            }
            for output in g.handle(input) {
                editor.apply(&output).map_err(TestCaseError::fail)?;
            }
            prop_assert_eq!(editor.dragging, g.is_dragging());
            prop_assert_eq!(g.pointers_down(), down_now.len());
            if down_now.is_empty() {
                prop_assert_eq!(g.gesture(), &Gesture::Idle);
            }
        }
        let ending: Vec<Input> = if lift_all {
            down_now.iter().map(|&p| up(p, 0.0, 0.0)).collect()
        } else {
            vec![Input::Blur]
        };
        for input in ending {
            for output in g.handle(input) {
                editor.apply(&output).map_err(TestCaseError::fail)?;
            }
        }
        prop_assert!(g.is_idle());
        prop_assert!(!editor.dragging);
    }
}
