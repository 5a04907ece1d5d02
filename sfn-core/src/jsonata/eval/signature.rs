//! Function signatures (`<s-nn?:s>`): which arguments a function takes, how a missing first
//! argument is taken from the context (`-`), and how a single value becomes an array (`a`).
//! Arguments are checked as JSONata does: each argument becomes a letter (its type, `m` for
//! undefined) and the letters must match a regular expression built from the signature.

use std::rc::Rc;

use super::regex::Regex;
use super::value::Val;
use super::EvalError;

#[derive(Debug)]
struct Param {
    regex: String,
    kind: Option<char>,
    context: bool,
    context_regex: Option<Rc<Regex>>,
    subtype: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Signature {
    params: Vec<Param>,
    regex: Rc<Regex>,
}

/// The letter of a value in a signature.
fn symbol(v: Option<&Val>) -> char {
    match v {
        None => 'm',
        Some(Val::Fun(_)) => 'f',
        Some(Val::Str(_)) => 's',
        Some(Val::Num(_)) => 'n',
        Some(Val::Bool(_)) => 'b',
        Some(Val::Null) => 'l',
        Some(Val::Arr(_)) => 'a',
        Some(Val::Obj(_)) => 'o',
    }
}

fn closing(chars: &[char], start: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 1;
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

impl Signature {
    /// Parses a signature such as `<s-nn?:s>`; the error is JSONata's code.
    pub(crate) fn parse(text: &str) -> Result<Signature, &'static str> {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut params: Vec<Param> = Vec::new();
        let mut i = 1;
        let new = |regex: String, kind: Option<char>| Param {
            regex,
            kind,
            context: false,
            context_regex: None,
            subtype: None,
        };
        while let Some(&c) = chars.get(i) {
            if c == ':' || (c == '>' && i + 1 == chars.len()) {
                break;
            }
            match c {
                's' | 'n' | 'b' | 'l' | 'o' => params.push(new(format!("[{c}m]"), Some(c))),
                'a' => params.push(new("[asnblfom]".into(), Some('a'))),
                'f' => params.push(new("f".into(), Some('f'))),
                'j' => params.push(new("[asnblom]".into(), Some('j'))),
                'x' => params.push(new("[asnblfom]".into(), None)),
                '-' => {
                    if let Some(p) = params.last_mut() {
                        p.context = true;
                        p.context_regex =
                            Regex::new(&format!("^{}$", p.regex), "").ok().map(Rc::new);
                        p.regex.push('?');
                    }
                }
                '?' | '+' => {
                    if let Some(p) = params.last_mut() {
                        p.regex.push(c);
                    }
                }
                '(' => {
                    let end = closing(&chars, i, '(', ')').ok_or("S0402")?;
                    let choice: String = chars.get(i + 1..end).unwrap_or(&[]).iter().collect();
                    if choice.contains('<') {
                        return Err("S0402");
                    }
                    params.push(new(format!("[{choice}m]"), Some('(')));
                    i = end;
                }
                '<' => {
                    let Some(p) = params
                        .last_mut()
                        .filter(|p| matches!(p.kind, Some('a' | 'f')))
                    else {
                        return Err("S0401");
                    };
                    let end = closing(&chars, i, '<', '>').ok_or("S0401")?;
                    p.subtype = Some(chars.get(i + 1..end).unwrap_or(&[]).iter().collect());
                    i = end;
                }
                _ => return Err("S0401"),
            }
            i += 1;
        }
        let pattern: String = params.iter().map(|p| format!("({})", p.regex)).collect();
        let regex = Regex::new(&format!("^{pattern}$"), "").map_err(|_| "S0401")?;
        Ok(Signature {
            params,
            regex: Rc::new(regex),
        })
    }

    pub(crate) fn arity(&self) -> usize {
        self.params.len()
    }

    /// Checks `args` and returns them as the function receives them: the context in place
    /// of a missing first argument, single values wrapped in arrays where arrays are wanted.
    pub(crate) fn validate(
        &self,
        args: Vec<Option<Val>>,
        context: Option<&Val>,
        pos: usize,
    ) -> Result<Vec<Option<Val>>, Box<EvalError>> {
        // The input array that JSONata wraps at the top level is the array itself here.
        let context = match context {
            Some(Val::Arr(a)) if a.outer => a.items.first(),
            other => other,
        };
        let supplied: Vec<char> = args.iter().map(|a| symbol(a.as_ref())).collect();
        let caps = self
            .regex
            .full_match(&supplied)
            .map_err(|_| EvalError::new("T0410", pos))?;
        let Some(caps) = caps else {
            return Err(self.mismatch(&args, &supplied, pos));
        };
        let mut out = Vec::with_capacity(self.params.len());
        let mut index = 0usize;
        for (p, param) in self.params.iter().enumerate() {
            let (s, e) = caps.get(p + 1).copied().flatten().unwrap_or((0, 0));
            if s == e {
                if param.context {
                    if let Some(re) = &param.context_regex {
                        let sym = [symbol(context)];
                        if re.full_match(&sym).ok().flatten().is_some() {
                            out.push(context.cloned());
                        } else {
                            return Err(EvalError::new("T0411", pos)
                                .with_value(context.cloned())
                                .with_index(index + 1));
                        }
                        continue;
                    }
                }
                out.push(args.get(index).cloned().flatten());
                index += 1;
                continue;
            }
            let matched: String = supplied.get(s..e).unwrap_or(&[]).iter().collect();
            for single in matched.chars() {
                let arg = args.get(index).cloned().flatten();
                if param.kind == Some('a') {
                    if single == 'm' {
                        out.push(None);
                    } else {
                        let mut ok = true;
                        if let Some(sub) = &param.subtype {
                            if single != 'a' && matched != *sub {
                                ok = false;
                            } else if let Some(Val::Arr(a)) = &arg {
                                if let Some(first) = a.items.first() {
                                    let t = symbol(Some(first));
                                    if !sub.starts_with(t) {
                                        ok = false;
                                    } else {
                                        ok = a.items.iter().all(|v| symbol(Some(v)) == t);
                                    }
                                }
                            }
                        }
                        if !ok {
                            return Err(EvalError::new("T0412", pos)
                                .with_value(arg)
                                .with_index(index + 1)
                                .with_type(param.subtype.as_deref().unwrap_or("")));
                        }
                        if single == 'a' {
                            out.push(arg);
                        } else {
                            out.push(arg.map(|v| Val::array(vec![v])));
                        }
                    }
                } else {
                    out.push(arg);
                }
                index += 1;
            }
        }
        Ok(out)
    }

    fn mismatch(&self, args: &[Option<Val>], supplied: &[char], pos: usize) -> Box<EvalError> {
        let mut pattern = String::from("^");
        let mut good = 0usize;
        for p in &self.params {
            pattern.push_str(&p.regex);
            let matched = Regex::new(&pattern, "")
                .ok()
                .and_then(|re| re.exec(supplied, 0).ok().flatten())
                .and_then(|c| c.first().copied().flatten());
            match matched {
                None => break,
                Some((_, end)) => good = end,
            }
        }
        EvalError::new("T0410", pos)
            .with_value(args.get(good).cloned().flatten())
            .with_index(good + 1)
    }
}
