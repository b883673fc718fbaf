//! What the pointers on the map are doing, as a pure state machine: pointer
//! down, move, up and cancel, lost capture and a lost window focus go in; what
//! the canvas must do comes out. No browser types, so every sequence of events
//! can be tested natively.
//!
//! Its promises: every gesture ends (on up, cancel, lost capture or blur); a
//! drag ends exactly once, committed as one step or reverted; a second pointer
//! during a drag commits the drag before the pinch starts.

use crate::model::ops::snap;

/// A point on screen (client pixels) and the same point on the map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct At {
    pub screen: (f64, f64),
    pub map: (f64, f64),
}

/// What a first pointer pressed starts, as the canvas decides from what is under it.
#[derive(Clone, Debug, PartialEq)]
pub enum Press {
    /// Empty space, or anything with Space held: move the view.
    Pan,
    /// An element to move (the selection, already chosen by the canvas).
    Drag,
    /// An element's port: draw a flow from `from`.
    Connect { from: String },
    /// Shift on empty space: a rubber band.
    Band,
    /// Nothing to do with this pointer (a flow clicked, a read-only map).
    Nothing,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Down {
        pointer: i32,
        at: At,
        press: Press,
    },
    Move {
        pointer: i32,
        at: At,
    },
    Up {
        pointer: i32,
        at: At,
    },
    /// The system took the pointer (pointercancel), or the canvas lost its capture.
    Cancel {
        pointer: i32,
    },
    /// The window lost the focus: every pointer is gone.
    Blur,
}

/// What the canvas must do.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// Pan the view by this many screen pixels from where it was when the pan began.
    PanBy((f64, f64)),
    /// A drag begins: remember the selection's positions.
    DragStart,
    /// Show the selection moved by this much (map units, snapped).
    DragPreview((f64, f64)),
    /// The drag is over: record the move as one step (nothing, if it moved nothing).
    DragCommit((f64, f64)),
    /// The drag is over: put the selection back, record nothing.
    DragRevert,
    /// The rubber band now spans these map points.
    Band { from: (f64, f64), to: (f64, f64) },
    /// Select what the band spans.
    BandSelect { from: (f64, f64), to: (f64, f64) },
    /// The flow being drawn now ends here.
    ConnectLine { from: String, to: (f64, f64) },
    /// Connect `from` to whatever is under this screen point.
    ConnectEnd { from: String, screen: (f64, f64) },
    /// A pinch begins: remember the view.
    PinchStart,
    /// Zoom the view (as it was when the pinch began) by `factor` about `center` (screen, relative).
    PinchZoom { factor: f64, center: (f64, f64) },
    /// Drop whatever the overlay shows (a band, a flow being drawn).
    ClearOverlay,
}

/// The gesture under way.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Gesture {
    #[default]
    Idle,
    Pan {
        pointer: i32,
        from: (f64, f64),
    },
    Drag {
        pointer: i32,
        from: (f64, f64),
        by: (f64, f64),
    },
    Band {
        pointer: i32,
        from: (f64, f64),
        to: (f64, f64),
    },
    Connect {
        pointer: i32,
        from: String,
    },
    Pinch {
        pointers: (i32, i32),
        distance: f64,
        center: (f64, f64),
    },
}

/// The pointers down and the gesture they make.
#[derive(Clone, Debug, Default)]
pub struct Gestures {
    /// Each pointer down, and where it is on screen, in the order they went down
    /// (a few at most: a list, not a map, keeps the wasm small).
    pointers: Vec<(i32, (f64, f64))>,
    gesture: Gesture,
}

impl Gestures {
    pub fn gesture(&self) -> &Gesture {
        &self.gesture
    }

    /// Whether nothing is under way and no pointer is down.
    pub fn is_idle(&self) -> bool {
        self.gesture == Gesture::Idle && self.pointers.is_empty()
    }

    /// Whether a drag is under way (edits wait for it to end).
    pub fn is_dragging(&self) -> bool {
        matches!(self.gesture, Gesture::Drag { .. })
    }

    /// How many pointers are down.
    pub fn pointers_down(&self) -> usize {
        self.pointers.len()
    }

    /// Takes one event; returns what the canvas must do, in order.
    pub fn handle(&mut self, input: Input) -> Vec<Output> {
        match input {
            Input::Down { pointer, at, press } => self.down(pointer, at, press),
            Input::Move { pointer, at } => self.moved(pointer, at),
            Input::Up { pointer, at } => self.up(pointer, at),
            Input::Cancel { pointer } => {
                if self.lift(pointer).is_none() {
                    return Vec::new();
                }
                if self.involves(pointer) {
                    self.end(false)
                } else {
                    Vec::new()
                }
            }
            Input::Blur => {
                self.pointers.clear();
                self.end(false)
            }
        }
    }

    fn place(&self, pointer: i32) -> Option<(f64, f64)> {
        self.pointers
            .iter()
            .find(|(id, _)| *id == pointer)
            .map(|&(_, at)| at)
    }

    /// Forgets a pointer; returns where it was, if it was down.
    fn lift(&mut self, pointer: i32) -> Option<(f64, f64)> {
        let i = self.pointers.iter().position(|(id, _)| *id == pointer)?;
        Some(self.pointers.remove(i).1)
    }

