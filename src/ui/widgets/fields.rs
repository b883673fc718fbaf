//! Inputs that refuse bad values: a number or time is committed only when it is
//! valid; otherwise the field says why and the last valid value stays in the map.
//! The inspector and the table of steps share them, so their edits are the same.

use leptos::prelude::*;

use crate::io::validate::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
use crate::model::fields::{Range, StepField};
use crate::model::{Duration, Element, ElementKind, Spread, TimeUnit};
use crate::ui::state::Store;

/// Reads a number as people type it ("1,5" too). Empty is `None`.
pub fn parse_number(text: &str, range: Range) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let value: f64 = text
        .replace(',', ".")
        .parse()
        .map_err(|_| format!("\u{201c}{text}\u{201d} is not a number"))?;
    range.check(value).map(|_| Some(value)).map_err(capitalised)
}

/// How a number is shown in a field.
fn number_text(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A field that commits what is typed as soon as it reads (`read`), explains
/// what does not, and shows the stored value again (`show`) when it is left
/// holding something else: a bad value, or one the map refused.
#[component]
fn ReadInput<T>(
    #[prop(into)] value: Signal<T>,
    read: Callback<String, Result<T, String>>,
    show: fn(&T) -> String,
    #[prop(into)] on_commit: Callback<T>,
    label: String,
    field: String,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let error = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    // While "1." or "2,50" is being typed, the text stays as typed when it means the stored value.
    let shown = move || {
        let stored = value.get();
        let typed = input.get_untracked().map(|i| i.value());
        match typed {
            Some(text) if read.run(text.clone()).ok().as_ref() == Some(&stored) => text,
            _ => show(&stored),
        }
    };
    view! {
        <span class="number-input">
            <input type="text" inputmode="decimal" node_ref=input prop:value=shown aria-label=label data-field=field
                class:invalid=move || error.get().is_some()
                aria-invalid=move || error.get().is_some().to_string()
                on:input=move |ev| match read.run(event_target_value(&ev)) {
                    Ok(v) => {
                        error.set(None);
                        on_commit.run(v);
                    }
                    Err(reason) => error.set(Some(reason)),
                }
                on:blur=move |_| {
                    // The field may be leaving the page (its owner was deselected), so nothing here
                    // may assume it lives on.
                    if let (Some(input), Some(stored)) = (input.try_get_untracked().flatten(), value.try_get_untracked())
                        && read.run(input.value()).ok().as_ref() != Some(&stored)
                    {
                        error.try_set(None);
                        input.set_value(&show(&stored));
                    }
                } />
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
        </span>
    }
}

/// A range's complaint as a sentence ("Must be …").
fn capitalised(reason: String) -> String {
    crate::analysis::format::capitalised(&reason)
}

/// A number field: commits valid values as they are typed, explains invalid ones.
#[component]
pub fn NumberInput(
    #[prop(into)] value: Signal<Option<f64>>,
    range: Range,
    #[prop(into)] on_commit: Callback<Option<f64>>,
    #[prop(into)] label: String,
    #[prop(optional, into)] field: String,
    /// Refuse an empty field (for values a map cannot do without).
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let read = Callback::new(move |text: String| match parse_number(&text, range) {
        Ok(None) if required => Err("A value is needed here".to_string()),
        other => other,
    });
    let show = |v: &Option<f64>| number_text(*v);
    view! { <ReadInput value=value read=read show=show on_commit=on_commit label=label field=field /> }
}

/// A time: a number and its unit. The number field also reads a unit typed
/// with it ("2h", "90 min", "1:30", "1.5d", "45s"), which the unit picker then shows.
#[component]
pub fn TimeInput(
    #[prop(into)] value: Signal<Option<Duration>>,
    range: Range,
    #[prop(into)] on_commit: Callback<Option<Duration>>,
    #[prop(into)] label: String,
    #[prop(optional, into)] field: String,
) -> impl IntoView {
    // The unit chosen before any number is typed.
    let chosen = RwSignal::new(TimeUnit::Minutes);
    let unit = move || value.get().map_or_else(|| chosen.get(), |d| d.unit);
    let read = Callback::new(move |text: String| {
        let current = value
            .get_untracked()
            .map_or_else(|| chosen.get_untracked(), |d| d.unit);
        let time = Duration::parse(&text, current)?;
        if let Some(time) = &time {
            range.check(time.value).map_err(capitalised)?;
        }
        // A new value keeps the spread the old one had (the forecast's range).
        let old = value.get_untracked();
        let calendar = expect_context::<Store>().with_map(|m| m.calendar.clone());
        Ok(time.map(|t| t.keeping_spread_of(old.as_ref(), &calendar)))
    });
    let show = |time: &Option<Duration>| number_text(time.as_ref().map(|d| d.value));
    let change_unit = move |ev: leptos::ev::Event| {
        let symbol = event_target_value(&ev);
        let Some(new_unit) = TimeUnit::ALL.into_iter().find(|u| u.symbol() == symbol) else {
            return;
        };
        chosen.set(new_unit);
        if let Some(d) = value.get_untracked() {
            on_commit.run(Some(Duration::new(d.value, new_unit)));
        }
    };
    let unit_label = format!("{label} unit");
    let unit_field = format!("{field}-unit");
    view! {
        <span class="time-input">
            <ReadInput value=value read=read show=show on_commit=on_commit label=label field=field />
            <select on:change=change_unit aria-label=unit_label data-field=unit_field>
                {TimeUnit::ALL.into_iter().map(|u| view! { <option value=u.symbol() selected=move || unit() == u>{u.symbol()}</option> }).collect_view()}
            </select>
        </span>
    }
}

/// A text field committing as it is typed, cut at `max` characters.
#[component]
pub fn TextInput(
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_commit: Callback<String>,
    #[prop(into)] label: String,
    #[prop(default = MAX_NAME_CHARS)] max: usize,
    #[prop(optional)] multiline: bool,
    #[prop(optional, into)] field: String,
    #[prop(optional)] node_ref: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    let commit = move |ev: leptos::ev::Event| {
        let text: String = event_target_value(&ev).chars().take(max).collect();
        on_commit.run(text);
    };
    if multiline {
        view! { <textarea rows="3" maxlength=max aria-label=label data-field=field prop:value=move || value.get() on:input=commit></textarea> }
            .into_any()
    } else {
        view! { <input type="text" maxlength=max aria-label=label data-field=field node_ref=node_ref
        prop:value=move || value.get() on:input=commit /> }
        .into_any()
    }
}

