//! A serde `Serializer` that writes a value as a Rust expression, so build.rs can hand the start
//! module its puzzle as code rather than as JSON: the module then carries no JSON reader for the
//! puzzle's types (serde's generated readers were the largest part of it).
//!
//! The expression relies on three helpers the including file defines (see
//! `src/logic/start_puzzle.rs`): `s("…")` for any `From<&str>` (a `String`, a JSON value),
//! `n(…)` for any integer type or a JSON number, and the engine's types in scope by name.
//! Struct fields serde skips are written as `Default::default()`; enum variants are read back
//! from their kebab-case JSON names. Anything else (floats, bytes, chars) is refused, loudly.

use std::fmt::{self, Display, Write};

use serde::ser::{self, Serialize};

#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// `value` as a Rust expression.
pub fn to_rust<T: Serialize>(value: &T) -> Result<String, Error> {
    let mut out = Emit(String::new());
    value.serialize(&mut out)?;
    Ok(out.0)
}

pub struct Emit(String);

/// `load-balancer` → `LoadBalancer`: the Rust variant behind a kebab-case serde name.
fn variant(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut c = part.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn refuse<T>(what: &str) -> Result<T, Error> {
    Err(Error(format!(
        "{what} cannot be written as a start-module literal"
    )))
}

impl Emit {
    fn int(&mut self, v: impl Display) -> Result<(), Error> {
        write!(self.0, "n({v})").map_err(ser::Error::custom)
    }
}

impl<'a> ser::Serializer for &'a mut Emit {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Close<'a>;
    type SerializeTuple = Close<'a>;
    type SerializeTupleStruct = Close<'a>;
    type SerializeTupleVariant = Close<'a>;
    type SerializeMap = Close<'a>;
    type SerializeStruct = Close<'a>;
    type SerializeStructVariant = Close<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        write!(self.0, "From::from({v})").map_err(ser::Error::custom)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.int(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.int(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.int(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.int(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.int(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.int(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        match i64::try_from(v) {
            Ok(v) => self.int(v),
            Err(_) => refuse("an integer past i64"),
        }
    }
    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        refuse("a float")
    }
    fn serialize_f64(self, _: f64) -> Result<(), Error> {
        refuse("a float")
    }
    fn serialize_char(self, _: char) -> Result<(), Error> {
        refuse("a char")
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write!(self.0, "s({v:?})").map_err(ser::Error::custom)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        refuse("bytes")
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.0.push_str("None");
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), Error> {
        self.0.push_str("Some(");
        v.serialize(&mut *self)?;
        self.0.push(')');
        Ok(())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.0.push_str("()");
        Ok(())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Error> {
        self.0.push_str(name);
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<(), Error> {
        write!(self.0, "{name}::{}", variant(v)).map_err(ser::Error::custom)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        write!(self.0, "{name}(").map_err(ser::Error::custom)?;
        v.serialize(&mut *self)?;
        self.0.push(')');
        Ok(())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        _: u32,
        var: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        write!(self.0, "{name}::{}(", variant(var)).map_err(ser::Error::custom)?;
        v.serialize(&mut *self)?;
        self.0.push(')');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Close<'a>, Error> {
        self.0.push_str("vec![");
        Ok(Close(self, "]", false))
    }
    fn serialize_tuple(self, _: usize) -> Result<Close<'a>, Error> {
        self.0.push('(');
        Ok(Close(self, ")", false))
    }
    fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Close<'a>, Error> {
        write!(self.0, "{name}(").map_err(ser::Error::custom)?;
        Ok(Close(self, ")", false))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        var: &'static str,
        _: usize,
    ) -> Result<Close<'a>, Error> {
        write!(self.0, "{name}::{}(", variant(var)).map_err(ser::Error::custom)?;
        Ok(Close(self, ")", false))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Close<'a>, Error> {
        if len == Some(0) {
            self.0.push_str("Default::default()");
            return Ok(Close(self, "", true));
        }
        self.0.push('[');
        Ok(Close(self, "].into_iter().collect()", false))
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Close<'a>, Error> {
        write!(self.0, "{name} {{").map_err(ser::Error::custom)?;
        Ok(Close(self, "}", false))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        var: &'static str,
        _: usize,
    ) -> Result<Close<'a>, Error> {
        write!(self.0, "{name}::{} {{", variant(var)).map_err(ser::Error::custom)?;
        Ok(Close(self, "}", false))
    }
}

/// An open compound: the text that closes it, and whether it was written whole already.
pub struct Close<'a>(&'a mut Emit, &'static str, bool);

impl Close<'_> {
    fn item<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        v.serialize(&mut *self.0)?;
        self.0 .0.push(',');
        Ok(())
    }
    fn field<T: ?Sized + Serialize>(&mut self, key: &str, v: &T) -> Result<(), Error> {
        write!(self.0 .0, "{key}:").map_err(ser::Error::custom)?;
        self.item(v)
    }
    fn close(self) -> Result<(), Error> {
        self.0 .0.push_str(self.1);
        Ok(())
    }
}

impl ser::SerializeSeq for Close<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.item(v)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTuple for Close<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.item(v)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Close<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.item(v)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Close<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.item(v)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeMap for Close<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), Error> {
        if self.2 {
            return refuse("a map that said it was empty");
        }
        self.0 .0.push('(');
        k.serialize(&mut *self.0)?;
        self.0 .0.push(',');
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        v.serialize(&mut *self.0)?;
        self.0 .0.push_str("),");
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeStruct for Close<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.field(key, v)
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), Error> {
        write!(self.0 .0, "{key}:Default::default(),").map_err(ser::Error::custom)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Close<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.field(key, v)
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), Error> {
        write!(self.0 .0, "{key}:Default::default(),").map_err(ser::Error::custom)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}
