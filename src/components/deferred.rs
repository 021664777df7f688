//! A value worked out in a task of its own, after the render that asks for it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// `compute(&key)`, worked out in a zero timeout after the first render with `key` (and again
/// whenever `key` changes), and handed over in the next; `None` until then. The render that asks
/// for it is painted first, and heavy work (simulating a puzzle) shares a task neither with
/// rendering the page around it nor with rendering what it made.
#[hook]
pub fn use_deferred<K, T, F>(key: K, compute: F) -> Option<Rc<T>>
where
    K: PartialEq + Clone + 'static,
    T: 'static,
    F: FnOnce(&K) -> T + 'static,
{
    let value = use_state(|| None::<(K, Rc<T>)>);
    {
        let value = value.clone();
        use_effect_with(key.clone(), move |key| {
            let key = key.clone();
            // Yew renders a state change at the end of the task that made it: the value is
            // handed over in a task after the one that worked it out, so the two stay apart.
            let hand_over = Rc::new(RefCell::new(None::<Timeout>));
            let work = {
                let hand_over = hand_over.clone();
                Timeout::new(0, move || {
                    let computed = Rc::new(compute(&key));
                    let set = Timeout::new(0, move || value.set(Some((key, computed))));
                    *hand_over.borrow_mut() = Some(set);
                })
            };
            move || {
                drop(work);
                drop(hand_over.borrow_mut().take());
            }
        });
    }
    // A value worked out for an earlier key is not this key's.
    value
        .as_ref()
        .filter(|(for_key, _)| *for_key == key)
        .map(|(_, v)| v.clone())
}
