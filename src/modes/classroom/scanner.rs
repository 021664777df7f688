//! Reading result codes with the camera, where the browser can: a "Scan with camera" button
//! shows only when `BarcodeDetector` reads `qr_code` and `getUserMedia` exists. Each QR code seen
//! is handed on once, as if pasted. The camera belongs to the effect that opened it: closing the
//! scanner or leaving the page stops every track. Pasting always works without any of this.
//!
//! Reached through `js_sys::Reflect` (no web-sys features): the classroom is in the full app only.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;

/// How often a frame is looked at, in milliseconds.
const SCAN_EVERY_MS: u32 = 300;

fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: Function = get(obj, method)?.dyn_into().ok()?;
    f.apply(obj, &args.iter().collect::<Array>()).ok()
}

fn window() -> JsValue {
    js_sys::global().into()
}

fn media_devices() -> Option<JsValue> {
    get(&get(&window(), "navigator")?, "mediaDevices")
}

/// Whether this browser can scan QR codes from the camera.
async fn can_scan() -> bool {
    let Some(detector) = get(&window(), "BarcodeDetector") else {
        return false;
    };
    let has_camera = media_devices()
        .and_then(|m| get(&m, "getUserMedia"))
        .is_some_and(|f| f.is_function());
    if !has_camera {
        return false;
    }
    let Some(formats) = call(&detector, "getSupportedFormats", &[]) else {
        return false;
    };
    match JsFuture::from(Promise::resolve(&formats)).await {
        Ok(list) => Array::from(&list)
            .iter()
            .any(|f| f.as_string().as_deref() == Some("qr_code")),
        Err(_) => false,
    }
}

fn stop_tracks(stream: &JsValue) {
    if let Some(tracks) = call(stream, "getTracks", &[]) {
        for track in Array::from(&tracks).iter() {
            let _ = call(&track, "stop", &[]);
        }
    }
}

/// What the camera's refusal means for the trainer.
fn refusal(e: &JsValue) -> String {
    let name = get(e, "name")
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    let why = match name.as_str() {
        "NotAllowedError" => "the browser was not allowed to use it",
        "NotFoundError" | "OverconstrainedError" => "no camera was found",
        "NotReadableError" => "another program is using it",
        _ => "the browser refused",
    };
    format!("The camera could not be opened ({why}). Paste the codes instead.")
}

/// What a running scanner holds; dropped (and the camera stopped) by the effect's cleanup.
#[derive(Default)]
struct Running {
    alive: Cell<bool>,
    stream: RefCell<Option<JsValue>>,
    interval: RefCell<Option<Interval>>,
}

impl Running {
    fn stop(&self) {
        self.alive.set(false);
        self.interval.borrow_mut().take();
        if let Some(stream) = self.stream.borrow_mut().take() {
            stop_tracks(&stream);
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// A code read from the camera (each distinct one once per opening).
    pub on_code: Callback<String>,
}

#[function_component(Scanner)]
pub fn scanner(props: &Props) -> Html {
    let supported = use_state(|| false);
    {
        let supported = supported.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if can_scan().await {
                    supported.set(true);
                }
            });
        });
    }
    let open = use_state(|| false);
    let said = use_state(String::new);
    let video = use_node_ref();
    {
        let (video, said, open_state) = (video.clone(), said.clone(), open.clone());
        let on_code = props.on_code.clone();
        use_effect_with(*open, move |open| {
            let running = Rc::new(Running::default());
            if *open {
                running.alive.set(true);
                start(running.clone(), video, on_code, said, open_state);
            }
            move || running.stop()
        });
    }
    if !*supported {
        return html! {};
    }
    let toggle = {
        let (open, said) = (open.clone(), said.clone());
        Callback::from(move |_: MouseEvent| {
            said.set(String::new());
            open.set(!*open);
        })
    };
    html! {
        <div class="scanner">
            <button type="button" class="button" onclick={toggle} aria-expanded={open.to_string()}>
                { if *open { "Close the camera" } else { "Scan with camera" } }
            </button>
            if *open {
                <video ref={video} class="scanner-video" muted=true autoplay=true playsinline=true
                    aria-label="Camera: hold a result code's QR code up to it"></video>
            }
            <p class="said small" aria-live="polite">{ (*said).clone() }</p>
        </div>
    }
}

/// Opens the camera, shows it, and looks for QR codes until `running` is stopped.
fn start(
    running: Rc<Running>,
    video: NodeRef,
    on_code: Callback<String>,
    said: UseStateHandle<String>,
    open: UseStateHandle<bool>,
) {
    spawn_local(async move {
        let Some(devices) = media_devices() else {
            return;
        };
        let constraints = Object::new();
        let video_wanted = Object::new();
        let _ = Reflect::set(&video_wanted, &"facingMode".into(), &"environment".into());
        let _ = Reflect::set(&constraints, &"video".into(), &video_wanted);
        let _ = Reflect::set(&constraints, &"audio".into(), &false.into());
        let Some(asked) = call(&devices, "getUserMedia", &[constraints.into()]) else {
            return;
        };
        let stream = match JsFuture::from(Promise::resolve(&asked)).await {
            Ok(stream) => stream,
            Err(e) => {
                if running.alive.get() {
                    said.set(refusal(&e));
                    open.set(false);
                }
                return;
            }
        };
        // Closed (or the page left) while the browser was asking: stop it at once.
        if !running.alive.get() {
            stop_tracks(&stream);
            return;
        }
        *running.stream.borrow_mut() = Some(stream.clone());
        let Some(element) = video.get().map(JsValue::from) else {
            running.stop();
            return;
        };
        let _ = Reflect::set(&element, &"srcObject".into(), &stream);
        let _ = call(&element, "play", &[]);
        let options = Object::new();
        let _ = Reflect::set(
            &options,
            &"formats".into(),
            &Array::of1(&"qr_code".into()).into(),
        );
        let detector = get(&window(), "BarcodeDetector")
            .and_then(|c| c.dyn_into::<Function>().ok())
            .and_then(|c| Reflect::construct(&c, &Array::of1(&options)).ok());
        let Some(detector) = detector else {
            said.set(
                "This browser cannot read QR codes after all. Paste the codes instead.".into(),
            );
            running.stop();
            return;
        };
        said.set("Hold a result code's QR code up to the camera.".into());
        let busy = Rc::new(Cell::new(false));
        let seen: Rc<RefCell<BTreeSet<String>>> = Rc::default();
        let alive = running.clone();
        let interval = Interval::new(SCAN_EVERY_MS, move || {
            if busy.get() || !alive.alive.get() {
                return;
            }
            let Some(found) = call(&detector, "detect", std::slice::from_ref(&element)) else {
                return;
            };
            busy.set(true);
            let (busy, seen, on_code, alive) =
                (busy.clone(), seen.clone(), on_code.clone(), alive.clone());
            spawn_local(async move {
                if let Ok(list) = JsFuture::from(Promise::resolve(&found)).await {
                    for code in Array::from(&list).iter() {
                        let raw = get(&code, "rawValue").and_then(|v| v.as_string());
                        if let Some(raw) = raw.filter(|r| !r.trim().is_empty()) {
                            if alive.alive.get() && seen.borrow_mut().insert(raw.clone()) {
                                on_code.emit(raw);
                            }
                        }
                    }
                }
                busy.set(false);
            });
        });
        *running.interval.borrow_mut() = Some(interval);
    });
}
