//! JSON text to and from `serde_json::Value`, without serde's reader and writer machinery.
//!
//! The start module reads and writes a little JSON (the study reference when an entry opens, a
//! token's claims, the crash marker, the finished attempt it hands to the progress writer).
//! Through serde_json's reader and each type's derived code that cost ~20 KB gzip of the start
//! module (BENCHMARKS.md, "hydration"); this reader and writer cost a few. They accept the same
//! text and give the same `Value` and the same compact text as serde_json (the tests compare both),
//! so what one module writes the other reads.

use std::fmt;

use serde_json::{Map, Number, Value};

/// serde_json's limit (127 levels read, the 128th refused), so a deeply nested text fails the
/// same way in both.
const MAX_DEPTH: usize = 128;

/// Why and where a text is not JSON, worded as serde_json words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub what: &'static str,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.what, self.line, self.column
        )
    }
}

/// Reads one JSON value (surrounding whitespace allowed, nothing else).
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let value = reader.value()?;
    reader.skip_whitespace();
    if reader.pos < reader.bytes.len() {
        reader.pos += 1;
        return Err(reader.error("trailing characters"));
    }
    Ok(value)
}

/// Writes an object with its fields in this order, byte for byte what `serde_json::to_string`
/// writes for a struct with these fields (a `Value`'s map would sort them).
pub fn write_fields(fields: &[(&str, Value)]) -> String {
    let mut out = String::from("{");
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(&mut out, key);
        out.push(':');
        write_into(&mut out, value);
    }
    out.push('}');
    out
}

/// Writes `value` as compact JSON, byte for byte what `serde_json::to_string` writes.
pub fn write(value: &Value) -> String {
    let mut out = String::new();
    write_into(&mut out, value);
    out
}

fn write_into(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_into(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_into(out, item);
            }
            out.push('}');
        }
    }
}

