//! The code line (or tool view) a learner ran, in each runtime's own language.

use super::Runtime;

/// A request as the learner's code or tool spells it; secrets already masked.
pub struct Shown<'a> {
    pub method: &'a str,
    pub url: &'a str,
    /// Headers the code sets itself (Authorization, x-api-key, Content-Type).
    pub headers: Vec<(String, String)>,
    /// `(user, masked password)` for HTTP Basic.
    pub basic: Option<(String, String)>,
    pub body: Option<String>,
    /// The file the body is read from and sent byte for byte, when the code sends a file as it
    /// is rather than text it writes out.
    pub file: Option<&'a str>,
    pub timeout_s: i64,
}

fn js_obj(h: &[(String, String)]) -> String {
    let kv: Vec<String> = h
        .iter()
        .map(|(k, v)| {
            if k.contains('-') {
                format!("'{k}': '{v}'")
            } else {
                format!("{k}: '{v}'")
            }
        })
        .collect();
    format!("{{ {} }}", kv.join(", "))
}

/// A body longer than this is not typed into a command or code line: it is read from a file,
/// [`BODY_FILE`], as people do with a record that carries an image.
pub const LARGE_BODY: usize = 2048;
pub const BODY_FILE: &str = "body.json";

/// How each runtime sends a body read from file `name` (`bytes` long). `raw`: the bytes go out
/// as they are (a Buffer, file_get_contents), not read as UTF-8 text first.
fn file_body(rt: Runtime, name: &str, bytes: usize, raw: bool) -> String {
    match rt {
        Runtime::Node if raw => format!("fs.readFileSync('{name}')"),
        Runtime::Node => format!("fs.readFileSync('{name}', 'utf8')"),
        Runtime::Python => format!("open('{name}', 'rb')"),
        Runtime::Java => format!("Path.of(\"{name}\")"),
        Runtime::Php if raw => format!("file_get_contents('{name}')"),
        Runtime::Php => format!("fopen('{name}', 'r')"),
        Runtime::Postman => format!("{name} ({bytes} bytes)"),
        _ => "JSON.stringify(record)".into(),
    }
}

/// The code line (or tool view) that sends `s` in a runtime other than curl. `bytes`: the
/// body's length on the wire.
pub fn code(rt: Runtime, legacy: bool, s: &Shown, bytes: usize) -> String {
    if let Some(name) = s.file {
        return code_with_file(rt, legacy, s, file_body(rt, name, bytes, true));
    }
    if s.body.as_deref().is_some_and(|b| b.len() > LARGE_BODY) {
        return code_with_file(rt, legacy, s, file_body(rt, BODY_FILE, bytes, false));
    }
    code_inline(rt, legacy, s)
}

/// The same code with the body read from a file, `src` (a browser page sends its record
/// object).
fn code_with_file(rt: Runtime, legacy: bool, s: &Shown, src: String) -> String {
    let marker = "\u{1}BODY\u{1}";
    let text = code_inline(
        rt,
        legacy,
        &Shown {
            method: s.method,
            url: s.url,
            headers: s.headers.clone(),
            basic: s.basic.clone(),
            body: Some(marker.into()),
            file: None,
            timeout_s: s.timeout_s,
        },
    );
    match rt {
        // The body goes in as code, not as a quoted string.
        Runtime::Java => text.replace(
            &format!("BodyPublishers.ofString(\"{marker}\")"),
            &format!("BodyPublishers.ofFile({src})"),
        ),
        Runtime::Postman => text.replace(
            &format!("Body (raw): {marker}"),
            &format!("Body (binary): {src}"),
        ),
        Runtime::Python => text.replace(&format!("data='{marker}'"), &format!("data={src}")),
        Runtime::Php => text.replace(
            &format!("'body' => '{marker}'"),
            &format!("'body' => {src}"),
        ),
        Runtime::Node => text.replace(&format!("data: '{marker}'"), &format!("data: {src}")),
        _ => text.replace(&format!("body: '{marker}'"), &format!("body: {src}")),
    }
}