/// The text properties of elements that people type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextProp {
    Name,
    Notes,
    /// A step's owner or team.
    Owner,
    KaizenOwner,
    KaizenTarget,
}

impl TextProp {
    pub fn key(self) -> &'static str {
        match self {
            TextProp::Name => "name",
            TextProp::Notes => "notes",
            TextProp::Owner => "owner",
            TextProp::KaizenOwner => "kaizen-owner",
            TextProp::KaizenTarget => "target",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TextProp::Name => "Name",
            TextProp::Notes => "Notes",
            TextProp::Owner => "Owner or team",
            TextProp::KaizenOwner => "Owner",
            TextProp::KaizenTarget => "Target",
        }
    }

    fn get(self, element: &Element) -> String {
        match (self, &element.kind) {
            (TextProp::Name, _) => element.name.clone(),
            (TextProp::Notes, _) => element.notes.clone(),
            (TextProp::Owner, ElementKind::Process(step)) => step.owner.clone(),
            (TextProp::KaizenOwner, ElementKind::Kaizen(k)) => k.owner.clone(),
            (TextProp::KaizenTarget, ElementKind::Kaizen(k)) => k.target.clone(),
            _ => String::new(),
        }
    }

    fn set(self, element: &mut Element, text: String) {
        match (self, &mut element.kind) {
            (TextProp::Name, _) => element.name = text,
            (TextProp::Notes, _) => element.notes = text,
            (TextProp::Owner, ElementKind::Process(step)) => step.owner = text,
            (TextProp::KaizenOwner, ElementKind::Kaizen(k)) => k.owner = text,
            (TextProp::KaizenTarget, ElementKind::Kaizen(k)) => k.target = text,
            _ => {}
        }
    }
}

/// A text field bound to one property of one element, as in the inspector and the table.
pub fn element_text_input(
    store: Store,
    id: String,
    prop: TextProp,
    label: String,
    node_ref: NodeRef<leptos::html::Input>,
) -> AnyView {
    let key = id.clone();
    let value = Signal::derive(move || {
        store
            .element(&key)
            .map(|e| prop.get(&e))
            .unwrap_or_default()
    });
    let commit = move |text: String| store.update_element(&id, prop.key(), |e| prop.set(e, text));
    let (max, multiline) = match prop {
        TextProp::Notes => (MAX_TEXT_CHARS, true),
        _ => (MAX_NAME_CHARS, false),
    };
    view! { <TextInput value=value on_commit=commit label=label max=max multiline=multiline field=prop.key() node_ref=node_ref /> }
        .into_any()
}