/// serde_json's escapes (the engine writes its JSON by hand the same way).
fn write_string(out: &mut String, s: &str) {
    faultline_engine::util::json::push_json_str(out, s);
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Reader<'_> {
    /// An error at the byte just read (serde_json counts columns in bytes, from 1).
    fn error(&self, what: &'static str) -> Error {
        let upto = &self.bytes[..self.pos.min(self.bytes.len())];
        let line = 1 + upto.iter().filter(|&&b| b == b'\n').count();
        let column = upto.iter().rev().take_while(|&&b| b != b'\n').count();
        Error { what, line, column }
    }

    /// The error for what stands at the reader instead of what it expected: `eof` at the end of
    /// the text, else `what`, past the byte (where serde_json places it).
    fn unexpected(&mut self, eof: &'static str, what: &'static str) -> Error {
        if self.peek().is_some() {
            self.pos += 1;
            return self.error(what);
        }
        self.error(eof)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Value, Error> {
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.error("EOF while parsing a value")),
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                self.pos += 1;
                Err(self.error("expected value"))
            }
        }
    }

    fn nested(&mut self, read: fn(&mut Self) -> Result<Value, Error>) -> Result<Value, Error> {
        self.depth += 1;
        self.pos += 1;
        if self.depth >= MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, Error> {
        for expected in word.bytes() {
            match self.peek() {
                None => return Err(self.error("EOF while parsing a value")),
                Some(b) => {
                    self.pos += 1;
                    if b != expected {
                        return Err(self.error("expected ident"));
                    }
                }
            }
        }
        Ok(value)
    }

    /// Past a comma; refuses a list or object that closes right after it.
    fn comma(&mut self, close: u8) -> Result<(), Error> {
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Err(self.error("trailing comma"));
        }
        Ok(())
    }

    fn array(&mut self) -> Result<Value, Error> {
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.comma(b']')?,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.unexpected("EOF while parsing a list", "expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Result<Value, Error> {
        let mut map = Map::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                _ => {
                    return Err(
                        self.unexpected("EOF while parsing an object", "key must be a string")
                    )
                }
            }
            let key = self.string()?;
            self.skip_whitespace();
            match self.peek() {
                Some(b':') => self.pos += 1,
                _ => return Err(self.unexpected("EOF while parsing an object", "expected `:`")),
            }
            let item = self.value()?;
            map.insert(key, item);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.comma(b'}')?,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                _ => {
                    return Err(
                        self.unexpected("EOF while parsing an object", "expected `,` or `}`")
                    )
                }
            }
        }
    }

    /// A string, the reader at its opening quote.
    fn string(&mut self) -> Result<String, Error> {
        self.pos += 1;
        let mut out = String::new();
        let mut start = self.pos;
        loop {
            let Some(b) = self.peek() else {
                return Err(self.error("EOF while parsing a string"));
            };
            match b {
                b'"' => {
                    out.push_str(&self.text[start..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[start..self.pos]);
                    self.pos += 1;
                    self.escape(&mut out)?;
                    start = self.pos;
                }
                0..=0x1f => {
                    self.pos += 1;
                    return Err(self.error(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
                _ => self.pos += 1,
            }
        }
    }

    /// One escape, the reader just past its backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let Some(b) = self.peek() else {
            return Err(self.error("EOF while parsing a string"));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = match first {
                    0xD800..=0xDBFF => {
                        if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                            return Err(self.error("lone leading surrogate in hex escape"));
                        }
                        self.pos += 2;
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(self.error("lone leading surrogate in hex escape"));
                        }
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    }
                    0xDC00..=0xDFFF => {
                        return Err(self.error("lone leading surrogate in hex escape"))
                    }
                    n => n,
                };
                char::from_u32(code).ok_or_else(|| self.error("invalid unicode code point"))?
            }
            _ => return Err(self.error("invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut n = 0;
        for _ in 0..4 {
            let Some(b) = self.peek() else {
                return Err(self.error("EOF while parsing a string"));
            };
            self.pos += 1;
            let digit = (b as char)
                .to_digit(16)
                .ok_or_else(|| self.error("invalid escape"))?;
            n = n * 16 + digit;
        }
        Ok(n)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, Error> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.pos += 1;
                    return Err(self.error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => {
                self.pos += 1;
                return Err(self.error("invalid number"));
            }
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.pos += 1;
            if self.digits() == 0 {
                self.pos += 1;
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            integer = false;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                self.pos += 1;
                return Err(self.error("invalid number"));
            }
        }
        let text = &self.text[start..self.pos];
        // serde_json reads "-0" as the float -0.0, not the integer 0.
        if integer && text != "-0" {
            if let Ok(n) = text.parse::<u64>() {
                return Ok(Value::Number(n.into()));
            }
            if let Ok(n) = text.parse::<i64>() {
                return Ok(Value::Number(n.into()));
            }
        }
        Number::from_f64(float(text))
            .map(Value::Number)
            .ok_or_else(|| self.error("number out of range"))
    }
}

/// A number's value as serde_json's default reader computes it: the digits that fit in a u64,
/// scaled by a power of ten (exact up to 10^22). Not `str::parse`: its correctly rounded reader
/// brings 10 KB of tables into the module, and no text the app reads has a fractional number it
/// uses. Infinite when out of range (the caller refuses it).
fn float(text: &str) -> f64 {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, exponent_text) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut significand: u64 = 0;
    let mut exponent: i64 = 0;
    for (b, in_fraction) in whole
        .bytes()
        .map(|b| (b, false))
        .chain(fraction.bytes().map(|b| (b, true)))
    {
        match significand
            .checked_mul(10)
            .and_then(|s| s.checked_add(u64::from(b - b'0')))
        {
            Some(next) => {
                significand = next;
                exponent -= i64::from(in_fraction);
            }
            // Digits past a u64's precision only scale the whole part.
            None => exponent += i64::from(!in_fraction),
        }
    }
    let (sign, exponent_digits) = match exponent_text.as_bytes().first() {
        Some(b'-') => (-1, &exponent_text[1..]),
        Some(b'+') => (1, &exponent_text[1..]),
        _ => (1, exponent_text),
    };
    let written = exponent_digits.bytes().fold(0i64, |n, b| {
        n.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    });
    let mut exponent = exponent.saturating_add(sign * written);
    let mut value = significand as f64;
    while value != 0.0 && value.is_finite() && exponent != 0 {
        let step = exponent.clamp(-22, 22);
        let scale = 10f64.powi(step.unsigned_abs() as i32);
        value = if step > 0 {
            value * scale
        } else {
            value / scale
        };
        exponent -= step;
    }
    if negative {
        -value
    } else {
        value
    }
}

#[cfg(test)]
#[path = "json_value_tests.rs"]
mod tests;
