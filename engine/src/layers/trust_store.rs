//! The CA bundle a client runtime verifies server certificates against, as the person on the
//! client's machine would look it up: the file the runtime reads and the roots it holds.

use super::tls::{NEW_ROOT, OLD_ROOT};
use crate::runtime::Runtime;

/// What checking the trust store of `rt` shows (title and body), or `None` for a runtime whose
/// roots are built into it (Node, Postman, Chrome). `old`: the bundle predates [`NEW_ROOT`].
pub fn check(rt: Runtime, old: bool) -> Option<(String, String)> {
    let roots: &[&str] = if old {
        &[OLD_ROOT]
    } else {
        &[OLD_ROOT, NEW_ROOT]
    };
    let body = match rt {
        // A truststore of the application's own, named on its command line: the JDK's cacerts
        // is not what it reads. keytool lists each entry's alias and the date it was added.
        Runtime::Java => {
            let store = "/opt/app/conf/truststore.jks";
            let added = |r: &str| {
                if r == OLD_ROOT {
                    "Mar 4, 2023"
                } else {
                    "Feb 11, 2026"
                }
            };
            let mut s = format!(
                "$ ps -o args= -C java | grep -o -- '-Djavax.net.ssl.trustStore=[^ ]*'\n-Djavax.net.ssl.trustStore={store}\n$ keytool -list -keystore {store} -storepass changeit | grep -i -A1 exampletrust\n"
            );
            for r in roots {
                s.push_str(&format!(
                    "{}, {}, trustedCertEntry,\nCertificate fingerprint (SHA-256): {}\n",
                    r.to_ascii_lowercase().replace(' ', ""),
                    added(r),
                    fingerprint(r)
                ));
            }
            s
        }
        // requests verifies against certifi's bundle, pinned in the job's virtualenv.
        Runtime::Python => {
            let pem = "/opt/app/venv/lib/python3.12/site-packages/certifi/cacert.pem";
            let version = if old { "2022.12.7" } else { "2025.4.26" };
            let mut s = format!(
                "$ /opt/app/venv/bin/python -m certifi\n{pem}\n$ /opt/app/venv/bin/pip show certifi | grep ^Version\nVersion: {version}\n$ grep 'Label: \"Example Trust' {pem}\n"
            );
            for r in roots {
                s.push_str(&format!("# Label: \"{r}\"\n"));
            }
            s
        }
        // Guzzle's cURL reads the bundle php.ini names; mk-ca-bundle heads it with its date.
        Runtime::Php => {
            let pem = "/etc/php/8.3/cacert.pem";
            let as_of = if old {
                "Tue Jan 10 04:12:06 2023 GMT"
            } else {
                "Tue Feb 25 04:12:03 2025 GMT"
            };
            let mut s = format!(
                "$ php -i | grep curl.cainfo\ncurl.cainfo => {pem} => {pem}\n$ grep -e '^## Certificate data from Mozilla' -e '^Example Trust' {pem}\n## Certificate data from Mozilla as of: {as_of}\n"
            );
            for r in roots {
                s.push_str(&format!("{r}\n"));
            }
            s
        }
        // curl on a Debian/Ubuntu host reads the system bundle built from ca-certificates.
        Runtime::Curl => {
            let version = if old {
                "20211016ubuntu0.22.04.1"
            } else {
                "20240203"
            };
            let mut s = format!(
                "$ dpkg-query -W ca-certificates\nca-certificates\t{version}\n$ ls /etc/ssl/certs | grep -i example_trust\n"
            );
            for r in roots {
                s.push_str(&format!("{}.pem\n", r.replace(' ', "_")));
            }
            s
        }
        _ => return None,
    };
    Some((format!("Trust store of the {} client", rt.id()), body))
}

/// A root's SHA-256 fingerprint as keytool prints it (colon-separated upper-case hex).
fn fingerprint(root: &str) -> String {
    let h = crate::util::hex(&crate::util::sha256(root.as_bytes())).to_uppercase();
    h.as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}