/// The editor of one data-box field of one step, as used in the inspector and the table.
pub fn step_field_editor(store: Store, id: String, field: StepField) -> AnyView {
    let key = id.clone();
    let step = Memo::new(move |_| match store.element(&key).map(|e| e.kind) {
        Some(ElementKind::Process(step)) => Some(step),
        _ => None,
    });
    let label = field.label().to_string();
    let field_key = field.key().to_string();
    if field.is_time() {
        let value = Signal::derive(move || step.get().and_then(|s| field.time(&s).cloned()));
        let commit = move |v: Option<Duration>| {
            store.update_element(&id, field.key(), |e| {
                if let ElementKind::Process(s) = &mut e.kind {
                    field.set_time(s, v);
                }
            })
        };
        view! { <TimeInput value=value range=field.range() on_commit=commit label=label field=field_key /> }.into_any()
    } else {
        let value = Signal::derive(move || step.get().and_then(|s| field.number(&s)));
        let commit = move |v: Option<f64>| {
            store.update_element(&id, field.key(), |e| {
                if let ElementKind::Process(s) = &mut e.kind {
                    field.set_number(s, v);
                }
            })
        };
        view! { <NumberInput value=value range=field.range() on_commit=commit label=label field=field_key /> }.into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fields::StepField;

    #[test]
    fn numbers_are_read_as_typed_and_refused_with_a_reason() {
        let range = StepField::PctCa.range();
        assert_eq!(parse_number(" 85 ", range), Ok(Some(85.0)));
        assert_eq!(parse_number("72,5", range), Ok(Some(72.5)));
        assert_eq!(parse_number("", range), Ok(None));
        assert_eq!(
            parse_number("abc", range),
            Err("\u{201c}abc\u{201d} is not a number".into())
        );
        assert_eq!(
            parse_number("140", range),
            Err("Must be from 0 up to 100, got 140".into())
        );
    }
}

/// A spread as it is typed and shown: "min/likely/max" in the time's unit.
pub fn spread_text(spread: &Option<Spread>) -> String {
    use crate::analysis::format::number;
    match spread {
        None => String::new(),
        Some(Spread::Range(r)) => {
            format!("{}/{}/{}", number(r.min), number(r.likely), number(r.max))
        }
        Some(quantiles @ Spread::Quantiles(_)) => {
            let (min, max) = quantiles.bounds();
            format!("measured {}\u{2013}{}", number(min), number(max))
        }
    }
}

/// Reads "20/30/60" (min/likely/max) or "20-60" (the time's own value as the
/// most likely); empty is no spread.
pub fn parse_spread(text: &str, value: f64) -> Result<Option<Spread>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || {
        format!(
            "\u{201c}{text}\u{201d} is not a range: type min/likely/max, as 20/30/60, or min-max"
        )
    };
    let numbers: Vec<f64> = text
        .split(['/', '-', '\u{2013}'])
        .map(|part| {
            part.trim()
                .replace(',', ".")
                .parse::<f64>()
                .map_err(|_| bad())
        })
        .collect::<Result<_, _>>()?;
    let spread = match numbers[..] {
        [min, likely, max] => Spread::range(min, likely, max),
        [min, max] => Spread::range(min, value.clamp(min.min(max), max.max(min)), max),
        _ => return Err(bad()),
    };
    match spread.problem() {
        Some(problem) => Err(capitalised(problem)),
        None => Ok(Some(spread)),
    }
}

/// What a range is, where one is typed.
pub const RANGE_HELP: &str = "How the time varies from unit to unit, for the forecast: min/likely/max in the time's unit (20/30/60), or min-max. The figures above keep the time itself.";

/// A time's range for the forecast, typed as min/likely/max in the time's unit
/// ("20/30/60", or "20-60" around the time itself). Empty removes it.
#[component]
pub fn SpreadInput(
    #[prop(into)] time: Signal<Option<Duration>>,
    #[prop(into)] on_commit: Callback<Option<Duration>>,
    #[prop(into)] label: String,
    #[prop(optional, into)] field: String,
) -> impl IntoView {
    // The same field as a time's (one generic instance less in the wasm): the
    // time with the range typed.
    let read = Callback::new(move |text: String| match time.get_untracked() {
        Some(mut current) => {
            current.spread = parse_spread(&text, current.value)?.map(Box::new);
            Ok(Some(current))
        }
        None if text.trim().is_empty() => Ok(None),
        None => Err("Give the time first, then its range".to_string()),
    });
    let show = |time: &Option<Duration>| {
        spread_text(&time.as_ref().and_then(|d| d.spread.as_deref().cloned()))
    };
    view! { <ReadInput value=time read=read show=show on_commit=on_commit label=label field=field /> }
}
