//! Issue 15's `redirect-post-to-get`: a POST to the collection's URL with a trailing slash meets
//! the gateway's canonical-URL 301, the client follows it as a GET without the body, and the
//! POST-only collection answers 405. Each runtime's own words, the evidence, the look-alike.

mod common;

use common::assert_solved;
use common::run_fault as run;
use faultline_engine::sim::header;
use faultline_engine::*;

const FAULT: &str = "redirect-post-to-get";

#[test]
fn the_followed_redirect_turns_the_post_into_a_get_and_the_collection_refuses_it() {
    let cases = [
        ("node", "AxiosError: Request failed with status code 405 (ERR_BAD_REQUEST)"),
        // requests names the URL of the response it raised for: the followed one.
        ("python", "requests.exceptions.HTTPError: 405 Client Error: Method Not Allowed for url: https://api.example.com/v2/chats"),
        // Guzzle names the request that got the error: the GET.
        ("php", "PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\ClientException: Client error: `GET https://api.example.com/v2/chats` resulted in a `405 Method Not Allowed` response"),
        ("postman", "Status: 405 Method Not Allowed"),
    ];
    for (client, words) in cases {
        let t = run(FAULT, "api-call", Some(client), 13).unwrap();
        assert!(
            t.evidence.outcome.contains(words),
            "{client}: {}",
            t.evidence.outcome
        );
        let x = &t.evidence.exchanges;
        assert_eq!(x.len(), 2, "{client}");
        let (post, get) = (&x[0], &x[1]);
        assert_eq!(post.request.method, "POST");
        assert_eq!(post.request.url, "https://api.example.com/v2/chats/");
        assert!(post.request.body.is_some());
        let r = post.response.as_ref().unwrap();
        assert_eq!((r.status, r.reason.as_str()), (301, "Moved Permanently"));
        assert_eq!(
            header(&r.headers, "location"),
            Some("https://api.example.com/v2/chats")
        );
        // The same host: the token goes along; the body and its length do not, nor its type
        // but with Guzzle, whose RedirectMiddleware only empties the body.
        assert_eq!(get.request.method, "GET");
        assert_eq!(get.request.url, "https://api.example.com/v2/chats");
        assert!(get.request.body.is_none(), "{client}");
        assert!(header(&get.request.headers, "authorization").is_some());
        assert_eq!(
            header(&get.request.headers, "content-type").is_some(),
            client == "php",
            "{client}"
        );
        assert!(header(&get.request.headers, "content-length").is_none());
        let r = get.response.as_ref().unwrap();
        assert_eq!(r.status, 405);
        assert_eq!(header(&r.headers, "allow"), Some("POST, OPTIONS"));
        assert_eq!(t.answer.root_cause_layer, Layer::Client);
        assert_solved(&t.evidence, Layer::Client, FAULT, client);
    }
}

#[test]
fn the_gateway_logs_the_301_and_then_the_405_and_no_chat_is_created() {
    let t = run(FAULT, "api-call", Some("python"), 13).unwrap();
    let ev = &t.evidence;
    let traced: Vec<&str> = ev
        .logs
        .iter()
        .filter(|l| l.trace_id.as_deref() == Some(ev.trace_id.as_str()))
        .map(|l| l.text.as_str())
        .collect();
    let at = |needle: &str| traced.iter().position(|l| l.contains(needle));
    let (moved, refused) = (
        at("\"POST /v2/chats/ HTTP/1.1\" 301"),
        at("\"GET /v2/chats HTTP/1.1\" 405"),
    );
    assert!(moved.is_some() && refused.is_some(), "{traced:#?}");
    assert!(moved < refused);
    assert!(
        !traced.iter().any(|l| l.contains("INSERT INTO chats")),
        "{traced:#?}"
    );
}

/// curl names the method with -X, so -L resends the POST; java.net.http does not follow redirects
/// unless told to; the browser's page is another flow. None of them fails this way.
#[test]
fn runtimes_that_keep_the_method_or_do_not_follow_are_not_offered() {
    for client in ["curl", "java", "browser"] {
        let e = run(FAULT, "api-call", Some(client), 1).unwrap_err();
        assert!(matches!(e, EngineError::BadClient(_)), "{client}: {e:?}");
    }
}

/// Counterfactual: without the redirect in the evidence, the lone GET and its 405 read as a client
/// that sends the wrong method.
#[test]
fn without_the_redirect_the_405_reads_as_the_wrong_method() {
    let t = run(FAULT, "api-call", Some("node"), 13).unwrap();
    let mut ev = t.evidence.clone();
    ev.exchanges.remove(0);
    assert_solved(&ev, Layer::Client, "wrong-method", "no redirect shown");
}
