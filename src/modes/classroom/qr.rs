//! A QR code as an SVG path, drawn by `qrcodegen` (full app only: the start module never links
//! the classroom). One path of unit squares, a four-module quiet zone, crisp at any size.

use qrcodegen::{QrCode, QrCodeEcc};
use yew::prelude::*;

/// The modules of `text` as an SVG path and the side of the whole picture (quiet zone
/// included), or None when the text is too long for a QR code.
pub fn path(text: &str) -> Option<(String, i32)> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = qr.size();
    let mut d = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                d.push_str(&format!("M{} {}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    Some((d, size + 8))
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: AttrValue,
    /// What the code opens, for screen readers: "QR code of the link to join".
    pub label: AttrValue,
}

#[function_component(Qr)]
pub fn qr(props: &Props) -> Html {
    let drawn = use_memo(props.text.clone(), |t| path(t));
    match &*drawn {
        Some((d, side)) => html! {
            <svg class="qr" viewBox={format!("0 0 {side} {side}")} role="img"
                aria-label={props.label.clone()} shape-rendering="crispEdges">
                <rect width={side.to_string()} height={side.to_string()} fill="#fff" />
                <path d={d.clone()} fill="#000" />
            </svg>
        },
        None => html! { <p class="muted">{ "Too long for a QR code: use the link." }</p> },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_becomes_a_square_with_finder_patterns() {
        let (d, side) = path("https://example.org/faultline/#/classroom/join/m3-0102030405060708")
            .expect("fits");
        // Version 4 or so: 33 modules plus the quiet zone.
        assert!((25..=61).contains(&side), "{side}");
        // The top-left finder pattern's corner is dark.
        assert!(d.starts_with("M4 4h1v1h-1z"));
        assert!(path(&"x".repeat(5000)).is_none());
    }
}
