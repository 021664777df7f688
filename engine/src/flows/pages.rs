//! A client that pages through a list by its `next_cursor`: after each page it works on the
//! rows (the sync writes every customer into its own system; a developer in a terminal reads
//! them through) for the client's `page_work_ms`, then asks for the next page with the cursor
//! alone. It stops at the last page or at the first answer that is not 200.

use crate::layers::Outcome;
use crate::model::*;
use crate::runtime::Runtime;
use crate::sim::Tb;
use crate::world::World;

/// Pages a run asks for at most (a list longer than this is cut short; none here is).
const MAX_PAGES: usize = 12;

/// What paging added to a run: the request and outcome it ended with, what the client printed
/// before that outcome (a script's line for each page it finished, or curl's status line for
/// each page before the last), and the URLs of the pages it asked for after the first.
pub(super) struct Paged {
    pub req: HttpRequest,
    pub out: Outcome,
    pub printed: Vec<String>,
    pub later: Vec<String>,
}

/// Follows `next_cursor` from the answer to `req`, when the client pages; `send` makes each
/// request as the flow makes its first.
pub(super) fn page_through(
    w: &World,
    tb: &mut Tb,
    req: HttpRequest,
    out: Outcome,
    send: fn(&World, &mut Tb, HttpRequest) -> Outcome,
) -> Paged {
    let mut p = Paged {
        req,
        out,
        printed: vec![],
        later: vec![],
    };
    let Some(work) = w.client.page_work_ms else {
        return p;
    };
    for page in 1..=MAX_PAGES {
        let Some(r) = p.out.resp.as_ref().filter(|r| r.status == 200) else {
            break;
        };
        let v: serde_json::Value =
            serde_json::from_str(r.body.as_deref().unwrap_or("")).unwrap_or_default();
        let rows = v["data"].as_array().map_or(0, |a| a.len());
        let next = v["next_cursor"].as_str().map(String::from);
        let status = super::common::status_line(r);
        // The rows are worked through before the next page is asked for; a script prints its
        // line for the page when it is done with it, curl showed the page as it came.
        tb.advance(work);
        if w.client.runtime != Runtime::Curl {
            let line = format!("Page {page}: {rows} customers synced");
            let from = tb.exchanges[p.out.ex].from;
            tb.ev(from, from, EventKind::Internal, line.clone());
            p.printed.push(line);
        }
        let Some(cursor) = next.filter(|_| page < MAX_PAGES) else {
            break;
        };
        if w.client.runtime == Runtime::Curl {
            p.printed.push(status);
        }
        let mut again = p.req.clone();
        again.url = format!(
            "{}{}",
            w.client.base,
            crate::layers::pages::next_page(&cursor)
        );
        tb.respan(&mut again.headers);
        p.later.push(again.url.clone());
        p.out = send(w, tb, again.clone());
        p.req = again;
    }
    p
}
