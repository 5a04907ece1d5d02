//! A definition with typed payloads, joined at compile time: the canonical JSON around each
//! payload, and each payload's fields under the type's serde names.

use super::rust_field;
use crate::shape::{FieldKind, Shape};

/// A piece of a definition whose JSON depends on types: `asl!` writes the definition as text
/// pieces and typed payloads, joined at compile time by [`join`].
#[derive(Debug, Clone, Copy)]
pub enum Piece {
    /// JSON text, written as is.
    Text(&'static str),
    /// A typed payload: the type's shape and its fields (Rust name, whether the value is a
    /// path, the value's pieces), written under their serde names.
    Typed(
        &'static Shape,
        &'static [(&'static str, bool, &'static [Piece])],
    ),
}

/// Writes `s` at `pos` when `out` has room (`out` is empty when only counting).
const fn put(out: &mut [u8], pos: usize, s: &[u8]) -> usize {
    if pos + s.len() <= out.len() {
        // A loop: `copy_from_slice` is const only from Rust 1.87.
        let mut i = 0;
        while i < s.len() {
            out[pos + i] = s[i];
            i += 1;
        }
    }
    pos + s.len()
}

/// Writes a JSON string (`"name"` or `"name.$"`) with JSON escapes.
const fn put_key(out: &mut [u8], pos: usize, name: &str, path: bool) -> usize {
    let mut pos = put(out, pos, b"\"");
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        pos = match b {
            b'"' => put(out, pos, b"\\\""),
            b'\\' => put(out, pos, b"\\\\"),
            b'\n' => put(out, pos, b"\\n"),
            b'\r' => put(out, pos, b"\\r"),
            b'\t' => put(out, pos, b"\\t"),
            0..=0x1f => {
                let digits = b"0123456789abcdef";
                let esc = [
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    digits[(b >> 4) as usize],
                    digits[(b & 0xF) as usize],
                ];
                put(out, pos, &esc)
            }
            _ => put(out, pos, &[b]),
        };
        i += 1;
    }
    if path {
        pos = put(out, pos, b".$");
    }
    put(out, pos, b"\"")
}

/// Writes pieces; `braces` is false for a flattened payload, whose fields join its parent's.
#[track_caller]
const fn put_pieces(out: &mut [u8], pos: usize, pieces: &[Piece], depth: usize) -> usize {
    let mut pos = pos;
    let mut i = 0;
    while i < pieces.len() {
        pos = match pieces[i] {
            Piece::Text(t) => put(out, pos, t.as_bytes()),
            Piece::Typed(shape, fields) => {
                let pos = put(out, pos, b"{");
                let (pos, _) = put_fields(out, pos, shape, fields, true, depth);
                put(out, pos, b"}")
            }
        };
        i += 1;
    }
    pos
}

/// Writes the fields of a typed payload, separated by commas; `first` says whether nothing
/// is written yet in the object (a flattened payload's fields join its parent's). Returns the
/// position and whether the object is still empty.
#[track_caller]
const fn put_fields(
    out: &mut [u8],
    pos: usize,
    shape: &'static Shape,
    fields: &[(&'static str, bool, &'static [Piece])],
    first: bool,
    depth: usize,
) -> (usize, bool) {
    if depth > 64 {
        panic!("typed payloads nested too deeply");
    }
    let mut pos = pos;
    let mut first = first;
    let mut i = 0;
    while i < fields.len() {
        let (rust, path, value) = fields[i];
        let (name, kind) = match rust_field(shape, rust) {
            Some(f) => (f.name, f.kind),
            None => (rust, FieldKind::Normal),
        };
        match kind {
            FieldKind::Skip => {}
            // Not written by the type's `Serialize`, but read by its `Deserialize`: the
            // function that receives the payload needs it.
            FieldKind::Normal | FieldKind::SkipSerializing => {
                if !first {
                    pos = put(out, pos, b",");
                }
                first = false;
                pos = put_key(out, pos, name, path);
                pos = put(out, pos, b":");
                pos = put_pieces(out, pos, value, depth + 1);
            }
            FieldKind::Flatten => {
                // A struct literal; `check_not_flattened` stops the build under any other value.
                if let [Piece::Typed(inner, inner_fields)] = value {
                    (pos, first) = put_fields(out, pos, inner, inner_fields, first, depth + 1);
                }
            }
        }
        i += 1;
    }
    (pos, first)
}

/// The length of the pieces of a definition, joined.
#[track_caller]
pub const fn joined_len(pieces: &[Piece]) -> usize {
    put_pieces(&mut [], 0, pieces, 0)
}

/// The pieces of a definition, joined; `N` is [`joined_len`].
#[track_caller]
pub const fn join<const N: usize>(pieces: &[Piece]) -> [u8; N] {
    let mut out = [b' '; N];
    put_pieces(&mut out, 0, pieces, 0);
    out
}

/// The joined definition as text, without the padding.
#[track_caller]
pub const fn joined_str(bytes: &[u8]) -> &str {
    let mut end = bytes.len();
    while end > 0 && bytes[end - 1] == b' ' {
        end -= 1;
    }
    let (head, _) = bytes.split_at(end);
    match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(_) => panic!("a definition that is not UTF-8"),
    }
}