    /// Whether `pointer` takes part in the gesture under way.
    fn involves(&self, pointer: i32) -> bool {
        match &self.gesture {
            Gesture::Idle => false,
            Gesture::Pan { pointer: p, .. }
            | Gesture::Drag { pointer: p, .. }
            | Gesture::Band { pointer: p, .. }
            | Gesture::Connect { pointer: p, .. } => *p == pointer,
            Gesture::Pinch { pointers, .. } => pointers.0 == pointer || pointers.1 == pointer,
        }
    }

    /// Ends the gesture under way: a drag committed (`commit`) or reverted, a band
    /// or a flow being drawn dropped, a pan or pinch left where it is.
    fn end(&mut self, commit: bool) -> Vec<Output> {
        match std::mem::take(&mut self.gesture) {
            Gesture::Idle => Vec::new(),
            Gesture::Drag { by, .. } if commit => vec![Output::DragCommit(by)],
            Gesture::Drag { .. } => vec![Output::DragRevert],
            Gesture::Band { .. } | Gesture::Connect { .. } => vec![Output::ClearOverlay],
            Gesture::Pan { .. } | Gesture::Pinch { .. } => Vec::new(),
        }
    }

    fn down(&mut self, pointer: i32, at: At, press: Press) -> Vec<Output> {
        match self.pointers.iter_mut().find(|(id, _)| *id == pointer) {
            Some(known) => known.1 = at.screen,
            None => self.pointers.push((pointer, at.screen)),
        }
        if let [(a, pa), (b, pb)] = self.pointers[..] {
            // A second finger: whatever the first was doing ends (a drag as one
            // step, kept), and the two pinch.
            let mut out = self.end(true);
            self.gesture = Gesture::Pinch {
                pointers: (a, b),
                distance: distance(pa, pb),
                center: midpoint(pa, pb),
            };
            out.push(Output::PinchStart);
            return out;
        }
        if self.pointers.len() > 2 || self.gesture != Gesture::Idle {
            // A third finger, or a pointer while another gesture holds: ignored.
            return Vec::new();
        }
        match press {
            Press::Pan => {
                self.gesture = Gesture::Pan {
                    pointer,
                    from: at.screen,
                };
                Vec::new()
            }
            Press::Drag => {
                self.gesture = Gesture::Drag {
                    pointer,
                    from: at.map,
                    by: (0.0, 0.0),
                };
                vec![Output::DragStart]
            }
            Press::Connect { from } => {
                self.gesture = Gesture::Connect {
                    pointer,
                    from: from.clone(),
                };
                vec![Output::ConnectLine { from, to: at.map }]
            }
            Press::Band => {
                self.gesture = Gesture::Band {
                    pointer,
                    from: at.map,
                    to: at.map,
                };
                vec![Output::Band {
                    from: at.map,
                    to: at.map,
                }]
            }
            Press::Nothing => Vec::new(),
        }
    }

    fn moved(&mut self, pointer: i32, at: At) -> Vec<Output> {
        let Some(known) = self.pointers.iter_mut().find(|(id, _)| *id == pointer) else {
            return Vec::new();
        };
        known.1 = at.screen;
        if !self.involves(pointer) {
            return Vec::new();
        }
        let pinch_spread = match &self.gesture {
            Gesture::Pinch { pointers, .. } => {
                match (self.place(pointers.0), self.place(pointers.1)) {
                    (Some(a), Some(b)) => Some(distance(a, b)),
                    _ => None,
                }
            }
            _ => None,
        };
        let moved_by = match &self.gesture {
            Gesture::Drag { from, .. } => Some((snap(at.map.0 - from.0), snap(at.map.1 - from.1))),
            _ => None,
        };
        match &mut self.gesture {
            Gesture::Idle => Vec::new(),
            Gesture::Pan { from, .. } => {
                vec![Output::PanBy((at.screen.0 - from.0, at.screen.1 - from.1))]
            }
            Gesture::Drag { by, .. } => {
                let now = moved_by.unwrap_or(*by);
                if now == *by {
                    return Vec::new();
                }
                *by = now;
                vec![Output::DragPreview(now)]
            }
            Gesture::Band { from, to, .. } => {
                *to = at.map;
                vec![Output::Band {
                    from: *from,
                    to: at.map,
                }]
            }
            Gesture::Connect { from, .. } => vec![Output::ConnectLine {
                from: from.clone(),
                to: at.map,
            }],
            Gesture::Pinch {
                distance: start,
                center,
                ..
            } => match pinch_spread {
                Some(spread) => vec![Output::PinchZoom {
                    factor: spread / start.max(1.0),
                    center: *center,
                }],
                None => Vec::new(),
            },
        }
    }

    fn up(&mut self, pointer: i32, at: At) -> Vec<Output> {
        if self.lift(pointer).is_none() || !self.involves(pointer) {
            return Vec::new();
        }
        match std::mem::take(&mut self.gesture) {
            Gesture::Drag { by, .. } => vec![Output::DragCommit(by)],
            Gesture::Band { from, to, .. } => {
                vec![Output::ClearOverlay, Output::BandSelect { from, to }]
            }
            Gesture::Connect { from, .. } => vec![
                Output::ClearOverlay,
                Output::ConnectEnd {
                    from,
                    screen: at.screen,
                },
            ],
            // A pinch ends with either finger; the other does nothing until it is lifted.
            Gesture::Idle | Gesture::Pan { .. } | Gesture::Pinch { .. } => Vec::new(),
        }
    }
}

fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

fn midpoint(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)
}
