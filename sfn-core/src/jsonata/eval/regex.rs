//! A small backtracking matcher for the JavaScript regular expressions JSONata uses (without
//! the `u` flag): literals and escapes, `.`, classes with ranges and `\d \w \s` (and their
//! negations), `^ $` (line anchors with `m`), `\b \B`, capturing and non-capturing groups,
//! lookaheads, alternation, greedy and lazy `* + ? {n} {n,} {n,m}`, backreferences, and the
//! `i` flag. The pattern compiles to instructions run by a loop with an explicit stack, so a
//! match never recurses on the Rust stack (lookaheads aside, bounded by the pattern), and a
//! step budget ends a match that would take too long.

/// Instructions a match may run before it gives up.
const STEP_BUDGET: u64 = 5_000_000;
/// Largest count in `{n,m}` that is expanded.
const MAX_COUNT: u32 = 1000;
/// Largest compiled program.
const MAX_PROGRAM: usize = 100_000;

#[derive(Debug, Clone)]
enum ClassItem {
    Range(char, char),
    Digit(bool),
    Word(bool),
    Space(bool),
}

#[derive(Debug, Clone)]
struct Class {
    items: Vec<ClassItem>,
    negated: bool,
}

#[derive(Debug, Clone)]
enum Inst {
    Char(char),
    Any,
    Class(Class),
    /// Try the first target, then the second.
    Split(usize, usize),
    Jmp(usize),
    Save(usize),
    Bol,
    Eol,
    WordB(bool),
    Backref(usize),
    /// Records the position at the start of a loop iteration in a register.
    Mark(usize),
    /// Fails when the loop iteration that started at the register's mark matched nothing.
    Progress(usize),
    /// A lookahead: sub-program, negated.
    Look(usize, bool),
    Match,
}

/// Why a match was not completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooComplex;

#[derive(Debug)]
pub(crate) struct Regex {
    progs: Vec<Vec<Inst>>,
    groups: usize,
    marks: usize,
    icase: bool,
    multiline: bool,
    /// The pattern as written.
    pub(crate) source: String,
}

/// A match: the span of the whole match and of each group, in chars.
pub(crate) type Captures = Vec<Option<(usize, usize)>>;

#[derive(Debug)]
enum Node {
    Char(char),
    Any,
    Class(Class),
    Bol,
    Eol,
    WordB(bool),
    Backref(usize),
    Group(Box<Node>, Option<usize>),
    Look(Box<Node>, bool),
    Alt(Vec<Node>),
    Concat(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    groups: usize,
}

type PResult<T> = Result<T, String>;

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn alt(&mut self, depth: usize) -> PResult<Node> {
        if depth > 100 {
            return Err("nested too deeply".into());
        }
        let mut branches = vec![self.concat(depth)?];
        while self.eat('|') {
            branches.push(self.concat(depth)?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Alt(branches)
        })
    }