/// A body as the code holds it inline, in one string literal: on one line, each run of white
/// space one space.
pub fn inline_text(b: &str) -> String {
    b.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn code_inline(rt: Runtime, legacy: bool, s: &Shown) -> String {
    let (m, url) = (s.method, s.url);
    let lower = m.to_ascii_lowercase();
    let body = s.body.as_deref().map(inline_text);
    match rt {
        Runtime::Node => {
            let mut opts = vec![];
            if !s.headers.is_empty() {
                opts.push(format!("headers: {}", js_obj(&s.headers)));
            }
            if let Some((u, p)) = &s.basic {
                opts.push(format!("auth: {{ username: '{u}', password: '{p}' }}"));
            }
            if let Some(b) = &body {
                opts.push(format!("data: '{b}'"));
            }
            opts.push(format!("timeout: {}", s.timeout_s * 1000));
            format!(
                "$ node call.js   # axios 1.7.2, Node.js 20\ntry {{\n  const res = await axios.request({{ method: '{lower}', url: '{url}', {} }});\n  console.log(res.status, res.statusText);\n}} catch (err) {{\n  console.error(`${{err.name}}: ${{err.message}} (${{err.code}})`);\n}}",
                opts.join(", ")
            )
        }
        Runtime::Python => {
            let mut args = vec![format!("'{url}'")];
            if !s.headers.is_empty() {
                let kv: Vec<String> = s
                    .headers
                    .iter()
                    .map(|(k, v)| format!("'{k}': '{v}'"))
                    .collect();
                args.push(format!("headers={{{}}}", kv.join(", ")));
            }
            if let Some((u, p)) = &s.basic {
                args.push(format!("auth=('{u}', '{p}')"));
            }
            if let Some(b) = &body {
                args.push(format!("data='{b}'"));
            }
            args.push(format!("timeout=(10, {})", s.timeout_s));
            format!(
                "$ python3 call.py   # requests 2.32.3, Python 3.12\nr = requests.{lower}({})\nr.raise_for_status()\nprint(r.status_code, r.reason)",
                args.join(", ")
            )
        }
        Runtime::Java if legacy => {
            let mut c = format!("$ java Call   # java version \"1.7.0_80\"\nHttpsURLConnection con = (HttpsURLConnection) new URL(\"{url}\").openConnection();\ncon.setConnectTimeout(10000);\ncon.setReadTimeout({});\ncon.setRequestMethod(\"{m}\");", s.timeout_s * 1000);
            for (k, v) in &s.headers {
                c.push_str(&format!("\ncon.setRequestProperty(\"{k}\", \"{v}\");"));
            }
            // Java 7 has no java.util.Base64; javax.xml.bind's converter is the usual stand-in.
            if let Some((u, p)) = &s.basic {
                c.push_str(&format!("\ncon.setRequestProperty(\"Authorization\", \"Basic \" + DatatypeConverter.printBase64Binary(\"{u}:{p}\".getBytes(\"UTF-8\")));"));
            }
            // The body goes out through the connection's stream (which is also where it connects).
            if let Some(b) = &body {
                c.push_str(&format!(
                    "\ncon.setDoOutput(true);\ntry (OutputStream out = con.getOutputStream()) {{\n    out.write(\"{}\".getBytes(\"UTF-8\"));\n}}",
                    b.replace('"', "\\\"")
                ));
            }
            c.push_str("\nSystem.out.println(con.getResponseCode());");
            c
        }
        Runtime::Java => {
            let mut c = format!("$ java Call.java   # java.net.http, Java 21\nvar client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)\n    .connectTimeout(Duration.ofSeconds(10)).build();\nvar req = HttpRequest.newBuilder(URI.create(\"{url}\"))\n    .timeout(Duration.ofSeconds({}))", s.timeout_s);
            for (k, v) in &s.headers {
                c.push_str(&format!("\n    .header(\"{k}\", \"{v}\")"));
            }
            if let Some((u, p)) = &s.basic {
                c.push_str(&format!(
                    "\n    .header(\"Authorization\", basic(\"{u}\", \"{p}\"))"
                ));
            }
            match &body {
                Some(b) => c.push_str(&format!(
                    "\n    .method(\"{m}\", BodyPublishers.ofString(\"{}\"))",
                    b.replace('"', "\\\"")
                )),
                // The builder's own methods for the calls that carry no body (they send no
                // Content-Length); any other method says it sends an empty one.
                None => match m {
                    "GET" | "DELETE" | "HEAD" => c.push_str(&format!("\n    .{m}()")),
                    _ => c.push_str(&format!("\n    .method(\"{m}\", BodyPublishers.noBody())")),
                },
            }
            c.push_str(".build();\nvar res = client.send(req, BodyHandlers.ofString());\nSystem.out.println(res.statusCode() + \" \" + res.body());");
            c
        }
        Runtime::Php => {
            let mut opts = vec![];
            if !s.headers.is_empty() {
                let kv: Vec<String> = s
                    .headers
                    .iter()
                    .map(|(k, v)| format!("'{k}' => '{v}'"))
                    .collect();
                opts.push(format!("'headers' => [{}]", kv.join(", ")));
            }
            if let Some((u, p)) = &s.basic {
                opts.push(format!("'auth' => ['{u}', '{p}']"));
            }
            if let Some(b) = &body {
                opts.push(format!("'body' => '{b}'"));
            }
            format!(
                "$ php call.php   # Guzzle 7, PHP 8.3\n$client = new GuzzleHttp\\Client(['timeout' => {}, 'connect_timeout' => 10]);\n$res = $client->request('{m}', '{url}', [{}]);\necho $res->getStatusCode(), ' ', $res->getReasonPhrase(), PHP_EOL;",
                s.timeout_s,
                opts.join(", ")
            )
        }
        Runtime::Postman => {
            let mut c = format!("Postman (PostmanRuntime/7.39.0) sends:\n{m} {url}");
            if let Some((u, p)) = &s.basic {
                c.push_str(&format!(
                    "\nAuthorization tab: Basic Auth, username {u}, password {p}"
                ));
            }
            for (k, v) in &s.headers {
                c.push_str(&format!("\n{k}: {v}"));
            }
            if let Some(b) = &body {
                c.push_str(&format!("\nBody (raw): {b}"));
            }
            c
        }
        Runtime::Browser | Runtime::AgentDesktop => {
            let origin = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
            let mut opts = vec![format!("method: '{m}'")];
            if !s.headers.is_empty() {
                opts.push(format!("headers: {}", js_obj(&s.headers)));
            }
            if let Some(b) = &body {
                opts.push(format!("body: '{b}'"));
            }
            format!(
                "Chrome 124, DevTools console on {origin}/docs:\n> await fetch('{url}', {{ {} }})",
                opts.join(", ")
            )
        }
        Runtime::Curl => String::new(),
    }
}

/// The same call sent once more when it timed out waiting for the answer, as the code shows it:
/// curl's `--retry 1` (curl retries a timeout whatever the method), or a loop of the script's
/// own in axios and requests, neither of which retries a POST by itself. No `Idempotency-Key`.
pub fn with_retry(rt: Runtime, code: &str) -> String {
    match rt {
        Runtime::Curl => code.replacen(" -X ", " --retry 1 -X ", 1),
        Runtime::Node => {
            let (head, rest) = code.split_once('\n').unwrap_or((code, ""));
            let call = rest
                .lines()
                .find(|l| l.contains("axios.request("))
                .unwrap_or("")
                .trim();
            format!(
                "{head}\nfor (let attempt = 1; attempt <= 2; attempt++) {{\n  try {{\n    {call}\n    console.log(res.status, res.statusText);\n    break;\n  }} catch (err) {{\n    console.error(`${{err.name}}: ${{err.message}} (${{err.code}})`);\n    if (err.code !== 'ECONNABORTED' || attempt === 2) break;\n    await new Promise((r) => setTimeout(r, 1000)); // timed out: send it again\n  }}\n}}"
            )
        }
        Runtime::Python => {
            let (head, rest) = code.split_once('\n').unwrap_or((code, ""));
            let call = rest
                .lines()
                .find(|l| l.starts_with("r = requests."))
                .unwrap_or("");
            format!(
                "{head}\nfor attempt in (1, 2):\n    try:\n        {call}\n        r.raise_for_status()\n        print(r.status_code, r.reason)\n        break\n    except requests.exceptions.ReadTimeout as e:\n        print(f\"{{type(e).__module__}}.{{type(e).__name__}}: {{e}}\")\n        time.sleep(1)  # timed out: send it again"
            )
        }
        _ => code.to_string(),
    }
}

/// The import script's code: after printing the status it takes the export's rows from the
/// answer's body and imports them, never looking at the status or the `Location` (axios and
/// requests treat every 2xx alike).
pub fn reads_rows(rt: Runtime, code: &str) -> String {
    match rt {
        Runtime::Node => code.replacen(
            "  console.log(res.status, res.statusText);\n",
            "  console.log(res.status, res.statusText);\n  const rows = res.data.rows ?? [];\n  await importChats(rows);\n  console.log(`Imported ${rows.length} chats`);\n",
            1,
        ),
        Runtime::Python => code.replacen(
            "print(r.status_code, r.reason)",
            "print(r.status_code, r.reason)\nrows = r.json().get(\"rows\", [])\nimport_chats(rows)\nprint(f\"Imported {len(rows)} chats\")",
            1,
        ),
        _ => code.to_string(),
    }
}

/// A job that creates customers from files prints, after the status, the customer the API
/// created: its id and its name as the API stored them. Java's view prints the whole body
/// and curl's `-i` the whole answer already.
pub fn prints_created(rt: Runtime, code: &str) -> String {
    match rt {
        Runtime::Node => code.replacen(
            "  console.log(res.status, res.statusText);\n",
            "  console.log(res.status, res.statusText);\n  console.log(`customer ${res.data.id}: ${res.data.name}`);\n",
            1,
        ),
        Runtime::Python => code.replacen(
            "print(r.status_code, r.reason)",
            "print(r.status_code, r.reason)\nc = r.json()\nprint(f\"customer {c['id']}: {c['name']}\")",
            1,
        ),
        Runtime::Php => code.replacen(
            "echo $res->getStatusCode(), ' ', $res->getReasonPhrase(), PHP_EOL;",
            "echo $res->getStatusCode(), ' ', $res->getReasonPhrase(), PHP_EOL;\n$c = json_decode((string) $res->getBody(), true);\necho \"customer {$c['id']}: {$c['name']}\", PHP_EOL;",
            1,
        ),
        _ => code.to_string(),
    }
}

/// The sync's code: it asks for the first page, saves the page's customers into its own
/// system, prints a line for the page, then asks for the next with the page's `next_cursor`
/// (`next` is the URL the cursor is appended to), until a page has none. axios, requests and
/// Guzzle throw on the first status that is not 2xx, which ends the loop; java.net.http's loop
/// prints that answer and stops.
pub fn pages_through(rt: Runtime, code: &str, first: &str, next: &str) -> String {
    let (head, rest) = code.split_once('\n').unwrap_or((code, ""));
    match rt {
        Runtime::Node => {
            let call = rest
                .lines()
                .find(|l| l.contains("axios.request("))
                .unwrap_or("")
                .trim()
                .replacen(&format!("url: '{first}'"), "url", 1);
            format!(
                "{head}\nlet url = '{first}';\ntry {{\n  for (let page = 1; url; page++) {{\n    {call}\n    const {{ data, next_cursor }} = res.data;\n    await saveCustomers(data);\n    console.log(`Page ${{page}}: ${{data.length}} customers synced`);\n    url = next_cursor && `{next}${{next_cursor}}`;\n  }}\n}} catch (err) {{\n  console.error(`${{err.name}}: ${{err.message}} (${{err.code}})`);\n}}"
            )
        }
        Runtime::Python => {
            let call = rest
                .lines()
                .find(|l| l.starts_with("r = requests."))
                .unwrap_or("")
                .replacen(&format!("('{first}'"), "(url", 1);
            format!(
                "{head}\nurl = '{first}'\npage = 1\nwhile url:\n    {call}\n    r.raise_for_status()\n    body = r.json()\n    save_customers(body['data'])\n    print(f\"Page {{page}}: {{len(body['data'])}} customers synced\")\n    url = body['next_cursor'] and f\"{next}{{body['next_cursor']}}\"\n    page += 1"
            )
        }
        Runtime::Php => {
            let call = rest
                .lines()
                .find(|l| l.starts_with("$res = $client->request("))
                .unwrap_or("")
                .replacen(&format!("'{first}'"), "$url", 1);
            let client = rest.lines().next().unwrap_or("");
            format!(
                "{head}\n{client}\n$url = '{first}';\nfor ($page = 1; $url; $page++) {{\n    {call}\n    $body = json_decode($res->getBody(), true);\n    saveCustomers($body['data']);\n    echo \"Page $page: \", count($body['data']), ' customers synced', PHP_EOL;\n    $url = $body['next_cursor'] ? '{next}' . $body['next_cursor'] : null;\n}}"
            )
        }
        // java.net.http hands back any status: the loop checks it and prints the refusal.
        Runtime::Java => {
            let lines: Vec<&str> = rest.lines().collect();
            let Some(at) = lines.iter().position(|l| l.starts_with("var req = ")) else {
                return code.to_string();
            };
            let send = lines
                .iter()
                .position(|l| l.starts_with("var res = "))
                .unwrap_or(lines.len());
            let req: Vec<String> = lines[at..send]
                .iter()
                .map(|l| {
                    format!(
                        "    {}",
                        l.replacen(&format!("URI.create(\"{first}\")"), "URI.create(url)", 1)
                    )
                })
                .collect();
            format!(
                "{head}\n{}\nvar url = \"{first}\";\nfor (int page = 1; url != null; page++) {{\n{}\n    var res = client.send(req, BodyHandlers.ofString());\n    if (res.statusCode() != 200) {{\n        System.out.println(res.statusCode() + \" \" + res.body());\n        break;\n    }}\n    var body = new JSONObject(res.body());   // org.json\n    var data = body.getJSONArray(\"data\");\n    saveCustomers(data);\n    System.out.println(\"Page \" + page + \": \" + data.length() + \" customers synced\");\n    url = body.isNull(\"next_cursor\") ? null : \"{next}\" + body.getString(\"next_cursor\");\n}}",
                lines[..at].join("\n"),
                req.join("\n")
            )
        }
        _ => code.to_string(),
    }
}

/// The client certificate a mutual-TLS endpoint asks for, as each runtime is given it: curl's
/// `--cert`/`--key`, an `https.Agent` with `cert` and `key` for axios, requests' `cert=`, the
/// JSSE key store system properties (java.net.http's default SSL context reads them), Guzzle's
/// `cert` and `ssl_key` options, and Postman's client certificate setting for the host.
pub fn with_client_cert(rt: Runtime, code: &str, host: &str) -> String {
    let (crt, key) = ("partner.crt", "partner.key");
    match rt {
        Runtime::Curl if code.contains(" -X ") => {
            code.replacen(" -X ", &format!(" --cert {crt} --key {key} -X "), 1)
        }
        Runtime::Curl => code.replacen(" -I ", &format!(" -I --cert {crt} --key {key} "), 1),
        Runtime::Node => code.replacen(
            ", timeout: ",
            &format!(", httpsAgent: new https.Agent({{ cert: fs.readFileSync('{crt}'), key: fs.readFileSync('{key}') }}), timeout: "),
            1,
        ),
        Runtime::Python => code.replacen(
            ", timeout=(",
            &format!(", cert=('{crt}', '{key}'), timeout=("),
            1,
        ),
        Runtime::Java => code.replacen(
            "$ java ",
            "$ java -Djavax.net.ssl.keyStore=partner.p12 -Djavax.net.ssl.keyStorePassword=\"$P12_PASSWORD\" ",
            1,
        ),
        Runtime::Php => {
            let opts = format!("'cert' => '{crt}', 'ssl_key' => '{key}'");
            match code.find("', [") {
                Some(at) => {
                    let at = at + 4;
                    let sep = if code[at..].starts_with(']') { "" } else { ", " };
                    format!("{}{opts}{sep}{}", &code[..at], &code[at..])
                }
                None => code.to_string(),
            }
        }
        Runtime::Postman => format!(
            "{code}\nSettings > Certificates > Client certificates: {host}, CRT file {crt}, KEY file {key}"
        ),
        Runtime::Browser | Runtime::AgentDesktop => code.to_string(),
    }
}
