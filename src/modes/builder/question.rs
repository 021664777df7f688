use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Element id of the question text (the dialog is labelled by it).
    pub id: AttrValue,
    pub text: AttrValue,
    /// Button labels, the first being the main answer; the last one should leave things as they are.
    pub choices: Vec<AttrValue>,
    /// The index of the chosen button.
    pub on_choose: Callback<usize>,
}

/// A question asked in the page (not a browser pop-up) before something that cannot be undone,
/// such as replacing an imported pack. It takes focus, so a keyboard or screen reader user is
/// brought to it.
#[function_component(Question)]
pub fn question(props: &Props) -> Html {
    let first = use_node_ref();
    {
        let first = first.clone();
        use_effect_with(props.text.clone(), move |_| {
            if let Some(button) = first.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let buttons = props.choices.iter().enumerate().map(|(i, label)| {
        let on_choose = props.on_choose.clone();
        let class = if i == 0 { "button primary" } else { "button" };
        let node = if i == 0 { first.clone() } else { NodeRef::default() };
        html! {
            <button type="button" {class} ref={node} onclick={Callback::from(move |_| on_choose.emit(i))}>{ label.clone() }</button>
        }
    });
    html! {
        <div class="confirm question-box" role="alertdialog" aria-labelledby={props.id.clone()}>
            <p id={props.id.clone()}>{ props.text.clone() }</p>
            { for buttons }
        </div>
    }
}