    fn concat(&mut self, depth: usize) -> PResult<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            let atom = self.quantifier(atom)?;
            items.push(atom);
        }
        Ok(Node::Concat(items))
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.pos == start {
            return None;
        }
        let s: String = self.chars.get(start..self.pos)?.iter().collect();
        Some(s.parse::<u32>().unwrap_or(u32::MAX))
    }

    fn quantifier(&mut self, atom: Node) -> PResult<Node> {
        let (min, max) = match self.peek() {
            Some('*') => {
                self.pos += 1;
                (0, None)
            }
            Some('+') => {
                self.pos += 1;
                (1, None)
            }
            Some('?') => {
                self.pos += 1;
                (0, Some(1))
            }
            Some('{') => {
                let save = self.pos;
                self.pos += 1;
                let Some(min) = self.number() else {
                    self.pos = save;
                    return Ok(atom);
                };
                let max = if self.eat(',') {
                    self.number()
                } else {
                    Some(min)
                };
                if !self.eat('}') {
                    self.pos = save;
                    return Ok(atom);
                }
                if max.is_some_and(|m| m < min) {
                    return Err("numbers out of order in {} quantifier".into());
                }
                (min, max)
            }
            _ => return Ok(atom),
        };
        if matches!(atom, Node::Bol | Node::Eol | Node::WordB(_)) {
            return Err("nothing to repeat".into());
        }
        let greedy = !self.eat('?');
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
            greedy,
        })
    }

    fn atom(&mut self, depth: usize) -> PResult<Node> {
        let Some(c) = self.peek() else {
            return Err("unexpected end".into());
        };
        self.pos += 1;
        Ok(match c {
            '.' => Node::Any,
            '^' => Node::Bol,
            '$' => Node::Eol,
            '*' | '+' | '?' => return Err("nothing to repeat".into()),
            '(' => {
                if self.eat('?') {
                    let kind = self.peek();
                    self.pos += 1;
                    let inner = self.alt(depth + 1)?;
                    if !self.eat(')') {
                        return Err("unterminated group".into());
                    }
                    match kind {
                        Some(':') => Node::Group(Box::new(inner), None),
                        Some('=') => Node::Look(Box::new(inner), false),
                        Some('!') => Node::Look(Box::new(inner), true),
                        _ => return Err("invalid group".into()),
                    }
                } else {
                    self.groups += 1;
                    let index = self.groups;
                    let inner = self.alt(depth + 1)?;
                    if !self.eat(')') {
                        return Err("unterminated group".into());
                    }
                    Node::Group(Box::new(inner), Some(index))
                }
            }
            '[' => Node::Class(self.class()?),
            '\\' => self.escape()?,
            c => Node::Char(c),
        })
    }

    fn escape(&mut self) -> PResult<Node> {
        let Some(c) = self.peek() else {
            return Err("\\ at end of pattern".into());
        };
        self.pos += 1;
        Ok(match c {
            'd' => Node::Class(single(ClassItem::Digit(true))),
            'D' => Node::Class(single(ClassItem::Digit(false))),
            'w' => Node::Class(single(ClassItem::Word(true))),
            'W' => Node::Class(single(ClassItem::Word(false))),
            's' => Node::Class(single(ClassItem::Space(true))),
            'S' => Node::Class(single(ClassItem::Space(false))),
            'b' => Node::WordB(true),
            'B' => Node::WordB(false),
            '1'..='9' => {
                self.pos -= 1;
                let n = self.number().unwrap_or(0);
                Node::Backref(n as usize)
            }
            _ => Node::Char(self.escaped_char(c)),
        })
    }

    fn escaped_char(&mut self, c: char) -> char {
        let hex = |p: &mut Self, n: usize| -> Option<char> {
            let s: String = p.chars.get(p.pos..p.pos + n)?.iter().collect();
            let v = u32::from_str_radix(&s, 16).ok()?;
            p.pos += n;
            char::from_u32(v).or(Some('\u{FFFD}'))
        };
        match c {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'f' => '\u{c}',
            'v' => '\u{b}',
            '0' => '\0',
            'x' => hex(self, 2).unwrap_or('x'),
            'u' => hex(self, 4).unwrap_or('u'),
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.pos += 1;
                    char::from_u32((l as u32) % 32).unwrap_or('c')
                }
                _ => '\\',
            },
            other => other,
        }
    }

    fn class(&mut self) -> PResult<Class> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return Err("unterminated character class".into());
            };
            self.pos += 1;
            if c == ']' {
                break;
            }
            let lo = match c {
                '\\' => {
                    let Some(e) = self.peek() else {
                        return Err("\\ at end of pattern".into());
                    };
                    self.pos += 1;
                    match e {
                        'd' => {
                            items.push(ClassItem::Digit(true));
                            continue;
                        }
                        'D' => {
                            items.push(ClassItem::Digit(false));
                            continue;
                        }
                        'w' => {
                            items.push(ClassItem::Word(true));
                            continue;
                        }
                        'W' => {
                            items.push(ClassItem::Word(false));
                            continue;
                        }
                        's' => {
                            items.push(ClassItem::Space(true));
                            continue;
                        }
                        'S' => {
                            items.push(ClassItem::Space(false));
                            continue;
                        }
                        'b' => '\u{8}',
                        other => self.escaped_char(other),
                    }
                }
                c => c,
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']') {
                self.pos += 1;
                let Some(h) = self.peek() else {
                    return Err("unterminated character class".into());
                };
                self.pos += 1;
                let hi = if h == '\\' {
                    let Some(e) = self.peek() else {
                        return Err("\\ at end of pattern".into());
                    };
                    self.pos += 1;
                    self.escaped_char(e)
                } else {
                    h
                };
                if hi < lo {
                    return Err("range out of order in character class".into());
                }
                items.push(ClassItem::Range(lo, hi));
            } else {
                items.push(ClassItem::Range(lo, lo));
            }
        }
        Ok(Class { items, negated })
    }
}

