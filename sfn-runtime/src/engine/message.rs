//! Text built in constants, where nothing can be allocated: the messages of the checks.

use sfn_core::suggest::DID_YOU_MEAN;

use crate::shape::Shape;

/// A message built at compile time (no allocation in constants).
#[derive(Clone, Copy)]
pub(crate) struct Message {
    buf: [u8; 400],
    len: usize,
}

impl Message {
    pub(crate) const fn new() -> Message {
        Message {
            buf: [0; 400],
            len: 0,
        }
    }

    pub(crate) const fn push(mut self, s: &str) -> Message {
        let bytes = s.as_bytes();
        // Cut at a character boundary so that the text stays UTF-8.
        let mut end = bytes.len();
        if self.len + end > self.buf.len() {
            end = self.buf.len() - self.len;
            while end > 0 && (bytes[end] & 0xC0) == 0x80 {
                end -= 1;
            }
        }
        let mut i = 0;
        while i < end {
            self.buf[self.len] = bytes[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    pub(crate) const fn push_usize(self, n: usize) -> Message {
        let mut digits = [0u8; 20];
        let mut len = 0;
        let mut n = n;
        loop {
            digits[19 - len] = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let (_, tail) = digits.split_at(20 - len);
        match std::str::from_utf8(tail) {
            Ok(s) => self.push(s),
            Err(_) => self,
        }
    }

    /// The message with a suggestion after it: "; did you mean `name`?", the words of every
    /// suggestion (`sfn_core::suggest`).
    pub(crate) const fn did_you_mean(self, name: &str) -> Message {
        let (before, after) = DID_YOU_MEAN;
        self.push("; ").push(before).push(name).push(after)
    }

    /// The text.
    pub(crate) const fn as_str(&self) -> &str {
        let (head, _) = self.buf.split_at(self.len);
        match std::str::from_utf8(head) {
            Ok(s) => s,
            Err(_) => "",
        }
    }
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Message").field(&self.as_str()).finish()
    }
}

/// Describes a shape in a few words: "a string", "a list", "`Order`".
pub(crate) const fn describe(m: Message, shape: &Shape) -> Message {
    match shape {
        Shape::Any => m.push("any value"),
        Shape::Null => m.push("null"),
        Shape::Bool => m.push("a boolean"),
        Shape::Integer => m.push("an integer"),
        Shape::Number => m.push("a number"),
        Shape::String => m.push("a string"),
        Shape::Optional(inner) => describe(m, inner).push(" or null"),
        Shape::List(item) => plural(m.push("a list of "), item),
        Shape::Tuple(_) => m.push("a list"),
        Shape::Map(_) => m.push("a map"),
        Shape::Object(o) => m.push("`").push(o.name).push("`"),
        Shape::OneOf(name, _) => m.push("`").push(name).push("`"),
    }
}

/// Describes the values of a list: "strings", "`Item`s".
const fn plural(m: Message, shape: &Shape) -> Message {
    match shape {
        Shape::Any => m.push("any values"),
        Shape::Null => m.push("nulls"),
        Shape::Bool => m.push("booleans"),
        Shape::Integer => m.push("integers"),
        Shape::Number => m.push("numbers"),
        Shape::String => m.push("strings"),
        Shape::Optional(inner) => plural(m, inner).push(" or nulls"),
        Shape::List(_) | Shape::Tuple(_) => m.push("lists"),
        Shape::Map(_) => m.push("maps"),
        Shape::Object(o) => m.push("`").push(o.name).push("`s"),
        Shape::OneOf(name, _) => m.push("`").push(name).push("`s"),
    }
}
