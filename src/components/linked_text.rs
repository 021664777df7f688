use yew::prelude::*;

use super::RefOpener;
use crate::logic::reference;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: AttrValue,
}

/// Evidence text, verbatim, with status codes, headers and terms turned into buttons that open
/// the study reference. The buttons carry no entry id or title (spoiler rule): the entry is
/// looked up only when clicked.
#[function_component(LinkedText)]
pub fn linked_text(props: &Props) -> Html {
    let opener = use_context::<RefOpener>();
    let segments = use_memo(props.text.clone(), |text| reference::get().segments(text));
    match opener {
        None => html! { <>{ props.text.clone() }</> },
        Some(RefOpener(open)) => html! {
            <>
                { for segments.iter().map(|(text, entry)| match entry {
                    None => html! { { text.clone() } },
                    Some(index) => {
                        let index = *index;
                        let open = open.clone();
                        html! {
                            <button type="button" class="ref-link"
                                onclick={Callback::from(move |_| open.emit(index))}>{ text.clone() }</button>
                        }
                    }
                }) }
            </>
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct TokenProps {
    pub token: AttrValue,
}

/// A whole token (header name, status code) that links when the reference knows it.
#[function_component(LinkedToken)]
pub fn linked_token(props: &TokenProps) -> Html {
    let opener = use_context::<RefOpener>();
    match (opener, reference::get().lookup(&props.token)) {
        (Some(RefOpener(open)), Some(index)) => html! {
            <button type="button" class="ref-link"
                onclick={Callback::from(move |_| open.emit(index))}>{ props.token.clone() }</button>
        },
        _ => html! { <>{ props.token.clone() }</> },
    }
}