fn single(item: ClassItem) -> Class {
    Class {
        items: vec![item],
        negated: false,
    }
}

struct Compiler {
    progs: Vec<Vec<Inst>>,
    marks: usize,
}

impl Compiler {
    fn emit(&mut self, prog: usize, node: &Node) -> PResult<()> {
        if self.progs.iter().map(Vec::len).sum::<usize>() > MAX_PROGRAM {
            return Err("pattern too large".into());
        }
        match node {
            Node::Char(c) => self.push(prog, Inst::Char(*c)),
            Node::Any => self.push(prog, Inst::Any),
            Node::Class(c) => self.push(prog, Inst::Class(c.clone())),
            Node::Bol => self.push(prog, Inst::Bol),
            Node::Eol => self.push(prog, Inst::Eol),
            Node::WordB(b) => self.push(prog, Inst::WordB(*b)),
            Node::Backref(n) => self.push(prog, Inst::Backref(*n)),
            Node::Group(inner, idx) => {
                if let Some(i) = idx {
                    self.push(prog, Inst::Save(2 * i));
                }
                self.emit(prog, inner)?;
                if let Some(i) = idx {
                    self.push(prog, Inst::Save(2 * i + 1));
                }
            }
            Node::Look(inner, negated) => {
                let sub = self.progs.len();
                self.progs.push(Vec::new());
                self.emit(sub, inner)?;
                self.push(sub, Inst::Match);
                self.push(prog, Inst::Look(sub, *negated));
            }
            Node::Concat(items) => {
                for i in items {
                    self.emit(prog, i)?;
                }
            }
            Node::Alt(branches) => {
                let mut jumps = Vec::new();
                for (i, b) in branches.iter().enumerate() {
                    if i + 1 < branches.len() {
                        let split = self.len(prog);
                        self.push(prog, Inst::Split(split + 1, 0));
                        self.emit(prog, b)?;
                        jumps.push(self.len(prog));
                        self.push(prog, Inst::Jmp(0));
                        let next = self.len(prog);
                        self.set(prog, split, Inst::Split(split + 1, next));
                    } else {
                        self.emit(prog, b)?;
                    }
                }
                let end = self.len(prog);
                for j in jumps {
                    self.set(prog, j, Inst::Jmp(end));
                }
            }
            Node::Repeat {
                node,
                min,
                max,
                greedy,
            } => {
                let min = (*min).min(MAX_COUNT);
                for _ in 0..min {
                    self.emit(prog, node)?;
                }
                match max {
                    None => {
                        let mark = self.marks;
                        self.marks += 1;
                        let split = self.len(prog);
                        self.push(prog, Inst::Split(0, 0));
                        self.push(prog, Inst::Mark(mark));
                        self.emit(prog, node)?;
                        self.push(prog, Inst::Progress(mark));
                        self.push(prog, Inst::Jmp(split));
                        let end = self.len(prog);
                        self.set(prog, split, branch(*greedy, split + 1, end));
                    }
                    Some(max) => {
                        let extra = (*max).min(MAX_COUNT).saturating_sub(min);
                        let mut splits = Vec::new();
                        for _ in 0..extra {
                            splits.push(self.len(prog));
                            self.push(prog, Inst::Split(0, 0));
                            self.emit(prog, node)?;
                        }
                        let end = self.len(prog);
                        for s in splits {
                            self.set(prog, s, branch(*greedy, s + 1, end));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn push(&mut self, prog: usize, inst: Inst) {
        if let Some(p) = self.progs.get_mut(prog) {
            p.push(inst);
        }
    }

    fn len(&self, prog: usize) -> usize {
        self.progs.get(prog).map_or(0, Vec::len)
    }

    fn set(&mut self, prog: usize, at: usize, inst: Inst) {
        if let Some(slot) = self.progs.get_mut(prog).and_then(|p| p.get_mut(at)) {
            *slot = inst;
        }
    }
}

fn branch(greedy: bool, body: usize, end: usize) -> Inst {
    if greedy {
        Inst::Split(body, end)
    } else {
        Inst::Split(end, body)
    }
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

fn is_line_end(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn fold(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

enum Bt {
    Branch(usize, usize),
    Save(usize, Option<usize>),
    Mark(usize, usize),
}

impl Regex {
    /// Compiles `pattern` with `flags` (`i`, `m`; others are ignored).
    pub(crate) fn new(pattern: &str, flags: &str) -> Result<Regex, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut p = Parser {
            chars: &chars,
            pos: 0,
            groups: 0,
        };
        let node = p.alt(0)?;
        if p.pos < chars.len() {
            return Err("unmatched )".into());
        }
        let mut c = Compiler {
            progs: vec![Vec::new()],
            marks: 0,
        };
        c.emit(0, &node)?;
        c.push(0, Inst::Match);
        Ok(Regex {
            progs: c.progs,
            groups: p.groups,
            marks: c.marks,
            icase: flags.contains('i'),
            multiline: flags.contains('m'),
            source: pattern.to_string(),
        })
    }

    /// The first match in `text` that starts at or after `from`.
    pub(crate) fn exec(&self, text: &[char], from: usize) -> Result<Option<Captures>, TooComplex> {
        let mut budget = STEP_BUDGET;
        let mut start = from;
        while start <= text.len() {
            let mut saves = vec![None; 2 * (self.groups + 1)];
            if let Some(end) = self.run(0, text, start, &mut saves, &mut budget)? {
                let mut caps = Vec::with_capacity(self.groups + 1);
                caps.push(Some((start, end)));
                for g in 1..=self.groups {
                    caps.push(match (saves.get(2 * g), saves.get(2 * g + 1)) {
                        (Some(Some(s)), Some(Some(e))) if s <= e => Some((*s, *e)),
                        _ => None,
                    });
                }
                return Ok(Some(caps));
            }
            start += 1;
        }
        Ok(None)
    }

    /// Whether the whole of `text` matches.
    pub(crate) fn full_match(&self, text: &[char]) -> Result<Option<Captures>, TooComplex> {
        match self.exec(text, 0)? {
            Some(c) if c.first().copied().flatten() == Some((0, text.len())) => Ok(Some(c)),
            _ => Ok(None),
        }
    }

    fn class_matches(&self, class: &Class, c: char) -> bool {
        let test = |c: char| {
            class.items.iter().any(|item| match item {
                ClassItem::Range(lo, hi) => *lo <= c && c <= *hi,
                ClassItem::Digit(pos) => c.is_ascii_digit() == *pos,
                ClassItem::Word(pos) => is_word(c) == *pos,
                ClassItem::Space(pos) => is_space(c) == *pos,
            })
        };
        let hit = if self.icase {
            test(c) || test(fold(c)) || c.to_uppercase().any(test)
        } else {
            test(c)
        };
        hit != class.negated
    }

    #[allow(clippy::too_many_lines)]
    fn run(
        &self,
        prog: usize,
        text: &[char],
        start: usize,
        saves: &mut [Option<usize>],
        budget: &mut u64,
    ) -> Result<Option<usize>, TooComplex> {
        let Some(code) = self.progs.get(prog) else {
            return Ok(None);
        };
        let mut marks = vec![usize::MAX; self.marks];
        let mut stack: Vec<Bt> = Vec::new();
        let mut pc = 0usize;
        let mut pos = start;
        loop {
            if *budget == 0 {
                return Err(TooComplex);
            }
            *budget -= 1;
            let ok = match code.get(pc) {
                None => false,
                Some(Inst::Match) => return Ok(Some(pos)),
                Some(Inst::Char(c)) => match text.get(pos) {
                    Some(&t) if t == *c || (self.icase && fold(t) == fold(*c)) => {
                        pos += 1;
                        pc += 1;
                        true
                    }
                    _ => false,
                },
                Some(Inst::Any) => match text.get(pos) {
                    Some(&t) if !is_line_end(t) => {
                        pos += 1;
                        pc += 1;
                        true
                    }
                    _ => false,
                },
                Some(Inst::Class(class)) => match text.get(pos) {
                    Some(&t) if self.class_matches(class, t) => {
                        pos += 1;
                        pc += 1;
                        true
                    }
                    _ => false,
                },
                Some(Inst::Split(a, b)) => {
                    stack.push(Bt::Branch(*b, pos));
                    pc = *a;
                    true
                }
                Some(Inst::Jmp(t)) => {
                    pc = *t;
                    true
                }
                Some(Inst::Save(slot)) => {
                    if let Some(s) = saves.get_mut(*slot) {
                        stack.push(Bt::Save(*slot, *s));
                        *s = Some(pos);
                    }
                    pc += 1;
                    true
                }
                Some(Inst::Bol) => {
                    let ok = pos == 0
                        || (self.multiline && text.get(pos - 1).is_some_and(|&c| is_line_end(c)));
                    pc += 1;
                    ok
                }
                Some(Inst::Eol) => {
                    let ok = pos == text.len()
                        || (self.multiline && text.get(pos).is_some_and(|&c| is_line_end(c)));
                    pc += 1;
                    ok
                }
                Some(Inst::WordB(want)) => {
                    let before = pos > 0 && text.get(pos - 1).is_some_and(|&c| is_word(c));
                    let after = text.get(pos).is_some_and(|&c| is_word(c));
                    pc += 1;
                    (before != after) == *want
                }
                Some(Inst::Backref(n)) => {
                    let span = match (saves.get(2 * n), saves.get(2 * n + 1)) {
                        (Some(Some(s)), Some(Some(e))) if s <= e => Some((*s, *e)),
                        _ => None,
                    };
                    match span {
                        None => {
                            pc += 1;
                            true
                        }
                        Some((s, e)) => {
                            let len = e - s;
                            let same = match (text.get(s..e), text.get(pos..pos + len)) {
                                (Some(a), Some(b)) => a
                                    .iter()
                                    .zip(b)
                                    .all(|(x, y)| x == y || (self.icase && fold(*x) == fold(*y))),
                                _ => false,
                            };
                            if same {
                                pos += len;
                                pc += 1;
                            }
                            same
                        }
                    }
                }
                Some(Inst::Mark(r)) => {
                    if let Some(m) = marks.get_mut(*r) {
                        stack.push(Bt::Mark(*r, *m));
                        *m = pos;
                    }
                    pc += 1;
                    true
                }
                Some(Inst::Progress(r)) => {
                    pc += 1;
                    marks.get(*r).is_none_or(|&m| m != pos)
                }
                Some(Inst::Look(sub, negated)) => {
                    let mut inner = saves.to_vec();
                    let found = self.run(*sub, text, pos, &mut inner, budget)?.is_some();
                    if found && !negated {
                        for (i, v) in inner.into_iter().enumerate() {
                            if let Some(s) = saves.get_mut(i) {
                                if *s != v {
                                    stack.push(Bt::Save(i, *s));
                                    *s = v;
                                }
                            }
                        }
                    }
                    pc += 1;
                    found != *negated
                }
            };
            if ok {
                continue;
            }
            // Backtrack.
            loop {
                match stack.pop() {
                    None => return Ok(None),
                    Some(Bt::Branch(p, at)) => {
                        pc = p;
                        pos = at;
                        break;
                    }
                    Some(Bt::Save(slot, old)) => {
                        if let Some(s) = saves.get_mut(slot) {
                            *s = old;
                        }
                    }
                    Some(Bt::Mark(r, old)) => {
                        if let Some(m) = marks.get_mut(r) {
                            *m = old;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(p: &str, f: &str, t: &str) -> Option<(usize, usize)> {
        let chars: Vec<char> = t.chars().collect();
        Regex::new(p, f)
            .unwrap()
            .exec(&chars, 0)
            .unwrap()
            .and_then(|c| c[0])
    }

    #[test]
    fn matches_like_javascript() {
        assert_eq!(find("a.*a", "", "xabaay"), Some((1, 5)));
        assert_eq!(find("a.*?a", "", "xabaay"), Some((1, 4)));
        assert_eq!(find("^(.*?)d(.*)$", "", "abcdef"), Some((0, 6)));
        assert_eq!(find("HAT", "i", "the hat"), Some((4, 7)));
        assert_eq!(find("(a*)*b", "", "aaab"), Some((0, 4)));
        assert_eq!(find("\\bfoo\\b", "", "a foo b"), Some((2, 5)));
        assert_eq!(find("^b", "m", "a\nb"), Some((2, 3)));
        assert_eq!(find("x{2,3}", "", "xxxx"), Some((0, 3)));
        assert_eq!(find("(a)\\1", "", "baab"), Some((1, 3)));
        assert_eq!(find("a(?=b)", "", "acab"), Some((2, 3)));
        assert_eq!(find("[^a-c]+", "", "abcxyz"), Some((3, 6)));
        assert!(Regex::new("(a", "").is_err());
        // Catastrophic backtracking ends.
        let chars: Vec<char> = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!".chars().collect();
        assert!(Regex::new("(a*)*b", "").unwrap().exec(&chars, 0).is_err());
    }
}
